import type { ServiceTier } from "../model/call-site.js";
import picomatch from "picomatch";
import { legacyNotes, moveDerivedPrices, type Catalog, type CatalogModel, type PricingRules, type Resolution } from "./catalog.js";
import type { ModelRef } from "./model-id.js";

/**
 * The per-1M-token prices one call pays after every multiplier, each multiplier stated in words.
 * Order: list price (on-demand or batch; cache write by TTL) → long context → regional premium →
 * service tier → config discount (last, as a negotiated discount applies to the bill).
 */

export interface RateOptions {
  tier: ServiceTier;
  batch: boolean;
  cacheTtl: "5m" | "1h";
  /** Input tokens of one call, cached prefix included: decides the long-context tier. */
  inputTokensPerCall: number;
  /** The Region the call runs in as its code or deployment states it (CallSite.region). */
  siteRegion?: { name: string; from: string };
}

export interface EffectiveRates {
  ok: true;
  input: number;
  /** null for embeddings. */
  output: number | null;
  /** null when the model has no prompt caching, or for batch (batch and cache discounts are not combined). */
  cacheWrite: number | null;
  cacheRead: number | null;
  notes: string[];
}

export type RatesResult = EffectiveRates | { ok: false; reason: string; notes: string[] };

const RESERVED =
  "reserved tier: billed under a reserved-capacity agreement arranged with AWS, not at a per-token list price";

export function effectiveRates(resolution: Resolution<CatalogModel>, options: RateOptions, catalog: Catalog): RatesResult {
  if (!resolution.ok) return { ok: false, reason: resolution.reason, notes: [] };
  const { model, ref } = resolution;
  const notes = [...resolution.notes, ...legacyNotes(model), ...configNotes(model)];
  if (options.tier === "reserved" && !options.batch) return { ok: false, reason: RESERVED, notes };

  const route = routeOf(ref, options, catalog);
  const local = regionPrices(model, route, notes);
  const list = listPrices(local, options, catalog.rules.batch.multiplier, notes);
  if (!list.ok) return { ok: false, reason: list.reason, notes };

  const rules = catalog.rules;
  let inputSide = 1;
  let outputSide = 1;
  const longContext = rules.long_context;
  if (model.long_context && options.inputTokensPerCall > longContext.threshold_input_tokens) {
    inputSide *= longContext.input_multiplier;
    outputSide *= longContext.output_multiplier;
    notes.push(
      `long context >${longContext.threshold_input_tokens / 1000}K input ×${longContext.input_multiplier} / ×${longContext.output_multiplier}`,
    );
  }
  const regional = regionalMultiplier(resolution.regional, model, ref, route, rules, local !== model, notes);
  const tier = options.batch ? batchTier(options.tier, notes) : tierMultiplier(options.tier, model, catalog, notes);
  const discount = 1 - catalog.discountPercent / 100;
  if (catalog.discountPercent > 0) notes.push(`discount ${catalog.discountPercent}% (pricing.discount_percent)`);

  const common = regional * tier * discount;
  const scale = (price: number | null, side: number) => (price === null ? null : price * side * common);
  return {
    ok: true,
    input: list.input * inputSide * common,
    output: scale(list.output, outputSide),
    cacheWrite: scale(list.cacheWrite, inputSide),
    cacheRead: scale(list.cacheRead, inputSide),
    notes,
  };
}

type ListPrices =
  | { ok: true; input: number; output: number | null; cacheWrite: number | null; cacheRead: number | null }
  | { ok: false; reason: string };

function listPrices(model: CatalogModel, options: RateOptions, batchMultiplier: number, notes: string[]): ListPrices {
  const p = model.prices;
  if (options.batch) {
    if (p.batch_input === null) {
      return { ok: false, reason: `${model.name} has no batch price: batch inference is not listed for it` };
    }
    notes.push(`batch ×${batchMultiplier} (batch price list); cache discounts are not combined with batch`);
    return { ok: true, input: p.batch_input, output: p.batch_output, cacheWrite: null, cacheRead: null };
  }
  let cacheWrite = options.cacheTtl === "1h" ? p.cache_write_1h : p.cache_write_5m;
  if (options.cacheTtl === "1h" && cacheWrite === null && p.cache_write_5m !== null) {
    // Bedrock may reject the request; pricing the 5m write keeps the call in the total, and the note says so.
    notes.push(`${model.name} lists no 1-hour cache TTL: cache writes priced at the 5-minute rate`);
    cacheWrite = p.cache_write_5m;
  }
  return { ok: true, input: p.input, output: p.output, cacheWrite, cacheRead: p.cache_read };
}

/** Where a call is billed: its Region (from the ARN, the client or deployment, or pricing.region, in that order) and its profile prefix. */
interface Route {
  region: string | null;
  /** How the Region was learnt, for notes. */
  from: string;
  prefix: ModelRef["geo"];
}

