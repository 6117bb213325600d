import { z } from "zod";
import { defineRule } from "../../src/rule-kit/define-rule.js";

/**
 * Moving a call to a dearer model multiplies its bill at the same traffic. The finding prices the call
 * as the pull request leaves it against the same call on the model it had before (same profile route),
 * so other changes to the call (caps, caching, profile, traffic) do not blur the comparison.
 */
export const modelUpgrade = defineRule({
  meta: {
    id: "model-upgrade",
    title: "Call moved to a more expensive model",
    description: "A pull request changes an existing call's model to one that costs more per call under the same usage.",
    defaultLevel: "warning",
    options: z.strictObject({}),
    messages: {
      message: "{{multiple}}× the cost per call: {{from}} → {{to}} ({{delta:usd}} more).",
      why: "At this call's traffic it costs {{after:usd}} on {{to}} against {{before:usd}} on {{from}} through the same profile (`{{sameRouteId}}`): every token is billed at the dearer model's rates.",
      fix: "Keep {{from}} (`{{sameRouteId}}`) unless the task needs {{to}}; if it does, say so in the pull request (or suppress with a reason), and check the cheaper model against an eval first.",
    },
  },
  create(context) {
    for (const priced of context.sites) {
      const { site, model, estimate, base } = priced;
      if (priced.change !== "modified" || !base || !model || !base.model || !estimate.priced) continue;
      const fromId = base.site.model.id;
      // Same catalog model through another profile is the regional rule's business, not an upgrade.
      if (fromId === null || base.model.id === model.id) continue;
      // The head call as written, on the model it had before through the same route (profile prefix):
      // only the model differs, and a profile change stays the regional rule's saving, not counted twice.
      const sameRouteId = priced.geo ? `${priced.geo}.${base.model.id}` : base.model.id;
      const before = context.reprice(priced, { modelId: sameRouteId });
      if (!before.priced || before.monthlyCost <= 0 || estimate.monthlyCost <= before.monthlyCost) continue;
      const ratio = estimate.monthlyCost / before.monthlyCost;
      context.report({
        at: site,
        monthlySavings: estimate.monthlyCost - before.monthlyCost,
        data: {
          multiple: ratio.toFixed(ratio < 1.1 ? 2 : 1),
          from: base.model.name,
          to: model.name,
          sameRouteId,
          before: before.monthlyCost,
          after: estimate.monthlyCost,
          delta: estimate.monthlyCost - before.monthlyCost,
        },
      });
    }
  },
});
