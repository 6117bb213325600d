import { isEmbeddingModel, modelFrom, noCachePoints, serviceTierFrom } from "./fields.js";
import { lastInvocation, sendCallOf, stepWords, type Recogniser } from "./recognised.js";
import { getProperty } from "./value.js";

const CONTROL_PLANE = "@aws-sdk/client-bedrock";

export const BATCH_NOTE = "batch job: the output cap is set per record in the S3 input file";

/** `new CreateModelInvocationJobCommand({ modelId, ... })` or `new Bedrock().createModelInvocationJob({...})`. */
export const recogniseBatchJob: Recogniser = {
  triggers: ["CreateModelInvocationJobCommand", "createModelInvocationJob"],
  objectModules: [CONTROL_PLANE],
  recognise(value, evaluator) {
    if (value.module !== CONTROL_PLANE) return undefined;
    const words = stepWords(value.steps).join(" ");
    if (words !== "CreateModelInvocationJobCommand new" && words !== "Bedrock new createModelInvocationJob ()") return undefined;
    const invocation = lastInvocation(value, evaluator);
    if (!invocation) return undefined;
    const model = modelFrom(getProperty(invocation.input, "modelId"), "modelId");
    return {
      node: sendCallOf(invocation.node) ?? invocation.node,
      sdk: "aws-sdk-js-v3",
      api: "batch_job",
      model,
      maxTokens: { kind: "absent" },
      cachePoints: noCachePoints(),
      systemPrompt: null,
      // Batch pricing follows from the api; the request itself names no tier.
      serviceTier: serviceTierFrom(undefined),
      embedding: isEmbeddingModel(model),
      notes: [BATCH_NOTE],
    };
  },
};
