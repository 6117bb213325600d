import type { SourceLocation } from "./location.js";

/** Source language; IaC formats for agents declared in Terraform or CloudFormation. */
export type Language = "typescript" | "javascript" | "python" | "terraform" | "cloudformation" | "yaml";

export type Sdk =
  | "aws-sdk-js-v3"
  | "anthropic-bedrock"
  | "ai-sdk"
  | "langchain"
  | "boto3"
  /** The Smithy-based AWS SDK for Python (`aws_sdk_bedrock_runtime`), the one with bidirectional streams. */
  | "aws-sdk-python"
  | "strands"
  | "llamaindex"
  | "litellm"
  | "dspy"
  | "crewai"
  | "pydantic-ai"
  | "haystack"
  | "pipecat"
  | "bedrock-agent"
  | "bedrock-flow";

/** How the call reaches Bedrock. Stable strings: they are part of the JSON contract and of site keys. */
export type Api =
  | "converse"
  | "converse_stream"
  | "invoke_model"
  | "invoke_model_stream"
  | "batch_job"
  | "async_invoke"
  /** InvokeModelWithBidirectionalStream: a speech-to-speech session (Nova Sonic). */
  | "bidirectional_stream"
  | "anthropic_messages"
  | "ai_sdk"
  | "langchain"
  /** A Bedrock Agent (declared in IaC, invoked, or inline): its foundation model is called several times per request. */
  | "agent"
  /** A knowledge base's RetrieveAndGenerate: retrieval, then one generation on the request's model. */
  | "retrieve_and_generate"
  /** bedrock-agent-runtime Rerank (or a framework's reranker): billed per query on a rerank model. */
  | "rerank"
  /** bedrock-runtime ApplyGuardrail: text checked against a guardrail's policies, no model called. */
  | "apply_guardrail"
  /** bedrock-agent-runtime InvokeFlow: billed per node transition; its nodes' model calls are sites of their own. */
  | "flow"
  /** A Prompt (or answering KnowledgeBase) node of a flow the IaC declares: one model call per flow invocation. */
  | "flow_prompt";

/**
 * Where a statically resolved value came from.
 * - literal: written at the call; constant: followed through a declaration in the file (or an import)
 * - env-default: the fallback of `process.env.X ?? "…"` / `os.environ.get("X", "…")` (env name recorded)
 * - sdk-default: not written anywhere; the SDK's documented default applies
 * - dynamic: cannot be known statically; `origin` says what it depends on
 */
export type ValueSource = "literal" | "constant" | "env-default" | "sdk-default" | "dynamic";

export interface ResolvedModel {
  /** The model id, profile id or ARN exactly as written/resolved; null when dynamic. */
  id: string | null;
  source: ValueSource;
  /** Environment variable the value is read from (with or without a fallback). */
  env?: string;
  /** For dynamic values: a short description of what it depends on, e.g. "parameter `modelId`". */
  origin?: string;
}

export type MaxTokens =
  | { kind: "static"; value: number; source: ValueSource; env?: string }
  | { kind: "absent" }
  | { kind: "dynamic"; origin: string };

export type CacheLocation = "tools" | "system" | "messages";

export interface CachePoints {
  count: number;
  /** Where each cache point sits, in request order (tools -> system -> messages). */
  locations: CacheLocation[];
  /** Longest TTL requested; "5m" when unspecified. */
  ttl: "5m" | "1h";
}

export interface SystemPrompt {
  /** Characters of statically known system prompt text; null when the prompt exists but is not static. */
  chars: number | null;
  /** What the text was resolved from, or why it is unknown. */
  origin: string;
}

export type ServiceTier = "standard" | "priority" | "flex" | "reserved";

export interface ServiceTierValue {
  tier: ServiceTier | null; // null: dynamic
  source: ValueSource;
  origin?: string;
}

/**
 * An image or video generation request's own figures, read from its body: images per call (Nova Canvas
 * and Titan Image Generator's `numberOfImages`) or seconds of video (Nova Reel), the image quality and
 * size its price depends on, and the task. The catalog's kind for the model decides how a site is
 * priced; these refine it (a Stability body has none: one image).
 */
