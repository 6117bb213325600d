import { withThinking } from "../../optional-facts.js";
import { CacheTally, STANDARD_TIER, maxTokensFrom, modelFrom, systemPromptFrom, thinkingFrom } from "../request-fields.js";
import { type CallContext, type Recognition, type Recogniser, argument, site } from "../site-facts.js";

/** `AnthropicBedrock(…).messages.create|stream(…)`, sync or async, plain or `.beta`. */
const MESSAGES = /^anthropic(?:\.lib\.bedrock)?\.(?:Async)?AnthropicBedrock\.(?:beta\.)?messages\.(?:create|stream)$/;

export const anthropic: Recogniser = { names: ["create", "stream"], recognise };

function recognise({ callee, args }: CallContext): Recognition | null {
  if (callee.kind !== "ref" || !MESSAGES.test(callee.path)) return null;
  const cache = new CacheTally();
  cache.addBlocks("tools", argument(args, "tools"));
  cache.addBlocks("system", argument(args, "system"));
  cache.addMessages(argument(args, "messages"));
  return site({
    sdk: "anthropic-bedrock",
    api: "anthropic_messages",
    model: modelFrom(argument(args, "model"), { id: null, source: "dynamic", origin: "no model given" }),
    // max_tokens is required by the Messages API; a call without it fails, so absent stays absent.
    maxTokens: maxTokensFrom(argument(args, "max_tokens")),
    cachePoints: cache.result(),
    systemPrompt: systemPromptFrom(argument(args, "system")),
    serviceTier: STANDARD_TIER,
    embedding: false,
    notes: [],
    ...withThinking(thinkingFrom(args)),
  });
}
