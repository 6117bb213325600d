import type { MaxTokens, ResolvedModel } from "../../../model/call-site.js";
import { bodyFamily, isEmbeddingModel, readBody } from "../invoke-body.js";
import { CacheTally, NO_CACHE, STANDARD_TIER, maxTokensFrom, modelFrom, systemPromptFrom } from "../request-fields.js";
import { type CallContext, type Recognition, type Recogniser, RUN_DOCUMENTS, anyArgument, argument, rerankFacts, site } from "../site-facts.js";

const CONVERSE = /^llama_index\.llms\.bedrock_converse(?:\.base)?\.BedrockConverse$/;
/** The legacy InvokeModel LLM (llama-index-llms-bedrock). */
const LEGACY = /^llama_index\.llms\.bedrock(?:\.base)?\.Bedrock$/;
const EMBEDDING = /^llama_index\.embeddings\.bedrock(?:\.base)?\.BedrockEmbedding$/;
/** The node postprocessor that calls the Rerank API (llama-index-postprocessor-bedrock-rerank). */
const RERANK = /^llama_index\.postprocessor\.bedrock_rerank(?:\.base)?\.AWSBedrockRerank$/;
/** AWSBedrockRerank's model_id default (llama-index-postprocessor-bedrock-rerank base.py). */
const RERANK_DEFAULT: ResolvedModel = { id: "cohere.rerank-v3-5:0", source: "sdk-default" };
/** BedrockConverse's and Bedrock's max_tokens default (run-llama/llama_index bedrock_converse and bedrock base.py; bedrock-api.md §2.7). */
const DEFAULT_MAX_TOKENS: MaxTokens = { kind: "static", value: 512, source: "sdk-default" };
/** BedrockEmbedding's model_name default (llama-index-embeddings-bedrock base.py, Models.TITAN_EMBEDDING). */
const EMBEDDING_DEFAULT: ResolvedModel = { id: "amazon.titan-embed-text-v1", source: "sdk-default" };
const NO_MODEL: ResolvedModel = { id: null, source: "dynamic", origin: "no model given" };
const NOTE = "LlamaIndex model object: invoked where it is used; usage counted at its construction";

export const llamaIndex: Recogniser = { names: ["BedrockConverse", "Bedrock", "BedrockEmbedding", "AWSBedrockRerank"], recognise };

function recognise({ callee, args }: CallContext): Recognition | null {
  if (callee.kind !== "ref") return null;
  const common = { sdk: "llamaindex" as const, serviceTier: STANDARD_TIER, notes: [NOTE] };
  if (EMBEDDING.test(callee.path)) {
    return site({ ...common, api: "invoke_model", model: modelFrom(anyArgument(args, ["model_name", "model"]), EMBEDDING_DEFAULT), maxTokens: { kind: "absent" }, cachePoints: NO_CACHE, systemPrompt: null, embedding: true });
  }
  if (RERANK.test(callee.path)) return site(rerankFacts("llamaindex", modelFrom(argument(args, "model_id"), RERANK_DEFAULT), RUN_DOCUMENTS, [NOTE]));
  const legacy = LEGACY.test(callee.path);
  if (!legacy && !CONVERSE.test(callee.path)) return null;
  const model = modelFrom(argument(args, "model", 0), NO_MODEL);
  const written = argument(args, "max_tokens");
  let maxTokens = written.state === "absent" ? DEFAULT_MAX_TOKENS : maxTokensFrom(written);
  const cache = new CacheTally();
  if (legacy) {
    // additional_kwargs are merged into the native body last, so a cap there wins.
    const extra = readBody(argument(args, "additional_kwargs"), bodyFamily(model.id), cache);
    if (extra.maxTokens.kind !== "absent") maxTokens = extra.maxTokens;
  }
  return site({
    ...common,
    api: legacy ? "invoke_model" : "converse",
    model,
    maxTokens,
    cachePoints: legacy ? cache.result() : NO_CACHE,
    systemPrompt: systemPromptFrom(argument(args, "system_prompt")),
    embedding: isEmbeddingModel(model.id),
  });
}
