import { APPLY_GUARDRAIL_MODEL, MODEL_CALL_CHECKS, applyGuardrailChecks, guardrailFrom } from "../../guardrail.js";
import { withGuardrail, withRegion, withThinking } from "../../optional-facts.js";
import type { Api, ResolvedModel } from "../../../model/call-site.js";
import { INVOKE_FLOW_MODEL, RERANKER_PATH, RETRIEVE_AND_GENERATE_NOTE, invokedAgentModel, invokedFlow } from "../../agent-runtime.js";
import { bodyFamily, bodyReader, isEmbeddingModel, readBody } from "../invoke-body.js";
import {
  CacheTally, NO_CACHE, STANDARD_TIER, converseTierFrom, firstOf, maxTokensFrom, modelFrom, systemPromptFrom, thinkingFrom, tierFrom,
} from "../request-fields.js";
import { type CallContext, type Recognition, type Recogniser, type SiteFacts, argument, rerankFacts, site } from "../site-facts.js";
import { type Slot, read } from "../values.js";

/** boto3 / aioboto3 client factories: `boto3.client(…)`, `boto3.Session().client(…)`, `aioboto3.Session().client(…)`. */
const CLIENT_FACTORY = /^(?:boto3|aioboto3)(?:\.session)?(?:\.Session)?\.client$/;
const CLIENT_MODULES = ["boto3", "aioboto3", "botocore", "mypy_boto3_bedrock_runtime", "types_aiobotocore_bedrock_runtime"];

const RUNTIME_METHODS: Record<string, Api> = {
  converse: "converse",
  converse_stream: "converse_stream",
  invoke_model: "invoke_model",
  invoke_model_with_response_stream: "invoke_model_stream",
  start_async_invoke: "async_invoke",
  apply_guardrail: "apply_guardrail",
};
const BATCH_METHOD = "create_model_invocation_job";
/** bedrock-agent-runtime operations that run a model (see agent-runtime.ts), with the argument only that operation takes: how a client from elsewhere is recognised. */
const AGENT_RUNTIME_METHODS: Record<string, { api: Api; argument: string }> = {
  retrieve_and_generate: { api: "retrieve_and_generate", argument: "retrieveAndGenerateConfiguration" },
  retrieve_and_generate_stream: { api: "retrieve_and_generate", argument: "retrieveAndGenerateConfiguration" },
  invoke_agent: { api: "agent", argument: "agentAliasId" },
  invoke_inline_agent: { api: "agent", argument: "foundationModel" },
  rerank: { api: "rerank", argument: "rerankingConfiguration" },
  invoke_flow: { api: "flow", argument: "flowIdentifier" },
};
const NO_MODEL: ResolvedModel = { id: null, source: "dynamic", origin: "no modelId given" };

/** `<bedrock-runtime client>.converse(…)` and friends; `<bedrock client>.create_model_invocation_job(…)`. */
export const boto3: Recogniser = { names: [...Object.keys(RUNTIME_METHODS), BATCH_METHOD, ...Object.keys(AGENT_RUNTIME_METHODS)], recognise };

function recognise(context: CallContext): Recognition | null {
  const api = apiOf(context);
  if (!api) return null;
  const facts = agentRuntimeMethod(api.method) ? agentRuntimeFacts(api.method, context.args) : factsFor(api.api, context.args);
  if (api.note) facts.notes.push(api.note);
  return site({ ...facts, ...withRegion(api.region) });
}

function apiOf({ callee, fn, args, evaluator, imports }: CallContext): { api: Api; method: string; note?: string; region?: string } | null {
  if (callee.kind === "ref" && callee.receiver && CLIENT_FACTORY.test(callee.receiver.type)) {
    const method = callee.path.slice(callee.path.lastIndexOf(".") + 1);
    const client = callee.receiver;
    const service = client.evaluator.argument(client.call, "service_name", 0);
    const known = service.state === "present" && service.value.kind === "str" ? service.value.value : null;
    // boto3.client(service_name, region_name=None, …): a static Region selects Region-specific prices.
    const regionName = client.evaluator.argument(client.call, "region_name", 1);
    const region = regionName.state === "present" && regionName.value.kind === "str" ? regionName.value.value : undefined;
    if (RUNTIME_METHODS[method] && (known === null || known === "bedrock-runtime")) return { api: RUNTIME_METHODS[method], method, ...(region ? { region } : {}) };
    if (method === BATCH_METHOD && (known === null || known === "bedrock")) return { api: "batch_job", method };
    const agentRuntime = agentRuntimeMethod(method);
    if (agentRuntime && (known === null || known === "bedrock-agent-runtime")) return { api: agentRuntime.api, method };
    return null;
  }
  // A client from elsewhere whose value is unknown (a parameter, another module, a library object made
  // in another module): the method name and a `modelId` argument together are specific to Bedrock, in a
  // file that uses the AWS SDK or on a receiver that comes from a parameter or a module of the repository.
  if (fn.type !== "attribute") return null;
  const madeElsewhere = callee.kind === "ref" && callee.receiver !== undefined && callee.receiver.evaluator.module !== evaluator.module;
  if (callee.kind !== "dynamic" && !madeElsewhere) return null;
  const method = fn.childForFieldName("attribute")!.text;
  const agentRuntime = agentRuntimeMethod(method);
  const api = RUNTIME_METHODS[method] ?? (method === BATCH_METHOD ? "batch_job" : agentRuntime?.api);
  const telling = agentRuntime?.argument ?? (api === "apply_guardrail" ? "guardrailIdentifier" : "modelId");
  if (!api || argument(args, telling).state === "absent") return null;
  if (!madeElsewhere && !CLIENT_MODULES.some((module) => imports.has(module)) && !evaluator.comesFromElsewhere(fn.childForFieldName("object")!)) return null;
  return { api, method, note: `client not resolved in this file: recognised by its method and ${telling} argument` };
}

