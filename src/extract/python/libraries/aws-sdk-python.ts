import type { ResolvedModel } from "../../../model/call-site.js";
import { NO_CACHE, STANDARD_TIER, modelFrom } from "../request-fields.js";
import { type CallContext, type Recognition, type Recogniser, argument, site } from "../site-facts.js";

const METHOD = "invoke_model_with_bidirectional_stream";
/** The request object of the Smithy-based SDK (`aws_sdk_bedrock_runtime.client`). */
const INPUT = /(?:^|\.)InvokeModelWithBidirectionalStreamOperationInput$/;
const NO_MODEL: ResolvedModel = { id: null, source: "dynamic", origin: "no model_id given" };

/**
 * `await client.invoke_model_with_bidirectional_stream(InvokeModelWithBidirectionalStreamOperationInput(model_id=…))`:
 * a Nova Sonic speech session, from the AWS SDK for Python that has bidirectional streams (boto3 has none).
 * The method name is Bedrock's alone, so any receiver is recognised; its events stream in at run time.
 */
export const awsSdkPython: Recogniser = { names: [METHOD], recognise };

function recognise({ fn, args }: CallContext): Recognition | null {
  if (fn.type !== "attribute" || fn.childForFieldName("attribute")?.text !== METHOD) return null;
  const input = argument(args, "input", 0);
  const request = input.state === "present" && input.value.kind === "object" && INPUT.test(input.value.type) ? input.value : undefined;
  const model: ResolvedModel = request
    ? modelFrom(request.evaluator.argument(request.call, "model_id", 0), NO_MODEL)
    : modelFrom(argument(args, "model_id"), { id: null, source: "dynamic", origin: input.state === "unknown" ? input.origin : "the request is not built here" });
  return site({
    sdk: "aws-sdk-python",
    api: "bidirectional_stream",
    model,
    maxTokens: { kind: "absent" },
    cachePoints: NO_CACHE,
    systemPrompt: null,
    serviceTier: STANDARD_TIER,
    embedding: false,
    notes: [],
  });
}
