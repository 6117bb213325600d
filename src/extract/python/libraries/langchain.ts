import { MODEL_CALL_CHECKS, guardrailFrom } from "../../guardrail.js";
import { withGuardrail, withThinking } from "../../optional-facts.js";
import type { MaxTokens, ResolvedModel } from "../../../model/call-site.js";
import { bodyFamily, bodyReader, isEmbeddingModel, readBody } from "../invoke-body.js";
import { CacheTally, NO_CACHE, maxTokensFrom, modelFrom, systemPromptFrom, thinkingFrom, tierFrom } from "../request-fields.js";
import { type CallContext, type Recognition, type Recogniser, RUN_DOCUMENTS, anyArgument, argument, rerankFacts, site } from "../site-facts.js";

const CLASS = /^langchain_aws(?:\.[A-Za-z_.]+)?\.(ChatBedrockConverse|ChatBedrock|BedrockLLM|BedrockEmbeddings|BedrockRerank)$/;
/**
 * The older classes, from langchain_community (and langchain itself before the split): `BedrockChat` and
 * `Bedrock` send native InvokeModel bodies as ChatBedrock does.
 */
const COMMUNITY = /^(?:langchain_community|langchain)\.(?:chat_models|llms|embeddings)(?:\.bedrock)?\.(BedrockChat|Bedrock|BedrockEmbeddings)$/;
const COMMUNITY_AS: Record<string, string> = { BedrockChat: "ChatBedrock", Bedrock: "BedrockLLM", BedrockEmbeddings: "BedrockEmbeddings" };
/** `BedrockAgentsRunnable.create_agent(…)` creates a Bedrock agent on a foundation model. */
const CREATE_AGENT = /^langchain_aws(?:\.[A-Za-z_.]+)?\.BedrockAgentsRunnable\.create_agent$/;
const AGENT_NOTE = "Bedrock agent created by LangChain: each request runs an orchestration loop of several model calls — set calls_per_request";
/**
 * What langchain_aws sends to a Claude model when no cap is given: `max_tokens` (messages) or
 * `max_tokens_to_sample` (text completions) of 1,024 (LLMInputOutputAdapter.prepare_input in
 * langchain-ai/langchain-aws libs/aws/langchain_aws/llms/bedrock.py, commit 0fe4dd9).
 */
const ANTHROPIC_DEFAULT: MaxTokens = { kind: "static", value: 1024, source: "sdk-default" };
const NOTE = "LangChain model object: invoked where it is used; usage counted at its construction";
const NO_MODEL: ResolvedModel = { id: null, source: "dynamic", origin: "no model given" };
/** langchain_aws BedrockEmbeddings.model_id default (langchain-ai/langchain-aws:libs/aws/langchain_aws/embeddings/bedrock.py). */
const EMBEDDINGS_DEFAULT: ResolvedModel = { id: "amazon.titan-embed-text-v1", source: "sdk-default" };

/** The constructor of a langchain_aws chat model, LLM or embeddings object is the site. */
export const langchain: Recogniser = {
  names: ["ChatBedrockConverse", "ChatBedrock", "BedrockLLM", "BedrockEmbeddings", "BedrockRerank", "BedrockChat", "Bedrock", "create_agent"],
  recognise,
};

function recognise({ callee, args }: CallContext): Recognition | null {
  if (callee.kind !== "ref") return null;
  // ChatBedrockConverse's `guardrail_config` (alias `guardrails`), ChatBedrock's and BedrockLLM's `guardrails`.
  const guardrail = guardrailFrom(bodyReader(anyArgument(args, ["guardrail_config", "guardrails"]))("guardrailIdentifier"), MODEL_CALL_CHECKS);
  const common = { sdk: "langchain" as const, api: "langchain" as const, serviceTier: tierFrom(argument(args, "service_tier")), notes: [NOTE], ...withGuardrail(guardrail) };
  if (CREATE_AGENT.test(callee.path)) {
    return site({
      ...common,
      api: "agent",
      model: modelFrom(argument(args, "foundation_model"), NO_MODEL),
      maxTokens: { kind: "absent" },
      cachePoints: NO_CACHE,
      systemPrompt: systemPromptFrom(argument(args, "instruction")),
      embedding: false,
      notes: [AGENT_NOTE],
    });
  }
  const community = COMMUNITY.exec(callee.path)?.[1];
  const kind = community ? COMMUNITY_AS[community] : CLASS.exec(callee.path)?.[1];
  if (!kind) return null;
  const modelSlot = anyArgument(args, ["model_id", "model"]);
  switch (kind) {
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
        ...withThinking(thinkingFrom(argument(args, "additional_model_request_fields"))),
      });
    }
    case "BedrockRerank":
      // A document compressor: it sends a Rerank request on model_arn each time it compresses.
      return site(rerankFacts("langchain", modelFrom(argument(args, "model_arn"), NO_MODEL), RUN_DOCUMENTS, [NOTE]));
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
      const family = bodyFamily(model.id);
      const body = readBody(argument(args, "model_kwargs"), family, cache);
      const direct = argument(args, "max_tokens");
      const inBody = body.maxTokens.kind === "absent" && family === "anthropic" ? ANTHROPIC_DEFAULT : body.maxTokens;
      return site({
        ...common,
        model,
        maxTokens: direct.state === "absent" ? inBody : maxTokensFrom(direct),
        cachePoints: cache.result(),
        systemPrompt: body.systemPrompt,
        embedding: isEmbeddingModel(model.id),
        ...withThinking(thinkingFrom(argument(args, "model_kwargs"))),
      });
    }
  }
}
