import type { ResolvedModel } from "../../../model/call-site.js";
import { bodyFamily, isEmbeddingModel, readBody } from "../invoke-body.js";
import { CacheTally, NO_CACHE, maxTokensFrom, modelFrom, systemPromptFrom, tierFrom } from "../request-fields.js";
import { type CallContext, type Recognition, type Recogniser, anyArgument, argument, site } from "../site-facts.js";

const CLASS = /^langchain_aws(?:\.[A-Za-z_.]+)?\.(ChatBedrockConverse|ChatBedrock|BedrockLLM|BedrockEmbeddings)$/;
const NOTE = "LangChain model object: invoked where it is used; usage counted at its construction";
const NO_MODEL: ResolvedModel = { id: null, source: "dynamic", origin: "no model given" };
/** langchain_aws BedrockEmbeddings.model_id default (langchain-ai/langchain-aws:libs/aws/langchain_aws/embeddings/bedrock.py). */
const EMBEDDINGS_DEFAULT: ResolvedModel = { id: "amazon.titan-embed-text-v1", source: "sdk-default" };

/** The constructor of a langchain_aws chat model, LLM or embeddings object is the site. */
export const langchain: Recogniser = {
  names: ["ChatBedrockConverse", "ChatBedrock", "BedrockLLM", "BedrockEmbeddings"],
  recognise,
};

function recognise({ callee, args }: CallContext): Recognition | null {
  const match = callee.kind === "ref" ? CLASS.exec(callee.path) : null;
  if (!match) return null;
  const common = { sdk: "langchain" as const, api: "langchain" as const, serviceTier: tierFrom(argument(args, "service_tier")), notes: [NOTE] };
  const modelSlot = anyArgument(args, ["model_id", "model"]);
  switch (match[1]) {
    case "ChatBedrockConverse": {
      const cache = new CacheTally();
      cache.addBlocks("system", argument(args, "system"));
      const model = modelFrom(modelSlot, NO_MODEL);
      return site({
        ...common,
        model,
        maxTokens: maxTokensFrom(argument(args, "max_tokens")),
        cachePoints: cache.result(),
        systemPrompt: systemPromptFrom(argument(args, "system")),
        embedding: isEmbeddingModel(model.id),
      });
    }
    case "BedrockEmbeddings":
      return site({
        ...common,
        model: modelFrom(modelSlot, EMBEDDINGS_DEFAULT),
        maxTokens: { kind: "absent" },
        cachePoints: NO_CACHE,
        systemPrompt: null,
        embedding: true,
      });
    default: {
      // ChatBedrock / BedrockLLM send native InvokeModel bodies: the cap sits in model_kwargs under the family's key.
      const model = modelFrom(modelSlot, NO_MODEL);
      const cache = new CacheTally();
      const body = readBody(argument(args, "model_kwargs"), bodyFamily(model.id), cache);
      const direct = argument(args, "max_tokens");
      return site({
        ...common,
        model,
        maxTokens: direct.state === "absent" ? body.maxTokens : maxTokensFrom(direct),
        cachePoints: cache.result(),
        systemPrompt: body.systemPrompt,
        embedding: isEmbeddingModel(model.id),
      });
    }
  }
}
