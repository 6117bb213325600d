import { withThinking } from "../optional-facts.js";
import { addSystemField, cachePointsIn, emptyPrompt, isEmbeddingModel, maxTokensFrom, messageBlocks, modelFrom, serviceTierFrom, systemPromptFrom, thinkingFrom } from "./fields.js";
import { lastInvocation, stepWords, type Recogniser } from "./recognised.js";
import { getProperty, itemsOf } from "./value.js";

const ANTHROPIC_BEDROCK = "@anthropic-ai/bedrock-sdk";
/** Steps from the import (named, default, or the module itself when required whole) to the call, as `stepWords` spells them. */
const MESSAGES_CALL = /^(?:(?:AnthropicBedrock|default) )?new (?:beta )?messages (?:create|stream) \(\)$/;

/** `new AnthropicBedrock(...)` then `.messages.create/stream({...})`, also under `.beta`. */
export const recogniseAnthropicBedrock: Recogniser = {
  triggers: ["create", "stream"],
  objectModules: [ANTHROPIC_BEDROCK],
  recognise(value, evaluator) {
    if (value.module !== ANTHROPIC_BEDROCK) return undefined;
    if (!MESSAGES_CALL.test(stepWords(value.steps).join(" "))) return undefined;
    const invocation = lastInvocation(value, evaluator);
    if (!invocation) return undefined;
    const params = invocation.input;
    const model = modelFrom(getProperty(params, "model"), "model");
    const prompt = emptyPrompt();
    addSystemField(prompt, getProperty(params, "system"));
    return {
      node: invocation.node,
      sdk: "anthropic-bedrock",
      api: "anthropic_messages",
      model,
      maxTokens: maxTokensFrom(getProperty(params, "max_tokens")),
      cachePoints: cachePointsIn([
        { location: "tools", blocks: itemsOf(getProperty(params, "tools")) },
        { location: "system", blocks: itemsOf(getProperty(params, "system")) },
        { location: "messages", blocks: messageBlocks(getProperty(params, "messages")) },
      ]),
      systemPrompt: systemPromptFrom(prompt),
      // The Bedrock client sends no service-tier header.
      serviceTier: serviceTierFrom(undefined),
      embedding: isEmbeddingModel(model),
      notes: [],
      ...withThinking(thinkingFrom(params)),
    };
  },
};
