import { APPLY_GUARDRAIL_MODEL, MODEL_CALL_CHECKS, applyGuardrailChecks, guardrailFrom } from "../guardrail.js";
import { withGuardrail, withRegion, withThinking } from "../optional-facts.js";
import type { Api } from "../../model/call-site.js";
import { addSystemField, cachePointsIn, emptyPrompt, isEmbeddingModel, maxTokensFrom, messageBlocks, modelFrom, noCachePoints, serviceTierFrom, systemPromptFrom, thinkingFrom } from "./fields.js";
import { bodyFacts, bodyReader } from "./invoke-body.js";
import { awsOperation, clientRegion, lastInvocation, sendCallOf, type Recogniser } from "./recognised.js";
import { getPath, getProperty, itemsOf, type Value } from "./value.js";

const RUNTIME = "@aws-sdk/client-bedrock-runtime";

/** Inference commands and ApplyGuardrail; CountTokensCommand and the rest cost nothing and are left out on purpose. */
const COMMANDS: Record<string, Api> = {
  ConverseCommand: "converse",
  ConverseStreamCommand: "converse_stream",
  InvokeModelCommand: "invoke_model",
  InvokeModelWithResponseStreamCommand: "invoke_model_stream",
  StartAsyncInvokeCommand: "async_invoke",
  ApplyGuardrailCommand: "apply_guardrail",
  InvokeModelWithBidirectionalStreamCommand: "bidirectional_stream",
};

/** The same operations on the aggregated `BedrockRuntime` client. */
const METHODS: Record<string, Api> = {
  converse: "converse",
  converseStream: "converse_stream",
  invokeModel: "invoke_model",
  invokeModelWithResponseStream: "invoke_model_stream",
  startAsyncInvoke: "async_invoke",
  applyGuardrail: "apply_guardrail",
  invokeModelWithBidirectionalStream: "bidirectional_stream",
};

/** `client.send(new ConverseCommand({...}))`, a command built first, and `new BedrockRuntime().converse({...})`. */
export const recogniseBedrockRuntime: Recogniser = {
  triggers: [...Object.keys(COMMANDS), ...Object.keys(METHODS)],
  objectModules: [RUNTIME],
  recognise(value, evaluator) {
    if (value.module !== RUNTIME) return undefined;
    const api = awsOperation(value.steps, COMMANDS, "BedrockRuntime", METHODS);
    const invocation = api && lastInvocation(value, evaluator);
    if (!api || !invocation) return undefined;
    const node = sendCallOf(invocation.node) ?? invocation.node;
    const input = invocation.input;
    const field = bodyReader(input);
    if (api === "apply_guardrail") {
      const guardrail = guardrailFrom(field("guardrailIdentifier"), applyGuardrailChecks(field("source")));
      return { node, sdk: "aws-sdk-js-v3", api, model: APPLY_GUARDRAIL_MODEL, maxTokens: { kind: "absent" }, cachePoints: noCachePoints(), systemPrompt: null, serviceTier: serviceTierFrom(undefined), embedding: false, notes: [], ...withGuardrail(guardrail) };
    }
    const model = modelFrom(getProperty(input, "modelId"), "modelId");
    const common = { node, sdk: "aws-sdk-js-v3" as const, api, model, embedding: isEmbeddingModel(model), notes: [], ...withRegion(clientRegion(value, invocation.node, evaluator)) };
    if (api === "converse" || api === "converse_stream") {
      return { ...common, ...converseFacts(input), ...withGuardrail(guardrailFrom(field("guardrailConfig", "guardrailIdentifier"), MODEL_CALL_CHECKS)) };
    }
    // A speech session's events (and its sessionStart cap) stream in at run time: only the model is read.
    if (api === "bidirectional_stream") return { ...common, maxTokens: { kind: "absent" }, cachePoints: noCachePoints(), systemPrompt: null, serviceTier: serviceTierFrom(undefined) };
    const body = api === "async_invoke" ? getProperty(input, "modelInput") : getProperty(input, "body");
    return {
      ...common,
      ...bodyFacts(body, model.id),
      serviceTier: serviceTierFrom(getProperty(input, "serviceTier")),
      ...withGuardrail(guardrailFrom(field("guardrailIdentifier"), MODEL_CALL_CHECKS)),
    };
  },
};

function converseFacts(input: Value | undefined) {
  const prompt = emptyPrompt();
  addSystemField(prompt, getProperty(input, "system"));
  const serviceTier = getProperty(input, "serviceTier");
  return {
    maxTokens: maxTokensFrom(getPath(input, "inferenceConfig", "maxTokens")),
    cachePoints: cachePointsIn([
      { location: "tools", blocks: itemsOf(getPath(input, "toolConfig", "tools")) },
      { location: "system", blocks: itemsOf(getProperty(input, "system")) },
      { location: "messages", blocks: messageBlocks(getProperty(input, "messages")) },
    ]),
    systemPrompt: systemPromptFrom(prompt),
    // Converse carries the tier as `{ type }`; an absent object means the default tier.
    serviceTier: serviceTierFrom(serviceTier === undefined || serviceTier.kind === "nullish" ? serviceTier : getPath(input, "serviceTier", "type")),
    ...withThinking(thinkingFrom(getProperty(input, "additionalModelRequestFields"))),
  };
}
