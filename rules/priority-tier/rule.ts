import { z } from "zod";
import { defineRule } from "../../src/rule-kit/define-rule.js";
import type { CallSite } from "../../src/model/call-site.js";

/**
 * The priority tier bills every token (input, output, cache reads and writes) at a premium over
 * standard. AWS publishes no multiplier; the catalog's ×1.75 is flagged unconfirmed.
 */
export const priorityTier = defineRule({
  meta: {
    id: "priority-tier",
    title: "Call on the priority service tier",
    description: "A model call requests the priority service tier, which bills every token at a premium over the standard tier.",
    defaultLevel: "notice",
    options: z.strictObject({}),
    messages: {
      message: "This {{model}} call uses the priority service tier: +{{premium}}% on every token.",
      why: "Priority bills input, output and cache tokens at ×{{multiplier}} the standard rate (the catalog's multiplier; AWS does not publish it, so it is unconfirmed): {{before:usd}} now, {{after:usd}} on the standard tier.",
      fix: "Use the standard tier (drop `{{field}}`) unless this call is latency-critical; consider flex for work that can wait.",
    },
  },
  create(context) {
    for (const priced of context.sites) {
      const { site, model, estimate } = priced;
      // Only a tier written in the code: a dynamic one is priced at priority as an upper bound, not known to be it.
      // Batch jobs bill at batch prices whatever the tier.
      if (site.serviceTier.tier !== "priority" || site.api === "batch_job" || !model || !estimate.priced) continue;
      const standard = context.reprice(priced, { serviceTier: "standard" });
      if (!standard.priced || standard.monthlyCost <= 0 || standard.monthlyCost >= estimate.monthlyCost) continue;
      const multiplier = estimate.monthlyCost / standard.monthlyCost;
      context.report({
        at: site,
        monthlySavings: estimate.monthlyCost - standard.monthlyCost,
        data: {
          model: model.name,
          premium: Math.round((multiplier - 1) * 100),
          multiplier: Number(multiplier.toFixed(2)),
          before: estimate.monthlyCost,
          after: standard.monthlyCost,
          field: tierField(site),
        },
      });
    }
  },
});

/** Where the tier is set, as the call's SDK spells it. */
function tierField(site: CallSite): string {
  if (site.sdk === "strands" || (site.sdk === "langchain" && site.language === "python")) return 'service_tier="priority"';
  if (site.api === "ai_sdk") return 'providerOptions.bedrock.serviceTier: "priority"';
  const converse = site.api === "converse" || site.api === "converse_stream";
  if (site.language === "python") return converse ? 'serviceTier={"type": "priority"}' : 'serviceTier="priority"';
  return converse && site.sdk !== "langchain" ? 'serviceTier: { type: "priority" }' : 'serviceTier: "priority"';
}
