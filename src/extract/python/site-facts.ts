import type { Node } from "web-tree-sitter";
import type { Api, CachePoints, CallFacts, ResolvedModel, Sdk, SystemPrompt } from "../../model/call-site.js";
import { rerankRequestFrom } from "../media-request.js";
import type { Evaluator } from "./evaluate.js";
import { bodyReader } from "./invoke-body.js";
import { NO_CACHE, STANDARD_TIER } from "./request-fields.js";
import type { PyValue, Slot } from "./values.js";

export type SiteFacts = CallFacts;

export type Recognition =
  | { kind: "site"; facts: SiteFacts }
  /** One constructor that declares several model calls (a LiteLLM Router's deployments): a site each. */
  | { kind: "sites"; facts: SiteFacts[] }
  /** A Strands Agent built on a BedrockModel: the model's constructor is the site; the agent adds its system prompt. */
  | { kind: "agent"; modelCall: Node; systemPrompt: SystemPrompt | null; cachePoints: CachePoints };

export interface CallContext {
  call: Node;
  /** The called expression: the call's function, or the method handed to `asyncio.to_thread`. */
  fn: Node;
  /** What the called expression evaluates to. */
  callee: PyValue;
  /** The call's arguments as a dict (see Evaluator.arguments). */
  args: Slot;
  evaluator: Evaluator;
  /** Top-level modules this file imports, e.g. "boto3". */
  imports: ReadonlySet<string>;
}

export interface Recogniser {
  /** The last name every call it recognises ends in (method or class); other calls are never evaluated. */
  names: readonly string[];
  recognise(context: CallContext): Recognition | null;
}

export function site(facts: SiteFacts): Recognition {
  return { kind: "site", facts };
}

/** A framework reranker's documents: given where it runs, not where it is built. */
export const RUN_DOCUMENTS: Slot = { state: "unknown", origin: "the documents are given where the reranker runs" };

/** A call that names only its model: no cap, cache point or system prompt is set at the call. */
export function modelOnlyFacts(sdk: Sdk, api: Api, model: ResolvedModel, notes: string[]): SiteFacts {
  return { sdk, api, model, maxTokens: { kind: "absent" }, cachePoints: NO_CACHE, systemPrompt: null, serviceTier: STANDARD_TIER, embedding: false, notes };
}

/** A reranker's call (the Rerank API, a framework's ranker): no output, billed per query, one per 100 `documents`. */
export function rerankFacts(sdk: Sdk, model: ResolvedModel, documents: Slot, notes: string[]): SiteFacts {
  return { ...modelOnlyFacts(sdk, "rerank", model, notes), media: rerankRequestFrom(bodyReader(documents)()) };
}

/** The keyword argument, or the positional one at `position` when the keyword is not written. */
export function argument(args: Slot, keyword: string, position?: number): Slot {
  if (args.state !== "present" || args.value.kind !== "dict") return args;
  const entry = args.value.entries.get(keyword) ?? (position === undefined ? undefined : args.value.entries.get(`#${position}`));
  if (entry) return { state: "present", value: entry };
  return args.value.unknownKeys ? { state: "unknown", origin: args.value.unknownKeys } : { state: "absent" };
}

/** The first keyword of several aliases that is written (LangChain's `model=` / `model_id=`). */
export function anyArgument(args: Slot, keywords: string[]): Slot {
  let fallback: Slot = { state: "absent" };
  for (const keyword of keywords) {
    const slot = argument(args, keyword);
    if (slot.state === "present") return slot;
    fallback = slot;
  }
  return fallback;
}
