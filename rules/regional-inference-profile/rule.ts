import { z } from "zod";
import { defineRule } from "../../src/rule-kit/define-rule.js";

/**
 * From Claude Sonnet 4.5 on, geographic profiles (us., eu., jp., au., apac.) and bare in-region ids
 * cost 1.1× the global profile on every token kind.
 */
export const regionalInferenceProfile = defineRule({
  meta: {
    id: "regional-inference-profile",
    title: "Regional profile where a global one is 10% cheaper",
    description: "A geographic inference profile or in-region model id is used for a model whose global profile costs 10% less.",
    defaultLevel: "warning",
    options: z.strictObject({}),
    messages: {
      message: "`{{id}}` pays the 10% regional premium; `{{global}}` does not.",
      why: "{{model}} costs 1.1× through {{kind}}: {{before:usd}} now, {{after:usd}} through the global profile.",
      fix: "Use `{{global}}` unless data must stay in one geography (global routes to any commercial Region).",
    },
  },
  create(context) {
    for (const priced of context.sites) {
      const { site, model, estimate } = priced;
      if (!model?.regionalPremium || !site.model.id || !estimate.priced) continue;
      if (priced.profile !== "geo" && priced.profile !== "none") continue;
      // GovCloud has no global profile: us-gov. (or an aws-us-gov ARN) is the only way in.
      if (priced.geo === "us-gov" || site.model.id.startsWith("arn:aws-us-gov:")) continue;
      const globalId = `global.${model.id}`;
      const global = context.reprice(priced, { modelId: globalId });
      if (!global.priced || global.monthlyCost >= estimate.monthlyCost) continue;
      const written = site.model.id;
      context.report({
        at: priced.site,
        monthlySavings: estimate.monthlyCost - global.monthlyCost,
        data: {
          id: written,
          global: globalId,
          model: model.name,
          kind: priced.profile === "geo" ? `the ${priced.geo}. geographic profile` : "the in-region model id",
          before: estimate.monthlyCost,
          after: global.monthlyCost,
        },
        // Only a literal written at the call can be replaced mechanically.
        ...(site.model.source === "literal" && !written.startsWith("arn:")
          ? { suggestion: { line: site.location.line, find: written, replace: globalId } }
          : {}),
      });
    }
  },
});
