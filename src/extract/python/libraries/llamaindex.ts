import type { MaxTokens } from "../../../model/call-site.js";
import { NO_CACHE, STANDARD_TIER, maxTokensFrom, modelFrom, systemPromptFrom } from "../request-fields.js";
import { type CallContext, type Recognition, type Recogniser, argument, site } from "../site-facts.js";

const CLASS = /^llama_index\.llms\.bedrock_converse(?:\.base)?\.BedrockConverse$/;
/** BedrockConverse's max_tokens default (run-llama/llama_index bedrock_converse base.py; bedrock-api.md §2.7). */
const DEFAULT_MAX_TOKENS: MaxTokens = { kind: "static", value: 512, source: "sdk-default" };
const NOTE = "LlamaIndex model object: invoked where it is used; usage counted at its construction";

export const llamaIndex: Recogniser = { names: ["BedrockConverse"], recognise };

function recognise({ callee, args }: CallContext): Recognition | null {
  if (callee.kind !== "ref" || !CLASS.test(callee.path)) return null;
  const maxTokens = argument(args, "max_tokens");
  return site({
    sdk: "llamaindex",
    api: "converse",
    model: modelFrom(argument(args, "model", 0), { id: null, source: "dynamic", origin: "no model given" }),
    maxTokens: maxTokens.state === "absent" ? DEFAULT_MAX_TOKENS : maxTokensFrom(maxTokens),
    cachePoints: NO_CACHE,
    systemPrompt: systemPromptFrom(argument(args, "system_prompt")),
    serviceTier: STANDARD_TIER,
    embedding: false,
    notes: [NOTE],
  });
}
