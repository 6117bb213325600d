import { withThinking } from "../optional-facts.js";
import type { ResolvedModel } from "../../model/call-site.js";
import { addRoleMessages, addText, cachePointsIn, emptyPrompt, maxTokensFrom, modelFrom, serviceTierFrom, systemPromptFrom, thinkingFrom, type CacheSection } from "./fields.js";
import { lastInvocation, stepWords, type Recogniser } from "./recognised.js";
import { getPath, getProperty, itemsOf, type SdkValue, type Value } from "./value.js";
import type { Evaluator } from "./evaluate.js";

const AI = "ai";
const PROVIDER = "@ai-sdk/amazon-bedrock";
/** Claude through Bedrock's Anthropic Messages route: `bedrockAnthropic(id)`, `createBedrockAnthropic({...})(id)`. */
const ANTHROPIC_PROVIDER = "@ai-sdk/amazon-bedrock/anthropic";
const GENERATE = new Set(["generateText", "streamText", "generateObject", "streamObject"]);
const EMBED = new Set(["embed", "embedMany"]);
/** `bedrock(id)`, `bedrock.languageModel(id)`, `createAmazonBedrock({...})(id)`, `….embedding(id)`, `bedrockAnthropic(id)`, … */
const MODEL_CALL = /^(?:bedrock|createAmazonBedrock \(\)|bedrockAnthropic|createBedrockAnthropic \(\))(?: (languageModel|embedding|textEmbeddingModel|textEmbedding))? \(\)$/;
const EMBEDDING_METHODS = new Set(["embedding", "textEmbeddingModel", "textEmbedding"]);

/** `generateText({ model: bedrock("…"), … })` and friends; only a model from the Bedrock provider makes it a site. */
export const recogniseAiSdk: Recogniser = {
  triggers: [...GENERATE, ...EMBED],
  objectModules: [PROVIDER, ANTHROPIC_PROVIDER],
  recognise(value, evaluator) {
    if (value.module !== AI) return undefined;
    const words = stepWords(value.steps);
    const fn = words[0]!;
    if (words.length !== 2 || words[1] !== "()" || (!GENERATE.has(fn) && !EMBED.has(fn))) return undefined;
    const invocation = lastInvocation(value, evaluator);
    const options = invocation?.input;
    const provider = getProperty(options, "model");
    if (!invocation || provider?.kind !== "sdk") return undefined;
    const bedrockModel = bedrockModelOf(provider, evaluator);
    if (!bedrockModel) return undefined;
    const embedding = EMBED.has(fn) || bedrockModel.embedding;
    const messages = getProperty(options, "messages");
    const prompt = emptyPrompt();
    addText(prompt, getProperty(options, "system"));
    addRoleMessages(prompt, messages, ["system"]);
    const output = getProperty(options, "maxOutputTokens") ?? getProperty(options, "maxTokens"); // AI SDK 5 / 4
    return {
      node: invocation.node,
      sdk: "ai-sdk",
      api: "ai_sdk",
      model: bedrockModel.model,
      maxTokens: embedding ? { kind: "absent" } : maxTokensFrom(output),
      cachePoints: cachePointsIn(messageCacheSections(messages)),
      systemPrompt: systemPromptFrom(prompt),
      serviceTier: serviceTierFrom(getPath(options, "providerOptions", "bedrock", "serviceTier")),
      embedding,
      notes: [],
      ...withThinking(embedding ? undefined : thinkingFrom(getPath(options, "providerOptions", "bedrock"))),
    };
  },
};

function bedrockModelOf(provider: SdkValue, evaluator: Evaluator): { model: ResolvedModel; embedding: boolean } | undefined {
  if (provider.module !== PROVIDER && provider.module !== ANTHROPIC_PROVIDER) return undefined;
  const match = MODEL_CALL.exec(stepWords(provider.steps).join(" "));
  const invocation = match && lastInvocation(provider, evaluator);
  if (!match || !invocation) return undefined;
  let id = invocation.input;
  // A model made once and passed by variable was followed through its declaration.
  if (provider.throughDeclaration && id?.kind === "string" && id.source === "literal") id = { ...id, source: "constant" };
  return { model: modelFrom(id, "model id"), embedding: EMBEDDING_METHODS.has(match[1] ?? "") };
}

/** Message-level `providerOptions.bedrock.cachePoint`: on a system message it caches the system prompt. */
function messageCacheSections(messages: Value | undefined): CacheSection[] {
  return itemsOf(messages).map((message) => {
    const role = getProperty(message, "role");
    const bedrock = getPath(message, "providerOptions", "bedrock");
    return { location: role?.kind === "string" && role.value === "system" ? "system" : "messages", blocks: bedrock ? [bedrock] : [] };
  });
}