function routeOf(ref: ModelRef, options: RateOptions, catalog: Catalog): Route {
  if (ref.region) return { region: ref.region, from: "its ARN", prefix: ref.geo };
  if (options.siteRegion) return { region: options.siteRegion.name, from: options.siteRegion.from, prefix: ref.geo };
  if (catalog.region) return { region: catalog.region, from: "pricing.region", prefix: ref.geo };
  return { region: null, from: "", prefix: ref.geo };
}

/**
 * A Region rule or Region price applies to a call through one of its profile prefixes, or started in one
 * of its Regions (cross-Region calls bill at the source Region's price). The global profile has one price.
 */
function routedIn(where: { regions: string[]; prefixes: readonly string[] }, route: Route): boolean {
  if (route.prefix === "global") return false;
  if (route.prefix && where.prefixes.includes(route.prefix)) return true;
  return route.region !== null && where.regions.some((glob) => picomatch.isMatch(route.region!, glob));
}

/** The model with the list prices of the Region the call is routed in, when the catalog has them. */
function regionPrices(model: CatalogModel, route: Route, notes: string[]): CatalogModel {
  if (route.prefix === "global") return model;
  const where = route.region ? `${route.region} (from ${route.from})` : `${route.prefix}. profile`;
  const local = model.region_prices?.find((r) => routedIn(r, route));
  if (!local) {
    if (route.region && route.region !== "us-east-1") notes.push(`Region ${where}: priced at us-east-1 list prices; the catalog has no price of its own for that Region`);
    return model;
  }
  const prices = { ...model.prices, input: local.input, output: local.output };
  moveDerivedPrices(model.prices, prices, new Set(["input", "output"]));
  notes.push(`Region ${where}: its list price ${local.input}/${local.output ?? "-"} per 1M (${local.source})`);
  return { ...model, prices };
}

/** `localPrice`: the call already pays its Region's own list price. */
function regionalMultiplier(regional: boolean, model: CatalogModel, ref: ModelRef, route: Route, rules: PricingRules, localPrice: boolean, notes: string[]): number {
  const where = ref.geo ? `${ref.geo}. ${ref.geo === "global" ? "global" : "geo"} profile` : "in-region id";
  if (ref.profile === "global") {
    notes.push("global profile: base rate");
    return 1;
  }
  // A Region's own list price is that Region's rate already: no premium on top.
  if (!regional || localPrice) return 1;
  const special = rules.regions.find((r) => routedIn(r, route));
  if (special && model.regional_premium) {
    notes.push(`${special.name}: ×${special.multiplier} over the global profile (${special.source}${special.status === "unconfirmed" ? ", unconfirmed" : ""})`);
    return special.multiplier;
  }
  if (special) notes.push(`${special.name}: priced at the commercial rate; the catalog has no ${special.name} price for ${model.name}`);
  const premium = rules.regional_premium.multiplier;
  if (model.regional_premium) {
    notes.push(`${where} ×${premium} (regional premium over the global profile)`);
    return premium;
  }
  if (special) return 1;
  if (ref.geo && ref.geo !== "us") {
    notes.push(`${where}: billed at the source Region's price, which may differ from the us-east-1 price used here`);
  } else if (ref.geo) {
    notes.push(`${where}: no regional premium for ${model.name}`);
  }
  return 1;
}

/**
 * A tier the catalog does not list for the model is priced at the dearer of standard and the tier:
 * Bedrock rejects unsupported tiers, but the catalog's tier lists come from launch announcements and may
 * be stale, and an upper bound never understates a cost that can block a merge.
 */
function tierMultiplier(tier: ServiceTier, model: CatalogModel, catalog: Catalog, notes: string[]): number {
  if (tier === "standard" || tier === "reserved") return 1;
  const rule = catalog.rules.service_tiers[tier];
  const status = rule.status === "unconfirmed" ? " (unconfirmed multiplier)" : "";
  if (model.service_tiers.includes(tier)) {
    notes.push(`${tier} tier ×${rule.multiplier}${status}`);
    return rule.multiplier;
  }
  const multiplier = Math.max(1, rule.multiplier);
  const pricedAs = multiplier === 1 ? "standard" : `×${multiplier}${status}`;
  notes.push(`${model.name} does not list the ${tier} tier (Bedrock rejects unsupported tiers): priced at ${pricedAs}, the dearer outcome`);
  return multiplier;
}

function batchTier(tier: ServiceTier, notes: string[]): number {
  if (tier !== "standard") notes.push(`${tier} tier ignored: batch jobs bill at batch prices`);
  return 1;
}

function configNotes(model: CatalogModel): string[] {
  if (model.origin === "config") return [`prices from config (${model.source})`];
  if (model.from_config.length === 0) return [];
  return [`${model.from_config.join(", ")} from config (pricing.overrides)`];
}
