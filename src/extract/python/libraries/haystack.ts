import type { Api, ResolvedModel } from "../../../model/call-site.js";
import { isEmbeddingModel } from "../invoke-body.js";
import { NO_CACHE, STANDARD_TIER, maxTokensFrom, modelFrom } from "../request-fields.js";
import { type CallContext, type Recognition, type Recogniser, RUN_DOCUMENTS, argument, rerankFacts, site } from "../site-facts.js";
import { capIn } from "./litellm.js";

/** The haystack-ai Amazon Bedrock integration's components (haystack_integrations.components.*.amazon_bedrock). */
const COMPONENT = /^haystack_integrations\.components\.[a-z_.]+\.(AmazonBedrock(?:ChatGenerator|Generator|TextEmbedder|DocumentEmbedder|Ranker)|BedrockRanker)$/;
/** AmazonBedrockRanker's model default (haystack-core-integrations amazon_bedrock rankers/ranker.py). */
const RANKER_DEFAULT: ResolvedModel = { id: "cohere.rerank-v3-5:0", source: "sdk-default" };
const NO_MODEL: ResolvedModel = { id: null, source: "dynamic", origin: "no model given" };
const NOTE = "Haystack component: run where its pipeline runs; usage counted at its construction";

/**
 * Haystack: the chat generator sends Converse requests (`generation_kwargs={"max_tokens": …}`), the
 * generator native InvokeModel bodies (`max_length`), the embedders embedding requests, the ranker
 * Rerank requests (up to 1,000 documents, one query per 100).
 */
export const haystack: Recogniser = {
  names: ["AmazonBedrockChatGenerator", "AmazonBedrockGenerator", "AmazonBedrockTextEmbedder", "AmazonBedrockDocumentEmbedder", "AmazonBedrockRanker", "BedrockRanker"],
  recognise,
};

function recognise({ callee, args }: CallContext): Recognition | null {
  const component = callee.kind === "ref" ? COMPONENT.exec(callee.path)?.[1] : undefined;
  if (!component) return null;
  if (component.endsWith("Ranker")) return site(rerankFacts("haystack", modelFrom(argument(args, "model", 0), RANKER_DEFAULT), RUN_DOCUMENTS, [NOTE]));
  const model = modelFrom(argument(args, "model", 0), NO_MODEL);
  const embedding = component.endsWith("Embedder") || isEmbeddingModel(model.id);
  const api: Api = component === "AmazonBedrockChatGenerator" ? "converse" : "invoke_model";
  const cap = component === "AmazonBedrockGenerator" ? argument(args, "max_length") : capIn(argument(args, "generation_kwargs"));
  return site({
    sdk: "haystack",
    api,
    model,
    maxTokens: embedding ? { kind: "absent" } : maxTokensFrom(cap),
    cachePoints: NO_CACHE,
    systemPrompt: null,
    serviceTier: STANDARD_TIER,
    embedding,
    notes: [NOTE],
  });
}
