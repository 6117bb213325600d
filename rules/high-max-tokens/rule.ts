import { z } from "zod";
import { defineRule } from "../../src/rule-kit/define-rule.js";

const options = z.strictObject({
  max: z.number().int().positive().default(8192).describe("The highest static max-token cap allowed without a finding."),
});

/**
 * A cap is only a bound if it is near the answers the call needs: a cap of 64,000 on a call that answers
 * in 400 tokens lets one runaway answer be billed at up to 64,000 tokens, on every call. Priced here as
 * that worst case (bounded by the model's own output limit).
 */
export const highMaxTokens = defineRule<z.output<typeof options>>({
  meta: {
    id: "high-max-tokens",
    title: "Output-token cap above the configured ceiling",
    description: "A model call sets a static max-token cap above the repository's ceiling (8,192 by default), so a runaway answer can be that long.",
    defaultLevel: "warning",
    options,
    messages: {
      message: "Max-token cap of {{cap:int}} on this {{model}} call is above the {{max:int}}-token ceiling.",
      why: "Worst case {{worst:usd}} if every call ran to {{worstTokens:int}} output tokens, against {{expected:usd}} at the assumed {{assumed:int}}.",
      fix: "Lower the cap to the longest answer you need (e.g. {{suggested:int}}), or raise `rules.high-max-tokens.max` in .github/bedrock-cost.yml if answers this long are expected.",
    },
  },
  create(context) {
    const ceiling = context.options.max;
    for (const priced of context.sites) {
      const { site, model, estimate } = priced;
      // Embeddings produce no output; batch and agent caps are not set at the call.
      if (site.maxTokens.kind !== "static" || site.api === "batch_job" || site.api === "agent" || site.embedding) continue;
      const cap = site.maxTokens.value;
      if (cap <= ceiling || !model || !estimate.priced) continue;
      // The model stops at its own limit whatever the cap says.
      const worstTokens = model.maxOutputTokens === null ? cap : Math.min(cap, model.maxOutputTokens);
      const worst = context.reprice(priced, { outputTokens: worstTokens });
      if (!worst.priced) continue;
      const assumed = priced.usage.outputTokens.value;
      context.report({
        at: site,
        monthlySavings: null,
        data: {
          cap,
          max: ceiling,
          model: model.name,
          worstTokens,
          worst: worst.monthlyCost,
          expected: estimate.monthlyCost,
          assumed,
          suggested: Math.min(ceiling, suggestedCap(assumed)),
        },
      });
    }
  },
});

/** Twice the assumed answer, rounded up to a power of two: generous headroom, still a cap. */
function suggestedCap(assumedOutput: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(256, assumedOutput * 2)));
}
