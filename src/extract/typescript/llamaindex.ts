import type { MaxTokens, ResolvedModel } from "../../model/call-site.js";
import { isEmbeddingModel, maxTokensFrom, modelFrom, noCachePoints, serviceTierFrom } from "./fields.js";
import { lastInvocation, stepWords, type Recogniser } from "./recognised.js";
import { getProperty, type Value } from "./value.js";

/** LlamaIndex.TS's Bedrock LLM: in @llamaindex/community, later @llamaindex/aws. */
const MODULES = ["@llamaindex/community", "@llamaindex/aws"];
/** Bedrock's maxTokens default (DEFAULT_BEDROCK_PARAMS in packages/community/src/llm/bedrock/index.ts). */
const DEFAULT_MAX_TOKENS: MaxTokens = { kind: "static", value: 1024, source: "sdk-default" };
const NOTE = "LlamaIndex model object: invoked where it is used; usage counted at its construction";

/**
 * The library's model constants, `BEDROCK_MODELS.X` and `INFERENCE_BEDROCK_MODELS.X`, as that file
 * defines them: they are how its users name models.
 */
const MODEL_CONSTANTS: Record<string, string> = {
  AMAZON_TITAN_TG1_LARGE: "amazon.titan-tg1-large",
  AMAZON_TITAN_TEXT_EXPRESS_V1: "amazon.titan-text-express-v1",
  COHERE_COMMAND_TEXT_V14: "cohere.command-text-v14",
  ANTHROPIC_CLAUDE_INSTANT_1: "anthropic.claude-instant-v1",
  ANTHROPIC_CLAUDE_2: "anthropic.claude-v2",
  ANTHROPIC_CLAUDE_2_1: "anthropic.claude-v2:1",
  ANTHROPIC_CLAUDE_3_SONNET: "anthropic.claude-3-sonnet-20240229-v1:0",
  ANTHROPIC_CLAUDE_3_HAIKU: "anthropic.claude-3-haiku-20240307-v1:0",
  ANTHROPIC_CLAUDE_3_OPUS: "anthropic.claude-3-opus-20240229-v1:0",
  ANTHROPIC_CLAUDE_3_5_SONNET: "anthropic.claude-3-5-sonnet-20240620-v1:0",
  ANTHROPIC_CLAUDE_3_5_SONNET_V2: "anthropic.claude-3-5-sonnet-20241022-v2:0",
  ANTHROPIC_CLAUDE_3_5_HAIKU: "anthropic.claude-3-5-haiku-20241022-v1:0",
  META_LLAMA3_8B_INSTRUCT: "meta.llama3-8b-instruct-v1:0",
  META_LLAMA3_70B_INSTRUCT: "meta.llama3-70b-instruct-v1:0",
  META_LLAMA3_1_8B_INSTRUCT: "meta.llama3-1-8b-instruct-v1:0",
  META_LLAMA3_1_70B_INSTRUCT: "meta.llama3-1-70b-instruct-v1:0",
  META_LLAMA3_1_405B_INSTRUCT: "meta.llama3-1-405b-instruct-v1:0",
  META_LLAMA3_2_1B_INSTRUCT: "meta.llama3-2-1b-instruct-v1:0",
  META_LLAMA3_2_3B_INSTRUCT: "meta.llama3-2-3b-instruct-v1:0",
  META_LLAMA3_2_11B_INSTRUCT: "meta.llama3-2-11b-instruct-v1:0",
  META_LLAMA3_2_90B_INSTRUCT: "meta.llama3-2-90b-instruct-v1:0",
  MISTRAL_7B_INSTRUCT: "mistral.mistral-7b-instruct-v0:2",
  MISTRAL_MIXTRAL_7B_INSTRUCT: "mistral.mixtral-8x7b-instruct-v0:1",
  MISTRAL_MIXTRAL_LARGE_2402: "mistral.mistral-large-2402-v1:0",
  US_ANTHROPIC_CLAUDE_3_HAIKU: "us.anthropic.claude-3-haiku-20240307-v1:0",
  US_ANTHROPIC_CLAUDE_3_OPUS: "us.anthropic.claude-3-opus-20240229-v1:0",
  US_ANTHROPIC_CLAUDE_3_SONNET: "us.anthropic.claude-3-sonnet-20240229-v1:0",
  US_ANTHROPIC_CLAUDE_3_5_SONNET: "us.anthropic.claude-3-5-sonnet-20240620-v1:0",
  US_ANTHROPIC_CLAUDE_3_5_SONNET_V2: "us.anthropic.claude-3-5-sonnet-20241022-v2:0",
  EU_ANTHROPIC_CLAUDE_3_HAIKU: "eu.anthropic.claude-3-haiku-20240307-v1:0",
  EU_ANTHROPIC_CLAUDE_3_SONNET: "eu.anthropic.claude-3-sonnet-20240229-v1:0",
  EU_ANTHROPIC_CLAUDE_3_5_SONNET: "eu.anthropic.claude-3-5-sonnet-20240620-v1:0",
};
const CONSTANT = /^(?:BEDROCK_MODELS|INFERENCE_BEDROCK_MODELS) (\w+)$/;

/** `new Bedrock({ model, maxTokens })`: InvokeModel requests, sent where the object is used. */
export const recogniseLlamaIndex: Recogniser = {
  triggers: ["Bedrock"],
  objectModules: MODULES,
  recognise(value, evaluator) {
    if (!MODULES.includes(value.module) || stepWords(value.steps).join(" ") !== "Bedrock new") return undefined;
    const invocation = lastInvocation(value, evaluator);
    if (!invocation) return undefined;
    const fields = invocation.input;
    const model = modelOf(getProperty(fields, "model"));
    const written = getProperty(fields, "maxTokens");
    return {
      node: invocation.node,
      sdk: "llamaindex",
      api: "invoke_model",
      model,
      maxTokens: written === undefined || written.kind === "nullish" ? DEFAULT_MAX_TOKENS : maxTokensFrom(written),
      cachePoints: noCachePoints(),
      systemPrompt: null,
      serviceTier: serviceTierFrom(undefined),
      embedding: isEmbeddingModel(model),
      notes: [NOTE],
    };
  },
};

function modelOf(value: Value | undefined): ResolvedModel {
  if (value?.kind === "sdk" && MODULES.includes(value.module)) {
    const name = CONSTANT.exec(stepWords(value.steps).join(" "))?.[1];
    const id = name === undefined ? undefined : MODEL_CONSTANTS[name];
    if (id) return { id, source: "constant", origin: `${stepWords(value.steps).join(".")} of ${value.module}` };
  }
  return modelFrom(value, "model");
}
