import { z } from "zod";
import { defineRule } from "../../src/rule-kit/define-rule.js";

/**
 * A call with no output cap can be billed up to the model's maximum output on every call
 * (Converse: "when omitted, the model's maximum allowed value"). Priced here as that worst case.
 */
export const uncappedMaxTokens = defineRule({
  meta: {
    id: "uncapped-max-tokens",
    title: "Call without an output-token cap",
    description: "A model call sets no max-token limit, so one runaway answer can be as long as the model allows.",
    defaultLevel: "warning",
    options: z.strictObject({}),
    messages: {
      message: "No max-token cap on this {{model}} call: up to {{max:int}} output tokens per call.",
      why: "Worst case {{worst:usd}} if every call ran to the model's {{max:int}}-token limit, against {{expected:usd}} at the assumed {{assumed:int}} output tokens.",
      fix: "Set {{field}} to the longest answer you need (e.g. {{suggested:int}}).",
    },
  },
  create(context) {
    for (const priced of context.sites) {
      const { site, model, estimate } = priced;
      // Batch records carry their own caps; embeddings produce no output; an agent's orchestration sets its own.
      if (site.maxTokens.kind !== "absent" || site.api === "batch_job" || site.api === "agent" || site.embedding) continue;
      if (!model?.maxOutputTokens || !estimate.priced) continue;
      const worst = context.reprice(priced, { outputTokens: model.maxOutputTokens });
      if (!worst.priced) continue;
      context.report({
        at: priced.site,
        monthlySavings: null,
        data: {
          model: model.name,
          max: model.maxOutputTokens,
          worst: worst.monthlyCost,
          expected: estimate.monthlyCost,
          assumed: priced.usage.outputTokens.value,
          field: capField(site),
          suggested: suggestedCap(priced.usage.outputTokens.value),
        },
      });
    }
  },
});

function capField(site: { api: string; sdk: string; language: string }): string {
  // LiteLLM (and the frameworks that hand it their settings) takes OpenAI's name whatever the route.
  if (site.sdk === "litellm" || site.sdk === "dspy" || site.sdk === "crewai") return site.language === "yaml" ? "litellm_params.max_tokens" : "max_tokens";
  switch (site.api) {
    case "converse":
    case "converse_stream":
      return "inferenceConfig.maxTokens";
    case "ai_sdk":
      return "maxOutputTokens";
    case "langchain":
      return "maxTokens";
    case "retrieve_and_generate":
      return "generationConfiguration.inferenceConfig.textInferenceConfig.maxTokens";
    case "flow_prompt":
      return "the node's InferenceConfiguration.Text.MaxTokens";
    default:
      return "the body's max-token field (e.g. max_tokens)";
  }
}

/** Twice the assumed answer, rounded up to a power of two: generous headroom, still a cap. */
function suggestedCap(assumedOutput: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(256, assumedOutput * 2)));
}
