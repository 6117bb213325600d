import { z } from "zod";
import { defineRule } from "../../src/rule-kit/define-rule.js";
import type { Api } from "../../src/model/call-site.js";

/**
 * A static system prompt above the model's cache minimum is re-billed at the full input rate on every
 * call; a cache point makes repeats cost 0.1× (plus a one-off write premium).
 */
export const missingCachePoint = defineRule({
  meta: {
    id: "missing-cache-point",
    title: "Static prompt prefix without a cache point",
    description: "A static system prompt at or above the model's prompt-cache minimum is sent without a cache point.",
    defaultLevel: "warning",
    options: z.strictObject({}),
    messages: {
      message: "System prompt of ~{{tokens:int}} tokens is sent uncached on every call.",
      why: "Caching it would bill repeats at the cache-read rate: {{before:usd}} → {{after:usd}} with {{hitRate}} of calls hitting the cache (minimum for {{model}}: {{min:int}} tokens).",
      fix: "{{fix}}",
    },
  },
  create(context) {
    for (const priced of context.sites) {
      const { site, model, systemPromptTokens, estimate } = priced;
      // Agents build their own orchestration prompts: the code cannot place cache points in them.
      // RetrieveAndGenerate and flow nodes build their own prompts: there is no place for a cache point.
      if (site.cachePoints.count > 0 || site.api === "batch_job" || site.api === "agent" || site.api === "retrieve_and_generate" || site.api === "flow_prompt" || site.embedding) continue;
      if (!model || model.cacheMinTokens === null || systemPromptTokens === null) continue;
      if (systemPromptTokens < model.cacheMinTokens || !estimate.priced) continue;
      const cached = context.reprice(priced, { cachePoints: { count: 1, locations: ["system"], ttl: "5m" } });
      if (!cached.priced || cached.monthlyCost >= estimate.monthlyCost) continue;
      context.report({
        at: priced.site,
        monthlySavings: estimate.monthlyCost - cached.monthlyCost,
        data: {
          tokens: systemPromptTokens,
          before: estimate.monthlyCost,
          after: cached.monthlyCost,
          hitRate: `${Math.round(priced.usage.cacheHitRate.value * 100)}%`,
          model: model.name,
          min: model.cacheMinTokens,
          fix: cacheFix(site.api),
        },
      });
    }
  },
});

function cacheFix(api: Api): string {
  switch (api) {
    case "converse":
    case "converse_stream":
      return "Add `{ cachePoint: { type: \"default\" } }` after the system text block.";
    case "anthropic_messages":
    case "invoke_model":
    case "invoke_model_stream":
      return "Send the system prompt as a block with `cache_control: { type: \"ephemeral\" }` (Anthropic models) or add a `cachePoint` after it (Nova).";
    case "ai_sdk":
      return "Move the prompt into a system message with `providerOptions: { bedrock: { cachePoint: { type: \"default\" } } }`.";
    default:
      return "Add a cache point right after the static system prompt.";
  }
}
