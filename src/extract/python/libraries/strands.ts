import type { Node } from "web-tree-sitter";
import type { ResolvedModel } from "../../../model/call-site.js";
import { callsEndingIn } from "../calls.js";
import type { Evaluator } from "../evaluate.js";
import type { FoundCall } from "../program.js";
import { CacheTally, maxTokensFrom, mergeCache, modelFrom, systemPromptFrom, tierFrom } from "../request-fields.js";
import { type CallContext, type Recognition, type Recogniser, type SiteFacts, argument, site } from "../site-facts.js";
import { type ObjectValue, type Slot, present, read, sameNode } from "../values.js";

const BEDROCK_MODEL = /^strands\.models(?:\.bedrock)?\.BedrockModel$/;
const AGENT = /^strands(?:\.agent(?:\.agent)?)?\.Agent$/;
/** strands-agents/sdk-python:src/strands/models/bedrock.py DEFAULT_BEDROCK_MODEL_ID (bedrock-api.md §2.8). */
const DEFAULT_MODEL: ResolvedModel = { id: "us.anthropic.claude-sonnet-4-20250514-v1:0", source: "sdk-default" };
const NOTE = "Strands agent: one request may make several model calls — set calls_per_request";

/**
 * `BedrockModel(…)` is a Converse site; `Agent(…)` is one unless it wraps a BedrockModel or another
 * provider. A BedrockModel built once (a variable) is the site, the Agents of its file adding their
 * system prompt; one made by a factory function is made anew for every call of the factory, so each
 * `Agent(model=get_model())` is its own site, with the model's facts as that call makes them.
 */
export const strands: Recogniser = { names: ["BedrockModel", "Agent"], recognise };

function recognise(context: CallContext): Recognition | null {
  const { callee } = context;
  if (callee.kind !== "ref") return null;
  if (BEDROCK_MODEL.test(callee.path)) return site(bedrockModel(context.args));
  if (AGENT.test(callee.path)) return agent(context);
  return null;
}

function bedrockModel(args: Slot): SiteFacts {
  const cache = new CacheTally();
  if (isSet(argument(args, "cache_tools"))) cache.add("tools");
  const cacheConfig = argument(args, "cache_config");
  if (isSet(argument(args, "cache_prompt"))) cache.add("system");
  else if (isSet(cacheConfig)) {
    const ttl = cacheConfig.state === "present" && cacheConfig.value.kind === "object"
      ? cacheConfig.value.evaluator.argument(cacheConfig.value.call, "ttl")
      : read(cacheConfig, "ttl");
    cache.add("system", ttl);
  }
  return {
    sdk: "strands",
    api: "converse",
    model: modelFrom(argument(args, "model_id"), DEFAULT_MODEL),
    maxTokens: maxTokensFrom(argument(args, "max_tokens")),
    cachePoints: cache.result(),
    systemPrompt: null,
    serviceTier: tierFrom(argument(args, "service_tier")),
    embedding: false,
    notes: [NOTE],
  };
}

function agent({ args }: CallContext): Recognition | null {
  const model = argument(args, "model", 0);
  const systemSlot = argument(args, "system_prompt");
  const cache = new CacheTally();
  cache.addBlocks("system", systemSlot);
  const systemPrompt = systemPromptFrom(systemSlot);
  if (model.state === "present" && model.value.kind === "object") {
    if (!BEDROCK_MODEL.test(model.value.type)) return null; // another provider (OpenAI, LiteLLM, …)
    if (model.value.factory) return site(madeByFactory(model.value, systemPrompt, cache));
    return { kind: "agent", modelCall: model.value.call, systemPrompt, cachePoints: cache.result() };
  }
  return site({
    sdk: "strands",
    api: "converse",
    model: modelFrom(model, DEFAULT_MODEL),
    maxTokens: { kind: "absent" },
    cachePoints: cache.result(),
    systemPrompt,
    serviceTier: tierFrom({ state: "absent" }),
    embedding: false,
    notes: [NOTE],
  });
}

/** An Agent on a model its factory call made: the model's facts as that call makes them, and the Agent's prompt. */
function madeByFactory(model: ObjectValue, systemPrompt: SiteFacts["systemPrompt"], cache: CacheTally): SiteFacts {
  const facts = bedrockModel(present(model.evaluator.arguments(model.call)));
  return { ...facts, systemPrompt, cachePoints: mergeCache(facts.cachePoints, cache.result()) };
}

/**
 * Whether a call of a model factory is the `model` of a Strands Agent (`Agent(model=get_model())`, or
 * through one local name: `model = get_model(); Agent(model=model)`): that Agent is the site for it.
 */
export function consumedByAgent({ call, module }: FoundCall): boolean {
  let node: Node = call;
  while (node.parent?.type === "parenthesized_expression") node = node.parent;
  const parent = node.parent;
  if (parent?.type === "assignment" && parent.childForFieldName("right")?.id === node.id) {
    const name = parent.childForFieldName("left");
    if (name?.type !== "identifier") return false;
    return callsEndingIn(module.root, module.text, ["Agent"]).some(({ call: agentCall }) => {
      const model = modelArgument(agentCall);
      if (model?.type !== "identifier" || model.text !== name.text || !isAgent(agentCall, module.evaluator)) return false;
      const bindings = module.scopes.lookup(model.text, model);
      return bindings?.length === 1 && bindings[0]!.kind === "value" && sameNode(bindings[0]!.node, node);
    });
  }
  const agentCall = parent?.type === "keyword_argument" ? parent.parent?.parent : parent?.type === "argument_list" ? parent.parent : null;
  return agentCall?.type === "call" && sameNode(modelArgument(agentCall), node) && isAgent(agentCall, module.evaluator);
}

/** The expression given as an Agent call's `model` (keyword, or first positional). */
function modelArgument(call: Node): Node | null {
  const args = call.childForFieldName("arguments")?.namedChildren.filter((c) => c.type !== "comment") ?? [];
  const keyword = args.find((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === "model");
  if (keyword) return keyword.childForFieldName("value");
  const first = args[0];
  return first && first.type !== "keyword_argument" && first.type !== "list_splat" && first.type !== "dictionary_splat" ? first : null;
}

function isAgent(call: Node, evaluator: Evaluator): boolean {
  const callee = evaluator.evaluate(call.childForFieldName("function")!);
  return callee.kind === "ref" && AGENT.test(callee.path);
}

function isSet(slot: Slot): boolean {
  return slot.state === "present" && slot.value.kind !== "none" && !(slot.value.kind === "bool" && !slot.value.value);
}