export interface MediaRequest {
  kind: "image" | "video" | "rerank";
  /** Images, seconds or rerank queries per call; absent: the model's default (one image; six seconds; one query). */
  count: MaxTokens;
  /** "standard" or "premium"; null when written but not readable; undefined when not set (standard). */
  quality?: string | null;
  /** Width × height in pixels; null when written but not readable; undefined when not set (the model's default). */
  pixels?: number | null;
  /** The body's taskType, e.g. TEXT_IMAGE, INPAINTING, MULTI_SHOT_AUTOMATED. */
  task?: string;
}

/** A text a guardrail checks: a model call's prompt ("input") or answer ("output"). */
export type GuardrailCheck = "input" | "output";

/**
 * A guardrail a call applies (Converse `guardrailConfig`, InvokeModel `guardrailIdentifier`) or checks
 * text with (ApplyGuardrail). Billed per 1,000 text units for each paid policy it has.
 */
export interface GuardrailUse {
  /** The guardrail identifier as written; null when it cannot be read statically. */
  id: string | null;
  /** Where a dynamic identifier comes from. */
  origin?: string;
  checks: GuardrailCheck[];
  /** The guardrail as the repository's IaC declares it, once the pipeline has bound it (bindGuardrails). */
  declared?: DeclaredGuardrail;
  /** Why no declaration was bound, once the pipeline has looked. */
  unbound?: string;
}

export interface DeclaredGuardrail {
  /** The resource's key (Resource.key). */
  key: string;
  name: string;
  path: string;
  line: number;
  /** The policy keys the declaration enables (standing.json guardrails.policies). */
  policies: string[];
}

export interface InvokedFlow {
  id: string | null;
  origin?: string;
  declared?: { key: string; name: string; path: string; line: number; nodes: number };
  /** Why no declaration was bound, once the pipeline has looked. */
  unbound?: string;
}

/**
 * What a RetrieveAndGenerate call runs besides its generation: the query embedded on its knowledge
 * base's embedding model, and a reranking of the retrieved passages when the request configures one.
 */
export interface Retrieval {
  /** The knowledgeBaseId as written; null when dynamic or for external sources. */
  knowledgeBaseId: string | null;
  /** The reranking model of `vectorSearchConfiguration.rerankingConfiguration`, when configured. */
  reranker?: ResolvedModel;
  /** The knowledge base the IaC declares, once the pipeline has bound it (bindKnowledgeBases). */
  declared?: { key: string; name: string; path: string; line: number; embeddingModel: string | null };
  /** Why no declaration was bound, once the pipeline has looked. */
  unbound?: string;
}

/** A `bedrock-cost:` usage annotation found in a comment right above the call. Values are raw text, validated later. */
export interface UsageAnnotation {
  line: number;
  fields: Record<string, string>;
}

/**
 * A declaration in another file that a site's facts were read through (a constant in `config/`, a
 * client factory, the call of a wrapper). `digest` fingerprints the declaration's text, so a diff can
 * tell which of them changed: those are what moved a site in a file the change did not touch.
 */
export interface DeclarationRef {
  path: string;
  line: number;
  /** What was read: `MODEL`, `getAnthropicClient`, "call of `chat`". */
  name: string;
  digest: string;
}

/**
 * One call on the way to a site through wrapper functions: the site's facts come from this call's
 * arguments (`chat(prompt, MODEL)` in a route handler reaching `client.send(...)` inside `chat`).
 */
export interface CallerLink {
  path: string;
  line: number;
  column: number;
  /** Enclosing symbol of the call ("POST", "SupportAgent.step"); "" at module level. */
  symbol: string;
  /** The wrapper called, e.g. "chat". */
  callee: string;
  /** 0-based index among this symbol's calls of the same wrapper, in source order: part of the path's key. */
  ordinal: number;
  /** A `bedrock-cost:` annotation above the call: it prices this path. */
  annotation?: UsageAnnotation;
}

