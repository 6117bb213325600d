import { isEmbeddingModel, maxTokensFrom, modelFrom, noCachePoints, serviceTierFrom } from "./fields.js";
import { lastInvocation, stepWords, type Recogniser } from "./recognised.js";
import { getProperty, type Value } from "./value.js";

const LANGCHAIN_AWS = "@langchain/aws";
/** ChatBedrockConverse's documented default model. */
const DEFAULT_CHAT_MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

export const LANGCHAIN_NOTE = "LangChain model object: invoked where it is used; usage counted at its construction";

/** `new ChatBedrockConverse({...})` and `new BedrockEmbeddings({...})`: the construction is the site. */
export const recogniseLangChain: Recogniser = {
  triggers: ["ChatBedrockConverse", "BedrockEmbeddings"],
  objectModules: [LANGCHAIN_AWS],
  recognise(value, evaluator) {
    if (value.module !== LANGCHAIN_AWS) return undefined;
    const words = stepWords(value.steps).join(" ");
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
      node: invocation.node,
      sdk: "langchain",
      api: "langchain",
      model,
      maxTokens: embedding ? { kind: "absent" } : maxTokensFrom(getProperty(fields, "maxTokens")),
      cachePoints: noCachePoints(),
      systemPrompt: null,
      serviceTier: serviceTierFrom(tierName(getProperty(fields, "serviceTier"))),
      embedding: embedding || isEmbeddingModel(model),
      notes: [LANGCHAIN_NOTE],
    };
  },
};

/** Accepts the tier as a name or as Converse's `{ type }`. */
function tierName(tier: Value | undefined): Value | undefined {
  return tier?.kind === "object" ? getProperty(tier, "type") : tier;
}
