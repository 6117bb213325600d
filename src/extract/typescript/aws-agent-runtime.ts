import { INVOKE_FLOW_MODEL, RERANKER_PATH, RETRIEVE_AND_GENERATE_NOTE, invokedAgentModel, invokedFlow } from "../agent-runtime.js";
import { rerankRequestFrom } from "../media-request.js";
import { bodyReader } from "./invoke-body.js";
import { emptyPrompt, addText, maxTokensFrom, modelFrom, noCachePoints, serviceTierFrom, systemPromptFrom } from "./fields.js";
import { awsOperation, lastInvocation, sendCallOf, type Recognised, type Recogniser } from "./recognised.js";
import { getPath, getProperty, type Value } from "./value.js";

const AGENT_RUNTIME = "@aws-sdk/client-bedrock-agent-runtime";

type Operation = "retrieveAndGenerate" | "invokeAgent" | "invokeInlineAgent" | "rerank" | "invokeFlow";
const COMMANDS: Record<string, Operation> = {
  RetrieveAndGenerateCommand: "retrieveAndGenerate",
  RetrieveAndGenerateStreamCommand: "retrieveAndGenerate",
  InvokeAgentCommand: "invokeAgent",
  InvokeInlineAgentCommand: "invokeInlineAgent",
  RerankCommand: "rerank",
  InvokeFlowCommand: "invokeFlow",
};
/** The same operations on the aggregated `BedrockAgentRuntime` client. */
const METHODS: Record<string, Operation> = {
  retrieveAndGenerate: "retrieveAndGenerate",
  retrieveAndGenerateStream: "retrieveAndGenerate",
  invokeAgent: "invokeAgent",
  invokeInlineAgent: "invokeInlineAgent",
  rerank: "rerank",
  invokeFlow: "invokeFlow",
};

/** bedrock-agent-runtime operations that run a model (see agent-runtime.ts for what is left out and why). */
export const recogniseAgentRuntime: Recogniser = {
  triggers: [...Object.keys(COMMANDS), ...Object.keys(METHODS)],
  objectModules: [AGENT_RUNTIME],
  recognise(value, evaluator) {
    if (value.module !== AGENT_RUNTIME) return undefined;
    const operation = awsOperation(value.steps, COMMANDS, "BedrockAgentRuntime", METHODS);
    const invocation = operation && lastInvocation(value, evaluator);
    if (!operation || !invocation) return undefined;
    return { node: sendCallOf(invocation.node) ?? invocation.node, ...facts(operation, invocation.input) };
  },
};

function facts(operation: Operation, input: Value | undefined): Omit<Recognised, "node"> {
  const base = { sdk: "aws-sdk-js-v3" as const, cachePoints: noCachePoints(), serviceTier: serviceTierFrom(undefined), embedding: false };
  if (operation === "invokeInlineAgent") {
    const prompt = emptyPrompt();
    addText(prompt, getProperty(input, "instruction"));
    return { ...base, api: "agent", model: modelFrom(getProperty(input, "foundationModel"), "foundationModel"), maxTokens: { kind: "absent" }, systemPrompt: systemPromptFrom(prompt), notes: [] };
  }
  if (operation === "invokeAgent") {
    const agent = getProperty(input, "agentId");
    const id = agent?.kind === "string" ? agent.value : null;
    return { ...base, api: "agent", model: invokedAgentModel(id), maxTokens: { kind: "absent" }, systemPrompt: null, notes: [], invokesAgent: { id } };
  }
  if (operation === "invokeFlow") {
    return { ...base, api: "flow", model: INVOKE_FLOW_MODEL, maxTokens: { kind: "absent" }, systemPrompt: null, notes: [], invokesFlow: invokedFlow(bodyReader(input)("flowIdentifier")) };
  }
  if (operation === "rerank") {
    const model = getPath(input, "rerankingConfiguration", "bedrockRerankingConfiguration", "modelConfiguration", "modelArn");
    return { ...base, api: "rerank", model: modelFrom(model, "modelArn"), maxTokens: { kind: "absent" }, systemPrompt: null, notes: [], media: rerankRequestFrom(bodyReader(input)("sources")) };
  }
  const config = getProperty(input, "retrieveAndGenerateConfiguration");
  const source = getProperty(config, "knowledgeBaseConfiguration") ?? getProperty(config, "externalSourcesConfiguration");
  const reranker = getPath(source, ...RERANKER_PATH);
  const knowledgeBase = bodyReader(source)("knowledgeBaseId");
  return {
    ...base,
    api: "retrieve_and_generate",
    model: modelFrom(getProperty(source, "modelArn"), "modelArn"),
    maxTokens: maxTokensFrom(getPath(source, "generationConfiguration", "inferenceConfig", "textInferenceConfig", "maxTokens")),
    systemPrompt: null,
    notes: [RETRIEVE_AND_GENERATE_NOTE],
    // External sources have no knowledge base: no query embedding, no reranking.
    ...(knowledgeBase.kind === "absent"
      ? {}
      : {
          retrieval: {
            knowledgeBaseId: knowledgeBase.kind === "string" ? knowledgeBase.value : null,
            ...(reranker === undefined || reranker.kind === "nullish" ? {} : { reranker: modelFrom(reranker, "reranker modelArn") }),
          },
        }),
  };
}
