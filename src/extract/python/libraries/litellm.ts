import { withThinking } from "../../optional-facts.js";
import type { Sdk } from "../../../model/call-site.js";
import { bedrockModel, litellmDeployment } from "../../litellm-model.js";
import { bodyReader, isEmbeddingModel, systemMessages } from "../invoke-body.js";
import { CacheTally, NO_CACHE, STANDARD_TIER, firstOf, maxTokensFrom, modelFrom, thinkingFrom } from "../request-fields.js";
import { type CallContext, type Recognition, type Recogniser, anyArgument, argument, rerankFacts, site } from "../site-facts.js";
import { type Slot, present, read } from "../values.js";

/**
 * Calls that name their model as a LiteLLM model string — LiteLLM itself, and the frameworks that hand
 * the string to LiteLLM (DSPy `dspy.LM`, CrewAI `LLM`). Only `bedrock/…` strings are Bedrock: a model
 * that cannot be read is another provider as likely as Bedrock, so it is not claimed as a site.
 */
const CALLS: Array<{ path: RegExp; sdk: Sdk; embedding?: true; note?: string }> = [
  { path: /^litellm(?:\.main)?\.a?(?:completion|text_completion)$/, sdk: "litellm" },
  { path: /^litellm(?:\.main)?\.a?embedding$/, sdk: "litellm", embedding: true },
  { path: /^dspy(?:\.clients(?:\.lm)?)?\.LM$/, sdk: "dspy", note: "DSPy LM object: invoked where it is used; usage counted at its construction" },
  { path: /^crewai(?:\.llm)?\.LLM$/, sdk: "crewai", note: "CrewAI LLM object: invoked by its agents; usage counted at its construction" },
];

/** `litellm.Router(model_list=[…])`: each deployment routed to Bedrock is a model the router calls. */
const ROUTER = /^litellm(?:\.router)?\.Router$/;
const ROUTER_NOTE = "LiteLLM Router deployment: called for the requests routed to its model_name; usage counted at the Router";

/** `litellm.rerank(model="bedrock/<rerank model ARN>", query, documents)` sends a Rerank request. */
const RERANK = /^litellm(?:\.rerank_api\.main)?\.a?rerank$/;

export const litellm: Recogniser = { names: ["completion", "acompletion", "text_completion", "atext_completion", "embedding", "aembedding", "rerank", "arerank", "LM", "LLM", "Router"], recognise };

function recognise({ callee, args }: CallContext): Recognition | null {
  if (callee.kind === "ref" && ROUTER.test(callee.path)) return router(argument(args, "model_list", 0));
  const rerank = callee.kind === "ref" && RERANK.test(callee.path);
  const call = callee.kind === "ref" ? CALLS.find((known) => known.path.test(callee.path)) : undefined;
  if (!call && !rerank) return null;
  const routed = bedrockModel(modelFrom(argument(args, "model", 0), { id: null, source: "dynamic", origin: "no model given" }), "bedrock/");
  if (!routed) return null;
  if (!call) return site(rerankFacts("litellm", routed.model, argument(args, "documents", 2), []));
  const embedding = call.embedding === true || isEmbeddingModel(routed.model.id);
  const messages = argument(args, "messages");
  const cache = new CacheTally();
  if (messages.state === "present" && messages.value.kind === "list") {
    for (const message of messages.value.items) {
      const role = read(present(message), "role");
      const system = role.state === "present" && role.value.kind === "str" && role.value.value === "system";
      cache.addBlocks(system ? "system" : "messages", read(present(message), "content"));
    }
  }
  return site({
    sdk: call.sdk,
    api: embedding ? "invoke_model" : routed.api,
    model: routed.model,
    maxTokens: embedding ? { kind: "absent" } : maxTokensFrom(anyArgument(args, ["max_tokens", "max_completion_tokens"])),
    cachePoints: embedding ? NO_CACHE : cache.result(),
    systemPrompt: systemMessages(messages),
    serviceTier: STANDARD_TIER,
    embedding,
    notes: call.note ? [call.note] : [],
    ...withThinking(embedding ? undefined : thinkingFrom(args)),
  });
}

/** A framework's settings dict (`generation_kwargs`, `model_settings`) read for its output cap. */
export function capIn(settings: Slot): Slot {
  return firstOf(settings, [["max_tokens"], ["max_completion_tokens"], ["maxTokens"], ["max_new_tokens"]]);
}

/** A Router's Bedrock deployments, one site each (a model_list that cannot be read claims none). */
function router(modelList: Slot): Recognition | null {
  if (modelList.state !== "present" || modelList.value.kind !== "list") return null;
  const facts = modelList.value.items.flatMap((entry) => {
    const deployment = litellmDeployment(bodyReader(present(entry)));
    if (!deployment) return [];
    return [{
      sdk: "litellm" as const,
      api: deployment.api,
      model: deployment.model,
      maxTokens: deployment.maxTokens,
      cachePoints: NO_CACHE,
      systemPrompt: null,
      serviceTier: STANDARD_TIER,
      embedding: deployment.embedding,
      notes: [`${ROUTER_NOTE} (\`${deployment.alias}\`)`, ...deployment.notes],
    }];
  });
  return facts.length > 0 ? { kind: "sites", facts } : null;
}
