import type { ResolvedModel } from "../../../model/call-site.js";
import { CacheTally, maxTokensFrom, modelFrom, systemPromptFrom, tierFrom } from "../request-fields.js";
import { type CallContext, type Recognition, type Recogniser, argument, site } from "../site-facts.js";
import { type Slot, present, read } from "../values.js";

const BEDROCK_MODEL = /^strands\.models(?:\.bedrock)?\.BedrockModel$/;
const AGENT = /^strands(?:\.agent(?:\.agent)?)?\.Agent$/;
/** strands-agents/sdk-python:src/strands/models/bedrock.py DEFAULT_BEDROCK_MODEL_ID (bedrock-api.md §2.8). */
const DEFAULT_MODEL: ResolvedModel = { id: "us.anthropic.claude-sonnet-4-20250514-v1:0", source: "sdk-default" };
const NOTE = "Strands agent: one request may make several model calls — set calls_per_request";

/** `BedrockModel(…)` is a Converse site; `Agent(…)` is one unless it wraps a BedrockModel or another provider. */
export const strands: Recogniser = { names: ["BedrockModel", "Agent"], recognise };

function recognise(context: CallContext): Recognition | null {
  const { callee } = context;
  if (callee.kind !== "ref") return null;
  if (BEDROCK_MODEL.test(callee.path)) return bedrockModel(context);
  if (AGENT.test(callee.path)) return agent(context);
  return null;
}

function bedrockModel({ args, evaluator }: CallContext): Recognition {
  const cache = new CacheTally();
  if (isSet(argument(args, "cache_tools"))) cache.add("tools");
  const cacheConfig = argument(args, "cache_config");
  if (isSet(argument(args, "cache_prompt"))) cache.add("system");
  else if (isSet(cacheConfig)) {
    const config = cacheConfig.state === "present" && cacheConfig.value.kind === "object"
      ? present(evaluator.arguments(cacheConfig.value.call))
      : cacheConfig;
    cache.add("system", read(config, "ttl"));
  }
  return site({
    sdk: "strands",
    api: "converse",
    model: modelFrom(argument(args, "model_id"), DEFAULT_MODEL),
    maxTokens: maxTokensFrom(argument(args, "max_tokens")),
    cachePoints: cache.result(),
    systemPrompt: null,
    serviceTier: tierFrom(argument(args, "service_tier")),
    embedding: false,
    notes: [NOTE],
  });
}

function agent({ args }: CallContext): Recognition | null {
  const model = argument(args, "model", 0);
  const systemSlot = argument(args, "system_prompt");
  const cache = new CacheTally();
  cache.addBlocks("system", systemSlot);
  const systemPrompt = systemPromptFrom(systemSlot);
  if (model.state === "present" && model.value.kind === "object") {
    if (!BEDROCK_MODEL.test(model.value.type)) return null; // another provider (OpenAI, LiteLLM, …)
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

function isSet(slot: Slot): boolean {
  return slot.state === "present" && slot.value.kind !== "none" && !(slot.value.kind === "bool" && !slot.value.value);
}