/** One place in code that invokes a Bedrock model. Produced by extractors; pure data. */
export interface CallSite {
  /** Stable across base/head: path + enclosing symbol + api + ordinal. Built by `siteKey`. */
  key: string;
  location: SourceLocation;
  language: Language;
  sdk: Sdk;
  api: Api;
  /** Enclosing symbol path, e.g. "SupportAgent.step", "answer"; "" at module level. */
  symbol: string;
  /** 0-based index among the sites of this file with the same symbol and api, in source order. */
  ordinal: number;
  model: ResolvedModel;
  maxTokens: MaxTokens;
  cachePoints: CachePoints;
  /** null when the call carries no system prompt at all. */
  systemPrompt: SystemPrompt | null;
  serviceTier: ServiceTierValue;
  /** The model is an embedding model or the API is an embedding API: input tokens only. */
  embedding: boolean;
  /**
   * Extended thinking / reasoning turned on, and its token budget (Claude `thinking.budget_tokens`,
   * `reasoningConfig.budgetTokens`): thinking is billed as output. Dynamic when on without a number
   * (a Nova reasoning effort, a budget from a variable). Absent when the request does not turn it on.
   */
  thinkingBudget?: MaxTokens;
  /** What an image or video generation request asks for (see MediaRequest); absent for other requests. */
  media?: MediaRequest;
  /** The guardrail the call applies or, for ApplyGuardrail, checks text with; absent when none. */
  guardrail?: GuardrailUse;
  /** A RetrieveAndGenerate call's query embedding and reranking (see Retrieval). */
  retrieval?: Retrieval;
  /**
   * The AWS Region the call runs in, when static: its client's (`region` / `region_name`, or the default
   * of an `AWS_REGION` lookup), else the one its deployment declares (applyDeploymentRegion). Selects
   * Region-specific prices; `from` says where it was read, for the report.
   */
  region?: { name: string; from: string };
  /** Heuristic hints the estimator may surface, e.g. "inside a loop", "constructor: invoked where used". */
  notes: string[];
  annotation?: UsageAnnotation;
  /**
   * An InvokeAgent call names the agent, not its model: the agent id as written (null when dynamic).
   * The pipeline prices it through the agent the repository's IaC declares (bindInvokedAgents).
   */
  invokesAgent?: { id: string | null };
  /** An InvokeFlow call: the flow as written, and the flow the IaC declares once the pipeline has bound it (bindFlows). */
  invokesFlow?: InvokedFlow;
  /**
   * When the site's facts come from its function's parameters: the calls that reach it, innermost
   * first. Each caller path is its own site (key, price, usage) at the same location.
   */
  callers?: CallerLink[];
  /** Declarations in other files the facts were read through (see DeclarationRef). */
  via?: DeclarationRef[];
}

/** What an SDK recogniser learns from one invocation; the extractor adds location, symbol, key and annotation. */
export type CallFacts = Pick<CallSite, "sdk" | "api" | "model" | "maxTokens" | "cachePoints" | "systemPrompt" | "serviceTier" | "embedding" | "notes" | "invokesAgent" | "invokesFlow" | "thinkingBudget" | "media" | "guardrail" | "retrieval" | "region">;

/** A guardrail or flow as the code names it: its identifier, or where the identifier comes from. */
export function identifierLabel({ id, origin }: { id: string | null; origin?: string }): string {
  return id ?? `(identifier ${origin ?? "not static"})`;
}

export function siteKey(path: string, symbol: string, api: Api, ordinal: number): string {
  return `${path}#${symbol || "<module>"}#${api}#${ordinal}`;
}

/** The key of one caller path to a site: the site's own key, then each call on the way (innermost first). */
export function callerPathKey(key: string, callers: readonly CallerLink[]): string {
  return callers.reduce((k, link) => `${k}<${link.path}#${link.symbol || "<module>"}#${link.callee}#${link.ordinal}`, key);
}
