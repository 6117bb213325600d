import type { CallSite, ServiceTier } from "../model/call-site.js";
import type { CostComponent, SiteEstimate, TokenCostComponent } from "../model/estimate.js";
import type { UsageAssumptions } from "../model/usage.js";
import { isMediaModel, type Catalog, type CatalogModel, type Resolution } from "./catalog.js";
import { estimateFlowInvocation } from "./flow.js";
import { estimateGuardrailCheck, guardrailCost } from "./guardrail.js";
import { estimateMediaSite } from "./media.js";
import { retrievalCosts } from "./retrieval.js";
import { effectiveRates, type EffectiveRates } from "./rates.js";

/**
 * How one call site is priced per month (nothing is rounded here; the report rounds):
 *
 *   C  calls per month       = requests_per_month × calls_per_request
 *   I  input tokens per call = input_tokens (system prompt included)
 *   O  output tokens per call = output_tokens (+ thinking_tokens when the call turns extended thinking
 *                               on: thinking is billed as output), capped at the call's static max tokens
 *                               (else at the model's max output); 0 for embeddings
 *   P  cached prefix per call = min(system prompt tokens, I) when the call has a cache point on the
 *                               system prompt or later, the prompt size is known, reaches the model's
 *                               minimum tokens per cache point, and the call is not a batch job;
 *                               otherwise 0, and a note says why
 *   h  cache hit rate        = cache_hit_rate
 *
 *   cache reads  = C × P × h        at the cache-read rate
 *   cache writes = C × P × (1 − h)  at the cache-write rate of the call's TTL (5m or 1h)
 *   input        = C × (I − P)      at the input rate
 *   output       = C × O            at the output rate
 *   monthly cost = Σ tokens × effective rate per 1M / 1,000,000
 *
 * Input and output are always listed (embeddings have no output line); cache lines only when non-zero.
 * A guardrail the call applies adds its text units (guardrail.ts); ApplyGuardrail is its guardrail only;
 * InvokeFlow is its node transitions only (flow.ts). RetrieveAndGenerate adds its query embedding and
 * reranking (retrieval.ts). A speech model (Nova Sonic) is priced only on speech
 * tokens the user states: its defaults would be a guess.
 *
 * Effective rates (rates.ts) apply, in order: batch prices for batch jobs, long context, the regional
 * premium, the service tier, then the config discount. A site that cannot be priced says why; it is
 * never $0.
 */

export interface EstimateInput {
  site: CallSite;
  usage: UsageAssumptions;
  /** The catalog's reading of the model id; null when the id is dynamic. */
  resolution: Resolution | null;
  /** Estimated tokens of the static system prompt (tokens.ts), or null when unknown. */
  systemPromptTokens: number | null;
}

export function estimateSite(input: EstimateInput, catalog: Catalog): SiteEstimate {
  const { site, usage, resolution } = input;
  if (site.api === "apply_guardrail") return estimateGuardrailCheck(site, usage, catalog);
  if (site.api === "flow") return estimateFlowInvocation(site, usage, catalog);
  if (site.model.id === null || resolution === null) {
    return { priced: false, reason: dynamicModelReason(site), notes: [] };
  }
  if (!resolution.ok) return { priced: false, reason: resolution.reason, notes: [] };
  const model = resolution.model;
  if (isMediaModel(model)) return estimateMediaSite(site, usage, { ...resolution, model }, catalog);
  const unstated = model.kind === "speech" ? (["inputTokens", "outputTokens"] as const).filter((field) => usage[field].origin.kind === "default") : [];
  if (unstated.length > 0) {
    // A text call's defaults are a fair guess; a voice session's speech tokens are not, and AWS gives no per-minute figure.
    return { priced: false, reason: `${model.name} bills speech tokens and AWS publishes no speech tokens per minute: set input_tokens and output_tokens to a session's speech tokens (usage in .github/bedrock-cost.yml or a bedrock-cost: comment)`, notes: [] };
  }

  const notes: string[] = model.kind === "speech" ? [`${model.name}: input and output are speech tokens; its text tokens (system prompt, transcripts) are not counted`] : [];
  const batch = site.api === "batch_job";
  const inputTokens = usage.inputTokens.value;
  const rates = effectiveRates(
    { ...resolution, model },
    { tier: serviceTier(site, model, notes), batch, cacheTtl: site.cachePoints.ttl, inputTokensPerCall: inputTokens, ...(site.region ? { siteRegion: site.region } : {}) },
    catalog,
  );
  if (!rates.ok) return { priced: false, reason: rates.reason, notes: [...notes, ...rates.notes] };
  notes.push(...rates.notes);

  const calls = usage.requestsPerMonth.value * usage.callsPerRequest.value;
  const embedding = site.embedding || model.kind === "embedding";
  const outputTokens = embedding ? 0 : cappedOutputTokens(site, usage, model, notes);
  if (embedding) notes.push("embedding: input tokens only");
  const cache = cachedPrefix(input, model, rates, batch, notes);
  const hitRate = usage.cacheHitRate.value;

  const components: CostComponent[] = [component("input", calls * (inputTokens - cache.tokens), rates.input)];
  if (cache.tokens > 0) {
    const writes = calls * cache.tokens * (1 - hitRate);
    const reads = calls * cache.tokens * hitRate;
    if (writes > 0) components.push(component("cache_write", writes, cache.write, `${site.cachePoints.ttl} TTL`));
    if (reads > 0) components.push(component("cache_read", reads, cache.read, `hit rate ${hitRate}`));
  }
  if (rates.output !== null) components.push(component("output", calls * outputTokens, rates.output));
  const retrieval = retrievalCosts(site, usage, catalog);
  components.push(...retrieval.components);
  notes.push(...retrieval.notes);
  if (site.guardrail) {
    const guardrail = guardrailCost(site.guardrail, usage, catalog, model.chars_per_token);
    if (!guardrail.ok) notes.push(`not in this figure: ${guardrail.reason}`);
    else {
      components.push(guardrail.component);
      notes.push(...guardrail.notes);
    }
  }

  return {
    priced: true,
    monthlyCost: components.reduce((sum, c) => sum + c.monthlyCost, 0),
    components,
    notes,
    model: { id: model.id, name: model.name, source: model.source, verifiedAt: model.verified_at },
  };
}

