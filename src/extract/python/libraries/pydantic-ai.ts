import type { ResolvedModel } from "../../../model/call-site.js";
import { NO_CACHE, STANDARD_TIER, maxTokensFrom, modelFrom, systemPromptFrom } from "../request-fields.js";
import { type CallContext, type Recognition, type Recogniser, anyArgument, argument, site } from "../site-facts.js";
import { bedrockModel } from "../../litellm-model.js";
import { capIn } from "./litellm.js";

const AGENT = /^pydantic_ai(?:\.agent)?\.Agent$/;
const MODEL = /^pydantic_ai\.models(?:\.bedrock)?\.BedrockConverseModel$/;
const NO_MODEL: ResolvedModel = { id: null, source: "dynamic", origin: "no model given" };
const AGENT_NOTE = "PydanticAI agent: one run may make several model calls (tools, retries) — set calls_per_request";
const MODEL_NOTE = "PydanticAI model object: invoked by the agents that use it; usage counted at its construction";

/**
 * PydanticAI: an `Agent("bedrock:<id>")` is the site (usage counted at the agent, which sends the system
 * prompt); a `BedrockConverseModel("<id>")` is the site when an agent is built on it, since the agent's
 * model is then not a string.
 */
export const pydanticAi: Recogniser = { names: ["Agent", "BedrockConverseModel"], recognise };

function recognise({ callee, args }: CallContext): Recognition | null {
  if (callee.kind !== "ref") return null;
  if (AGENT.test(callee.path)) {
    const routed = bedrockModel(modelFrom(argument(args, "model", 0), NO_MODEL), "bedrock:");
    if (!routed) return null;
    return site({
      sdk: "pydantic-ai",
      api: "converse",
      model: routed.model,
      maxTokens: maxTokensFrom(capIn(argument(args, "model_settings"))),
      cachePoints: NO_CACHE,
      systemPrompt: systemPromptFrom(anyArgument(args, ["system_prompt", "instructions"])),
      serviceTier: STANDARD_TIER,
      embedding: false,
      notes: [AGENT_NOTE],
    });
  }
  if (!MODEL.test(callee.path)) return null;
  return site({
    sdk: "pydantic-ai",
    api: "converse",
    model: modelFrom(argument(args, "model_name", 0), NO_MODEL),
    maxTokens: maxTokensFrom(capIn(argument(args, "settings"))),
    cachePoints: NO_CACHE,
    systemPrompt: null,
    serviceTier: STANDARD_TIER,
    embedding: false,
    notes: [MODEL_NOTE],
  });
}