function agentRuntimeMethod(method: string): { api: Api; argument: string } | undefined {
  return Object.hasOwn(AGENT_RUNTIME_METHODS, method) ? AGENT_RUNTIME_METHODS[method] : undefined;
}

/**
 * RetrieveAndGenerate generates on `modelArn` (a knowledge base or external sources), capped by the
 * generation's text inference config; InvokeInlineAgent names its foundation model and instruction;
 * InvokeAgent names only the agent (bindInvokedAgents finds its model in the IaC); Rerank names its
 * model in the reranking configuration and is billed per query, one per 100 sources.
 */
function agentRuntimeFacts(method: string, args: Slot): SiteFacts {
  const base = { sdk: "boto3" as const, cachePoints: NO_CACHE, serviceTier: STANDARD_TIER, embedding: false };
  if (method === "invoke_inline_agent") {
    return { ...base, api: "agent", model: modelFrom(argument(args, "foundationModel"), NO_MODEL), maxTokens: { kind: "absent" }, systemPrompt: systemPromptFrom(argument(args, "instruction")), notes: [] };
  }
  if (method === "invoke_agent") {
    const agent = argument(args, "agentId");
    const id = agent.state === "present" && agent.value.kind === "str" ? agent.value.value : null;
    return {
      ...base,
      api: "agent",
      model: invokedAgentModel(id),
      maxTokens: { kind: "absent" },
      systemPrompt: null,
      notes: [],
      invokesAgent: { id },
    };
  }
  if (method === "invoke_flow") {
    return { ...base, api: "flow", model: INVOKE_FLOW_MODEL, maxTokens: { kind: "absent" }, systemPrompt: null, notes: [], invokesFlow: invokedFlow(bodyReader(args)("flowIdentifier")) };
  }
  if (method === "rerank") {
    const model = read(argument(args, "rerankingConfiguration"), "bedrockRerankingConfiguration", "modelConfiguration", "modelArn");
    return rerankFacts("boto3", modelFrom(model, { id: null, source: "dynamic", origin: "no modelArn given" }), argument(args, "sources"), []);
  }
  const config = argument(args, "retrieveAndGenerateConfiguration");
  const source = firstOf(config, [["knowledgeBaseConfiguration"], ["externalSourcesConfiguration"]]);
  const reranker = read(source, ...RERANKER_PATH);
  const knowledgeBase = bodyReader(source)("knowledgeBaseId");
  return {
    ...base,
    api: "retrieve_and_generate",
    model: modelFrom(read(source, "modelArn"), { id: null, source: "dynamic", origin: "no modelArn given" }),
    maxTokens: maxTokensFrom(read(source, "generationConfiguration", "inferenceConfig", "textInferenceConfig", "maxTokens")),
    systemPrompt: null,
    notes: [RETRIEVE_AND_GENERATE_NOTE],
    // External sources have no knowledge base: no query embedding, no reranking.
    ...(knowledgeBase.kind === "absent"
      ? {}
      : {
          retrieval: {
            knowledgeBaseId: knowledgeBase.kind === "string" ? knowledgeBase.value : null,
            ...(reranker.state === "absent" ? {} : { reranker: modelFrom(reranker, { id: null, source: "dynamic", origin: "no reranker modelArn given" }) }),
          },
        }),
  };
}

function factsFor(api: Api, args: Slot): SiteFacts {
  const model = modelFrom(argument(args, "modelId"), NO_MODEL);
  const base = { sdk: "boto3" as const, api, model, embedding: isEmbeddingModel(model.id), notes: [] as string[] };
  const field = bodyReader(args);
  switch (api) {
    case "apply_guardrail":
      return {
        ...base,
        model: APPLY_GUARDRAIL_MODEL,
        maxTokens: { kind: "absent" },
        cachePoints: NO_CACHE,
        systemPrompt: null,
        serviceTier: STANDARD_TIER,
        ...withGuardrail(guardrailFrom(field("guardrailIdentifier"), applyGuardrailChecks(field("source")))),
      };
    case "converse":
    case "converse_stream": {
      const cache = new CacheTally();
      cache.addBlocks("tools", read(argument(args, "toolConfig"), "tools"));
      cache.addBlocks("system", argument(args, "system"));
      cache.addMessages(argument(args, "messages"));
      return {
        ...base,
        maxTokens: maxTokensFrom(read(argument(args, "inferenceConfig"), "maxTokens")),
        cachePoints: cache.result(),
        systemPrompt: systemPromptFrom(argument(args, "system")),
        serviceTier: converseTierFrom(argument(args, "serviceTier")),
        ...withThinking(thinkingFrom(argument(args, "additionalModelRequestFields"))),
        ...withGuardrail(guardrailFrom(field("guardrailConfig", "guardrailIdentifier"), MODEL_CALL_CHECKS)),
      };
    }
    case "batch_job":
      return {
        ...base,
        maxTokens: { kind: "absent" },
        cachePoints: NO_CACHE,
        systemPrompt: null,
        serviceTier: STANDARD_TIER,
        notes: ["max tokens are set per record in the S3 input file"],
      };
    default: {
      const cache = new CacheTally();
      const body = argument(args, api === "async_invoke" ? "modelInput" : "body");
      const facts = readBody(body, bodyFamily(model.id), cache);
      return {
        ...base,
        ...facts,
        cachePoints: cache.result(),
        serviceTier: tierFrom(argument(args, "serviceTier")),
        ...withThinking(thinkingFrom(body)),
        ...withGuardrail(guardrailFrom(field("guardrailIdentifier"), MODEL_CALL_CHECKS)),
      };
    }
  }
}