function component(name: TokenCostComponent["name"], tokensPerMonth: number, pricePerMillion: number, note?: string): TokenCostComponent {
  return {
    name,
    tokensPerMonth,
    pricePerMillion,
    monthlyCost: (tokensPerMonth * pricePerMillion) / 1e6,
    ...(note ? { note } : {}),
  };
}

function dynamicModelReason(site: CallSite): string {
  const from = site.model.origin ?? (site.model.env ? `environment variable ${site.model.env}` : "not resolvable statically");
  if (site.invokesAgent) return `the agent's foundation model is not known (${from}): declare the agent in this repository's IaC, or give its model under agents: in .github/bedrock-cost.yml`;
  return `model id is dynamic (${from}): pin it to a literal model id, or give the lookup a literal fallback, so it can be priced`;
}

/** A tier only known at run time is priced at the dearest tier the model lists, so it is not understated. */
function serviceTier(site: CallSite, model: CatalogModel, notes: string[]): ServiceTier {
  if (site.serviceTier.tier !== null) return site.serviceTier.tier;
  const tier = model.service_tiers.includes("priority") ? "priority" : "standard";
  notes.push(`service tier is dynamic (${site.serviceTier.origin ?? "unknown"}): priced at ${tier}, the dearest tier the model lists`);
  return tier;
}

function cappedOutputTokens(site: CallSite, usage: UsageAssumptions, model: CatalogModel, notes: string[]): number {
  const thinking = site.thinkingBudget ? usage.thinkingTokens.value : 0;
  if (site.thinkingBudget) {
    const budget = site.thinkingBudget.kind === "static" ? `budget ${site.thinkingBudget.value}` : "budget not known";
    notes.push(thinking > 0 ? `extended thinking: ${thinking} tokens per call billed as output (${budget})` : `extended thinking is on (${budget}) but no thinking tokens are counted: set thinking_tokens`);
  }
  const assumed = usage.outputTokens.value + thinking;
  if (site.maxTokens.kind === "static") {
    if (assumed <= site.maxTokens.value) return assumed;
    notes.push(`output capped at max tokens ${site.maxTokens.value} (assumed ${assumed})`);
    return site.maxTokens.value;
  }
  if (model.max_output_tokens !== null && assumed > model.max_output_tokens) {
    notes.push(`output capped at ${model.name}'s maximum ${model.max_output_tokens} (assumed ${assumed})`);
    return model.max_output_tokens;
  }
  return assumed;
}

type CachedPrefix = { tokens: number; write: number; read: number };
const NOT_CACHED: CachedPrefix = { tokens: 0, write: 0, read: 0 };

function cachedPrefix(
  input: EstimateInput,
  model: CatalogModel,
  rates: EffectiveRates,
  batch: boolean,
  notes: string[],
): CachedPrefix {
  const { site, systemPromptTokens, usage } = input;
  const points = site.cachePoints;
  if (points.count === 0) {
    if (!site.embedding && model.kind !== "embedding") notes.push("no cache point: all input at the input rate");
    return NOT_CACHED;
  }
  const skip = (why: string): CachedPrefix => {
    notes.push(why);
    return NOT_CACHED;
  };
  if (!points.locations.some((where) => where !== "tools")) {
    return skip("cache point on tools only: the tool block's size is unknown, so no cache savings are counted");
  }
  if (batch) return skip("batch: batch and cache discounts are not combined (no Bedrock source says they stack)");
  if (model.cache === null || rates.cacheWrite === null || rates.cacheRead === null) {
    return skip(`${model.name} has no prompt caching on Bedrock: the cache point does nothing`);
  }
  if (systemPromptTokens === null) return skip("system prompt size unknown: cache savings not counted");
  const minimum = model.cache.min_tokens;
  if (minimum === null) {
    return skip(`${model.name}'s minimum tokens per cache point is unknown: cache savings not counted`);
  }
  if (systemPromptTokens < minimum) {
    return skip(
      `cache point is dead: system prompt ≈${systemPromptTokens} tokens is below ${model.name}'s minimum of ${minimum} per cache point, so Bedrock ignores it`,
    );
  }
  return { tokens: Math.min(systemPromptTokens, usage.inputTokens.value), write: rates.cacheWrite, read: rates.cacheRead };
}
