import { MODEL_CALL_CHECKS, guardrailFrom } from "../guardrail.js";
import { bodyReader } from "./invoke-body.js";
import { withGuardrail, withThinking } from "../optional-facts.js";
import { isEmbeddingModel, maxTokensFrom, modelFrom, noCachePoints, serviceTierFrom, thinkingFrom } from "./fields.js";
import type { ResolvedModel } from "../../model/call-site.js";
import type { Evaluator } from "./evaluate.js";
import { lastInvocation, stepWords, type Recognised, type Recogniser } from "./recognised.js";
import { getProperty, type SdkValue, type Value } from "./value.js";

const LANGCHAIN_AWS = "@langchain/aws";
/**
 * The older classes, which send native InvokeModel bodies: `BedrockChat`, `Bedrock` (an LLM) and
 * `BedrockEmbeddings` from @langchain/community (and `/web` builds), or from langchain itself before the split.
 */
const COMMUNITY = /^(?:@langchain\/community|langchain)\/(chat_models|llms|embeddings)\/bedrock(?:\/web)?$/;
const COMMUNITY_CLASSES: Record<string, string> = { chat_models: "BedrockChat", llms: "Bedrock", embeddings: "BedrockEmbeddings" };
/** ChatBedrockConverse's documented default model. */
const DEFAULT_CHAT_MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

export const LANGCHAIN_NOTE = "LangChain model object: invoked where it is used; usage counted at its construction";

/** `new ChatBedrockConverse({...})` and `new BedrockEmbeddings({...})`: the construction is the site. */
export const recogniseLangChain: Recogniser = {
  triggers: ["ChatBedrockConverse", "BedrockEmbeddings", "BedrockChat", "Bedrock"],
  objectModules: [LANGCHAIN_AWS, ...Object.keys(COMMUNITY_CLASSES).flatMap((kind) => [`@langchain/community/${kind}/bedrock`, `@langchain/community/${kind}/bedrock/web`, `langchain/${kind}/bedrock`])],
  recognise(value, evaluator) {
    const words = stepWords(value.steps).join(" ");
    const community = COMMUNITY.exec(value.module)?.[1];
    if (community) return communityModel(value, evaluator, community, words);
    if (value.module !== LANGCHAIN_AWS) return undefined;
    const embedding = words === "BedrockEmbeddings new";
    if (words !== "ChatBedrockConverse new" && !embedding) return undefined;
    const invocation = lastInvocation(value, evaluator);
    if (!invocation) return undefined;
    const fields = invocation.input;
    const written = getProperty(fields, "model");
    const model =
      !embedding && (written === undefined || written.kind === "nullish")
        ? { id: DEFAULT_CHAT_MODEL, source: "sdk-default" as const }
        : modelFrom(written, "model");
    return {
      ...modelObject(invocation.node, fields, model, embedding || isEmbeddingModel(model)),
      serviceTier: serviceTierFrom(tierName(getProperty(fields, "serviceTier"))),
      ...withThinking(embedding ? undefined : thinkingFrom(getProperty(fields, "additionalModelRequestFields"))),
      ...withGuardrail(embedding ? undefined : guardrailFrom(bodyReader(fields)("guardrailConfig", "guardrailIdentifier"), MODEL_CALL_CHECKS)),
    };
  },
};

/** A LangChain model object's site: its model, its `maxTokens`, no cache points (LangChain adds none by itself). */
function modelObject(node: Recognised["node"], fields: Value | undefined, model: ResolvedModel, embedding: boolean): Recognised {
  return {
    node,
    sdk: "langchain",
    api: "langchain",
    model,
    maxTokens: embedding ? { kind: "absent" } : maxTokensFrom(getProperty(fields, "maxTokens")),
    cachePoints: noCachePoints(),
    systemPrompt: null,
    serviceTier: serviceTierFrom(undefined),
    embedding,
    notes: [LANGCHAIN_NOTE],
  };
}

/** langchain-community's BedrockChat and Bedrock `model` default, and BedrockEmbeddings' (libs/langchain-community src/chat_models/bedrock, src/embeddings/bedrock.ts). */
const COMMUNITY_DEFAULTS: Record<string, string> = { BedrockChat: "amazon.titan-tg1-large", Bedrock: "amazon.titan-tg1-large", BedrockEmbeddings: "amazon.titan-embed-text-v1" };

function communityModel(value: SdkValue, evaluator: Evaluator, kind: string, words: string): Recognised | undefined {
  const name = COMMUNITY_CLASSES[kind]!;
  if (words !== `${name} new`) return undefined;
  const invocation = lastInvocation(value, evaluator);
  if (!invocation) return undefined;
  const fields = invocation.input;
  const written = getProperty(fields, "model");
  const model = written === undefined || written.kind === "nullish" ? { id: COMMUNITY_DEFAULTS[name]!, source: "sdk-default" as const } : modelFrom(written, "model");
  return modelObject(invocation.node, fields, model, name === "BedrockEmbeddings" || isEmbeddingModel(model));
}

/** Accepts the tier as a name or as Converse's `{ type }`. */
function tierName(tier: Value | undefined): Value | undefined {
  return tier?.kind === "object" ? getProperty(tier, "type") : tier;
}
