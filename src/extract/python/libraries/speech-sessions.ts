import type { ResolvedModel, Sdk } from "../../../model/call-site.js";
import { modelFrom } from "../request-fields.js";
import { type CallContext, type Recognition, type Recogniser, argument, modelOnlyFacts, site } from "../site-facts.js";

const METHOD = "invoke_model_with_bidirectional_stream";
/** The request object of the Smithy-based SDK (`aws_sdk_bedrock_runtime.client`). */
const INPUT = /(?:^|\.)InvokeModelWithBidirectionalStreamOperationInput$/;
const NO_MODEL: ResolvedModel = { id: null, source: "dynamic", origin: "no model_id given" };
/**
 * Speech-agent classes that open the session themselves. Their default model moved from Nova Sonic to
 * Nova 2 Sonic between releases (strands-agents experimental/bidi/models/nova_sonic.py, pipecat
 * services/aws/nova_sonic/llm.py), so an unset model is the installed version's and is not guessed.
 */
const WRAPPERS: Array<{ path: RegExp; sdk: Sdk; model: string }> = [
  { path: /^strands\.experimental\.bidi(?:\.[a-z_.]+)?\.BidiNovaSonicModel$/, sdk: "strands", model: "model_id" },
  { path: /^pipecat\.services\.[a-z_.]+\.AWSNovaSonicLLMService$/, sdk: "pipecat", model: "model" },
];

/**
 * Nova Sonic speech sessions: `await client.invoke_model_with_bidirectional_stream(InvokeModelWithBidirectionalStreamOperationInput(model_id=…))`
 * from the AWS SDK for Python that has bidirectional streams (boto3 has none) — the method name is
 * Bedrock's alone, so any receiver is recognised — and the Strands and Pipecat classes that open one.
 * A session's events (and its sessionStart cap) stream in at run time: only the model is read.
 */
export const speechSessions: Recogniser = { names: [METHOD, "BidiNovaSonicModel", "AWSNovaSonicLLMService"], recognise };

function recognise({ fn, callee, args }: CallContext): Recognition | null {
  const wrapper = callee.kind === "ref" ? WRAPPERS.find((known) => known.path.test(callee.path)) : undefined;
  if (wrapper) {
    const unset: ResolvedModel = { id: null, source: "dynamic", origin: `no ${wrapper.model} given: the default (Nova Sonic or Nova 2 Sonic) depends on the installed ${wrapper.sdk} version` };
    return session(wrapper.sdk, modelFrom(argument(args, wrapper.model), unset), "speech agent: one session each time it is started; usage counted at its construction");
  }
  if (fn.type !== "attribute" || fn.childForFieldName("attribute")?.text !== METHOD) return null;
  const input = argument(args, "input", 0);
  const request = input.state === "present" && input.value.kind === "object" && INPUT.test(input.value.type) ? input.value : undefined;
  const model = request
    ? modelFrom(request.evaluator.argument(request.call, "model_id", 0), NO_MODEL)
    : modelFrom(argument(args, "model_id"), { id: null, source: "dynamic", origin: input.state === "unknown" ? input.origin : "the request is not built here" });
  return session("aws-sdk-python", model);
}

function session(sdk: Sdk, model: ResolvedModel, note?: string): Recognition {
  return site(modelOnlyFacts(sdk, "bidirectional_stream", model, note ? [note] : []));
}
