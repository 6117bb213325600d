import type { CachePoints, CallSite, MaxTokens, ServiceTier } from "./call-site.js";
import type { ResourceEstimate, SiteEstimate } from "./estimate.js";
import type { Resource } from "./resource.js";
import type { Change } from "./report.js";
import type { UsageAssumptions } from "./usage.js";

/** What the catalog says about the model a site calls, as far as rules need it. */
export interface ModelFacts {
  /** Catalog base id, e.g. "anthropic.claude-sonnet-4-5-20250929-v1:0". */
  id: string;
  name: string;
  /** Billed per token (text, embedding), or per image, second of video or rerank query. */
  kind: "text" | "embedding" | "speech" | "image" | "video" | "rerank";
  maxOutputTokens: number | null;
  /** Minimum tokens per cache point; null when the model has no prompt caching on Bedrock. */
  cacheMinTokens: number | null;
  /** Geographic profiles and bare in-region ids cost 1.1× the global profile. */
  regionalPremium: boolean;
}

/** A call site with everything the pipeline learned about it: the input every rule reads. */
export interface PricedSite {
  site: CallSite;
  change: Change;
  profile: "none" | "geo" | "global" | "application" | "provisioned";
  /** Geo prefix of a system profile ("us", "eu", …), when there is one. */
  geo: string | null;
  model: ModelFacts | null;
  systemPromptTokens: number | null;
  usage: UsageAssumptions;
  estimate: SiteEstimate;
  /** The same site on the base side, priced under the same assumptions, when the change paired one (diff only). */
  base?: PricedSite;
}

/** A counterfactual of a site: the same call with some facts changed. */
export interface SiteVariant {
  modelId?: string;
  maxTokens?: MaxTokens;
  cachePoints?: CachePoints;
  outputTokens?: number;
  serviceTier?: ServiceTier;
}

/** Prices a counterfactual under the same usage assumptions (pure). */
export type Reprice = (priced: PricedSite, variant: SiteVariant) => SiteEstimate;

/** An IaC resource with its price (null for kinds priced elsewhere: agents as call sites, collections via their knowledge base). */
export interface PricedResourceFact {
  resource: Resource;
  change: Change;
  estimate: ResourceEstimate | null;
}
