import picomatch from "picomatch";
import { z } from "zod";
import ai21 from "./catalog/ai21.json" with { type: "json" };
import amazon from "./catalog/amazon.json" with { type: "json" };
import anthropic from "./catalog/anthropic.json" with { type: "json" };
import cohere from "./catalog/cohere.json" with { type: "json" };
import deepseek from "./catalog/deepseek.json" with { type: "json" };
import google from "./catalog/google.json" with { type: "json" };
import meta from "./catalog/meta.json" with { type: "json" };
import minimax from "./catalog/minimax.json" with { type: "json" };
import mistral from "./catalog/mistral.json" with { type: "json" };
import moonshot from "./catalog/moonshot.json" with { type: "json" };
import nvidia from "./catalog/nvidia.json" with { type: "json" };
import openai from "./catalog/openai.json" with { type: "json" };
import qwen from "./catalog/qwen.json" with { type: "json" };
import rules from "./catalog/rules.json" with { type: "json" };
import stability from "./catalog/stability.json" with { type: "json" };
import writer from "./catalog/writer.json" with { type: "json" };
import zai from "./catalog/zai.json" with { type: "json" };
import { distance } from "fastest-levenshtein";
import { modelName, parseModelRef, PROFILE_PREFIXES, versionsAgree, type ModelRef } from "./model-id.js";
import { CONFIG_PATH } from "../config/load.js";

/**
 * The pricing catalog: per-model list prices (src/cost/catalog/<provider>.json) and the shared
 * multipliers (rules.json), validated at load — a broken catalog is a bug, so loading throws and names
 * the entry. Config (`pricing:` in .github/bedrock-cost.yml) can override prices and add models.
 */

export const PRICE_FIELDS = [
  "input",
  "output",
  "cache_write_5m",
  "cache_write_1h",
  "cache_read",
  "batch_input",
  "batch_output",
] as const;
export type PriceField = (typeof PRICE_FIELDS)[number];

const price = z.number().nonnegative();
const isoDate = z.iso.date();

const PricesSchema = z.strictObject({
  input: price,
  output: price.nullable(),
  cache_write_5m: price.nullable(),
  cache_write_1h: price.nullable(),
  cache_read: price.nullable(),
  batch_input: price.nullable(),
  batch_output: price.nullable(),
});

const EntrySchema = z
  .strictObject({
    id: z.string().min(1),
    aliases: z.array(z.string().min(1)),
    name: z.string().min(1),
    provider: z.string().min(1),
    /** speech: a speech-to-speech model (Nova Sonic) whose prices are per 1M speech tokens. */
    kind: z.enum(["text", "embedding", "speech"]),
    /** USD per 1M tokens at the global-profile (or us-east-1) rate; null where the model lacks the feature. */
    prices: PricesSchema,
    /** Geo profiles and bare in-region ids cost rules.regional_premium × every price. */
    regional_premium: z.boolean(),
    context_window: z.number().int().positive().nullable(),
    max_output_tokens: z.number().int().positive().nullable(),
    /** null: no prompt caching on Bedrock. A null min_tokens / max_points means our sources do not say. */
    cache: z
      .strictObject({
        min_tokens: z.number().int().positive().nullable(),
        max_points: z.number().int().positive().nullable(),
        ttl_1h: z.boolean(),
      })
      .nullable(),
    service_tiers: z.array(z.enum(["priority", "flex"])),
    /** rules.long_context applies above its input-token threshold. */
    long_context: z.boolean(),
    chars_per_token: z.number().positive(),
    legacy: z.string().nullable(),
    /** Short source names from rules.json `sources`, the one that sets the price first. */
    source: z.string().min(1),
    verified_at: isoDate,
    /** Why a figure was chosen where sources disagree. */
    note: z.string().optional(),
    /** List prices in Regions that bill this model differently from us-east-1 (see RegionPriceSchema). */
    region_prices: z.array(z.lazy(() => RegionPriceSchema)).optional(),
  })
  .superRefine((entry, ctx) => {
    const p = entry.prices;
    const fail = (message: string) => ctx.addIssue({ code: "custom", message });
    if ((entry.kind !== "embedding") !== (p.output !== null)) fail("text and speech models have an output price, embeddings none");
    if ((p.batch_input === null) !== (p.batch_output === null)) fail("batch_input and batch_output go together");
    const cachePriced = p.cache_write_5m !== null && p.cache_read !== null;
    if ((entry.cache !== null) !== cachePriced) fail("cache needs cache_write_5m and cache_read, and only with cache");
    if ((entry.cache?.ttl_1h ?? false) !== (p.cache_write_1h !== null)) fail("cache.ttl_1h needs cache_write_1h, and only with it");
  });

/**
 * A model's input/output list prices for calls routed in some Regions: by the Region (a glob on its
 * name, e.g. `eu-*`) or by the geographic profile that routes there (`eu.`). Cache and batch prices move
 * with them by the same ratios.
 */
const RegionPriceSchema = z.strictObject({
  regions: z.array(z.string().min(1)).min(1),
  prefixes: z.array(z.enum(PROFILE_PREFIXES)),
  input: price,
  output: price.nullable(),
  source: z.string().min(1),
});

export type CatalogEntry = z.infer<typeof EntrySchema>;
export type RegionPrice = z.infer<typeof RegionPriceSchema>;

/** What one price of a model billed per unit buys. */
export const MEDIA_UNITS = { image: "image", video: "second", rerank: "query" } as const;
export type MediaKind = keyof typeof MEDIA_UNITS;

const MediaPriceSchema = z.strictObject({
  /** USD per unit (MEDIA_UNITS[kind]). */
  price,
  /** The image quality this price is for; absent: every quality. */
  quality: z.enum(["standard", "premium"]).optional(),
  /** The largest image (width × height, in pixels) this price covers; absent: any size. */
  max_pixels: z.number().int().positive().optional(),
});

/** A model Bedrock bills per image, per second of video or per rerank query, not per token. */
const MediaEntrySchema = z
  .strictObject({
    id: z.string().min(1),
    aliases: z.array(z.string().min(1)),
    name: z.string().min(1),
    provider: z.string().min(1),
    kind: z.enum(["image", "video", "rerank"]),
    prices: z.array(MediaPriceSchema).min(1),
    /** The image size (width × height) a request that sets none gets. */
    default_pixels: z.number().int().positive().nullable(),
    legacy: z.string().nullable(),
    source: z.string().min(1),
    verified_at: isoDate,
    note: z.string().optional(),
  })
  .superRefine((entry, ctx) => {
    const tiered = entry.prices.some((p) => p.quality !== undefined || p.max_pixels !== undefined);
    if (entry.kind !== "image" && (tiered || entry.default_pixels !== null)) {
      ctx.addIssue({ code: "custom", message: "only image models have quality and size tiers" });
    }
  });

export type MediaEntry = z.infer<typeof MediaEntrySchema>;
export type MediaModel = MediaEntry & { origin: "catalog" };

/** A model on legacy or extended-access terms, or past its end of life, says so wherever it is priced. */
export function legacyNotes(model: { name: string; legacy: string | null }): string[] {
  return model.legacy ? [`${model.name}: ${model.legacy}`] : [];
}

export function isMediaModel(model: CatalogModel | MediaModel): model is MediaModel {
  return Object.hasOwn(MEDIA_UNITS, model.kind);
}

/** A catalog entry as priced: built in, or changed or added by config. */
export type CatalogModel = CatalogEntry & {
  origin: "catalog" | "config";
  /** Price fields whose value comes from config, so the report can say so. */
  from_config: PriceField[];
};

const ProviderFileSchema = z.strictObject({
  provider: z.string().min(1),
  note: z.string().optional(),
  models: z.array(z.unknown()),
  /** Models billed per unit (MediaEntrySchema). */
  media: z.array(z.unknown()).optional(),
});

const RuleSchema = z.strictObject({
  multiplier: z.number().positive(),
  source: z.string().min(1),
  /** null when every source behind the rule is undated. */
  verified_at: isoDate.nullable(),
  status: z.enum(["confirmed", "unconfirmed"]),
  note: z.string().optional(),
});

const RulesSchema = z.strictObject({
  sources: z.record(z.string(), z.strictObject({ title: z.string(), ref: z.string(), date: isoDate.nullable() })),
  regional_premium: RuleSchema,
  cache: z.strictObject({
    claude: z.strictObject({ write_5m: RuleSchema, write_1h: RuleSchema, read: RuleSchema }),
    nova: z.strictObject({ write_5m: RuleSchema, read: RuleSchema }),
  }),
  batch: RuleSchema,
  service_tiers: z.strictObject({ priority: RuleSchema, flex: RuleSchema }),
  /**
   * Regions whose regional premium differs from regional_premium (GovCloud): for models that carry the
   * premium, calls routed there pay this multiplier over the global profile instead.
   */
  regions: z.array(
    RuleSchema.extend({
      name: z.string().min(1),
      regions: z.array(z.string().min(1)).min(1),
      prefixes: z.array(z.enum(PROFILE_PREFIXES)),
    }),
  ),
  long_context: RuleSchema.omit({ multiplier: true }).extend({
    threshold_input_tokens: z.number().int().positive(),
    input_multiplier: z.number().positive(),
    output_multiplier: z.number().positive(),
  }),
});

export type PricingRules = z.infer<typeof RulesSchema>;

/** The `pricing:` section of .github/bedrock-cost.yml, as the config loader produces it. */
export interface PricingOverrides {
  /** The Region calls are priced for when neither the model ARN nor the client names one. */
  region?: string;
  /** 0–100, applied to every price after all multipliers. */
  discount_percent?: number;
  /** Negotiated prices; `model` is a glob on the base id. Later entries win; fields not set keep the catalog price. */
  overrides?: Array<{ model: string } & Partial<Record<PriceField, number>>>;
  /** Models the catalog lacks, or ids it cannot see through (application profile ARNs): priced as given. */
  models?: Array<{
    id: string;
    name?: string;
    kind?: "text" | "embedding";
    input: number;
    output: number;
    cache_read?: number;
    cache_write_5m?: number;
    cache_write_1h?: number;
    batch_input?: number;
    batch_output?: number;
    max_output_tokens?: number;
    context_window?: number;
    cache_min_tokens?: number;
    regional_premium?: boolean;
  }>;
}

export type Resolution<M extends CatalogModel | MediaModel = CatalogModel | MediaModel> =
  | {
      ok: true;
      model: M;
      ref: ModelRef;
      /** Routed through a regional endpoint (geo profile or bare in-region id); the premium applies when the model has one. */
      regional: boolean;
      /** How the id was matched and doubts about it, in words. */
      notes: string[];
    }
  | { ok: false; ref: ModelRef; reason: string };

export interface Catalog {
  /** Models billed per token. */
  readonly models: readonly CatalogModel[];
  /** Models billed per image, second of video or rerank query (built in only). */
  readonly media: readonly MediaModel[];
  readonly rules: PricingRules;
  readonly discountPercent: number;
  /** pricing.region: the Region a call is priced for when neither its ARN nor its client names one. */
  readonly region: string | null;
  /** Newest source date behind the built-in prices. */
  readonly verifiedAt: string;
  /** Config entries the catalog could not use, by entry (`pricing.overrides[1]`). */
  readonly warnings: readonly CatalogWarning[];
  resolve(modelIdOrArn: string): Resolution;
}

/** Raw catalog data: the provider files and rules.json, as imported. */
export interface CatalogData {
  providers: unknown[];
  rules: unknown;
}

export const BUILT_IN_DATA: CatalogData = {
  providers: [anthropic, amazon, meta, mistral, cohere, ai21, deepseek, openai, qwen, google, nvidia, writer, moonshot, minimax, zai, stability],
  rules,
};

type ValidCatalog = { models: CatalogModel[]; media: MediaModel[]; rules: PricingRules };
let builtIn: ValidCatalog | undefined;

export function loadCatalog(pricingConfig?: PricingOverrides): Catalog {
  builtIn ??= validateCatalogData(BUILT_IN_DATA);
  return buildCatalog(builtIn, pricingConfig ?? {});
}

/** Validates raw catalog data; throws naming the file and entry at the first problem. */
export function validateCatalogData(data: CatalogData): ValidCatalog {
  const parsedRules = RulesSchema.safeParse(data.rules);
  if (!parsedRules.success) throw new Error(`catalog rules.json: ${z.prettifyError(parsedRules.error)}`);
  const sources = parsedRules.data.sources;
  const models: CatalogModel[] = [];
  const media: MediaModel[] = [];
  const seen = new Map<string, string>();
  const validated = <T extends EntryIdentity>(schema: z.ZodType<T>, raw: unknown, index: number, provider: string): T => {
    const label = `catalog entry ${entryLabel(raw, index)} (${provider}.json)`;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new Error(`${label}: ${z.prettifyError(parsed.error)}`);
    const entry = parsed.data;
    const problem = entryProblem(entry, provider, sources);
    if (problem) throw new Error(`${label}: ${problem}`);
    for (const id of [entry.id, ...entry.aliases]) {
      const other = seen.get(id);
      if (other) throw new Error(`${label}: id \`${id}\` is also used by ${other}`);
      seen.set(id, entry.id);
    }
    return entry;
  };
  for (const rawFile of data.providers) {
    const file = ProviderFileSchema.parse(rawFile);
    file.models.forEach((raw, index) => models.push({ ...validated(EntrySchema, raw, index, file.provider), origin: "catalog", from_config: [] }));
    (file.media ?? []).forEach((raw, index) => media.push({ ...validated(MediaEntrySchema, raw, index, file.provider), origin: "catalog" }));
  }
  return { models, media, rules: parsedRules.data };
}

/** What every catalog entry has, token-priced or not. */
type EntryIdentity = Pick<CatalogEntry, "id" | "aliases" | "provider" | "source" | "verified_at">;

function entryLabel(raw: unknown, index: number): string {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === "string" ? `\`${id}\`` : `#${index}`;
}

/** Checks that need more than the entry itself: its file, the source table, the id grammar. */
function entryProblem(entry: EntryIdentity, provider: string, sources: PricingRules["sources"]): string | null {
  if (entry.provider !== provider) return `provider "${entry.provider}" in ${provider}.json`;
  const names = entry.source.split(",").map((s) => s.trim());
  const missing = names.filter((name) => !(name in sources));
  if (missing.length > 0) return `unknown source ${missing.join(", ")} (add it to rules.json sources)`;
  if (!names.some((name) => sources[name]!.date === entry.verified_at)) {
    return `verified_at ${entry.verified_at} is the date of none of its sources (${entry.source})`;
  }
  const regionSources = ((entry as Partial<CatalogEntry>).region_prices ?? []).map((r) => r.source).filter((name) => !(name in sources));
  if (regionSources.length > 0) return `unknown region_prices source ${regionSources.join(", ")} (add it to rules.json sources)`;
  const notBase = [entry.id, ...entry.aliases].find((id) => parseModelRef(id).kind !== "base");
  if (notBase) return `\`${notBase}\` is not a bare Bedrock model id`;
  return null;
}

export interface CatalogWarning {
  entry: string;
  message: string;
}

function buildCatalog(builtIn: ValidCatalog, pricing: PricingOverrides): Catalog {
  const { models: builtInModels, media, rules: pricingRules } = builtIn;
  const warnings: CatalogWarning[] = [];
  const overridden = applyOverrides(builtInModels, pricing.overrides ?? [], warnings);
  const added = (pricing.models ?? []).map(configModel);
  const index = new Map<string, CatalogModel | MediaModel>();
  for (const model of [...overridden, ...media]) for (const id of [model.id, ...model.aliases]) index.set(id, model);
  for (const model of added) {
    if (index.has(model.id)) warnings.push({ entry: `pricing.models[${added.indexOf(model)}]`, message: `\`${model.id}\` replaces the built-in catalog entry` });
    index.set(model.id, model);
  }
  const verifiedAt = [...builtInModels, ...media].map((m) => m.verified_at).reduce((a, b) => (a > b ? a : b), "");
  return {
    models: [...overridden.filter((m) => index.get(m.id) === m), ...added],
    media: media.filter((m) => index.get(m.id) === m),
    rules: pricingRules,
    discountPercent: pricing.discount_percent ?? 0,
    region: pricing.region ?? null,
    verifiedAt,
    warnings,
    resolve: (modelIdOrArn) => resolve(modelIdOrArn, index),
  };
}

/** Prices that are a fixed ratio of another price in every catalog entry: [derived field, field it scales with]. */
const DERIVED_PRICES: ReadonlyArray<[PriceField, PriceField]> = [
  ["cache_write_5m", "input"],
  ["cache_write_1h", "input"],
  ["cache_read", "input"],
  ["batch_input", "input"],
  ["batch_output", "output"],
];

/**
 * A new input or output price moves the prices derived from it (cache and batch are fixed ratios of
 * them) unless those are set too: `after` holds the set prices; returns the fields it moved.
 */
export function moveDerivedPrices(before: CatalogEntry["prices"], after: CatalogEntry["prices"], set: ReadonlySet<PriceField>): PriceField[] {
  const moved: PriceField[] = [];
  for (const [field, from] of DERIVED_PRICES) {
    const list = before[field];
    const base = before[from];
    if (list === null || base === null || base === 0 || set.has(field) || !set.has(from)) continue;
    after[field] = (list / base) * after[from]!;
    moved.push(field);
  }
  return moved;
}

function applyOverrides(
  models: CatalogModel[],
  overrides: NonNullable<PricingOverrides["overrides"]>,
  warnings: CatalogWarning[],
): CatalogModel[] {
  let result = models;
  overrides.forEach((override, i) => {
    const matches = picomatch(override.model);
    const fields = PRICE_FIELDS.filter((field) => override[field] !== undefined);
    let matched = false;
    result = result.map((model) => {
      if (!matches(model.id)) return model;
      matched = true;
      const prices = { ...model.prices };
      for (const field of fields) prices[field] = override[field]!;
      const derived = moveDerivedPrices(model.prices, prices, new Set(fields));
      return { ...model, prices, from_config: [...new Set([...model.from_config, ...fields, ...derived])] };
    });
    if (!matched) {
      const near = picomatch.scan(override.model).isGlob ? [] : nearestIds(override.model, new Map(models.map((model) => [model.id, model])));
      const hint = near.length ? ` (did you mean ${near.map((id) => `\`${id}\``).join(" or ")}?)` : "";
      warnings.push({ entry: `pricing.overrides[${i}]`, message: `model \`${override.model}\` matches no catalog model id${hint}; the override prices nothing` });
    }
  });
  return result;
}

function configModel(added: NonNullable<PricingOverrides["models"]>[number]): CatalogModel {
  const prices = {
    input: added.input,
    output: added.output,
    cache_write_5m: added.cache_write_5m ?? null,
    cache_write_1h: added.cache_write_1h ?? null,
    cache_read: added.cache_read ?? null,
    batch_input: added.batch_input ?? null,
    batch_output: added.batch_output ?? null,
  };
  // Caching is priced only when both a write and a read price are given; the minimum may stay unknown.
  const cached = prices.cache_write_5m !== null && prices.cache_read !== null;
  return {
    id: added.id,
    aliases: [],
    name: added.name ?? added.id,
    provider: "config",
    kind: added.kind ?? "text",
    prices,
    regional_premium: added.regional_premium ?? false,
    context_window: added.context_window ?? null,
    max_output_tokens: added.max_output_tokens ?? null,
    cache: cached
      ? { min_tokens: added.cache_min_tokens ?? null, max_points: null, ttl_1h: prices.cache_write_1h !== null }
      : null,
    service_tiers: [],
    long_context: false,
    chars_per_token: 4,
    legacy: null,
    source: `config (${CONFIG_PATH} pricing.models)`,
    verified_at: "config", // no source date: the report shows "config" where a date would be
    origin: "config",
    from_config: PRICE_FIELDS.filter((field) => prices[field] !== null),
  };
}

function resolve(modelIdOrArn: string, index: Map<string, CatalogModel | MediaModel>): Resolution {
  const ref = parseModelRef(modelIdOrArn);
  const notes = [...ref.warnings];
  // Routed through a regional endpoint: a geo profile, or a bare id / foundation-model ARN called in-region.
  const regional = ref.profile === "geo" || (ref.profile === "none" && ref.kind !== "unknown");
  if (ref.baseId === null) {
    const configured = index.get(ref.input);
    if (configured) return { ok: true, model: configured, ref, regional, notes };
    return { ok: false, ref, reason: hiddenModelReason(ref) };
  }
  const exact = index.get(ref.baseId);
  if (exact) {
    if (exact.id !== ref.baseId) notes.push(`\`${ref.baseId}\` is an alias of \`${exact.id}\``);
    return { ok: true, model: exact, ref, regional, notes };
  }
  const candidates = [...new Set([...index].filter(([id]) => versionsAgree(ref.baseId!, id)).map(([, model]) => model))];
  if (candidates.length === 1) {
    const model = candidates[0]!;
    notes.push(`\`${ref.baseId}\` matched \`${model.id}\` ignoring the version suffix`);
    return { ok: true, model, ref, regional, notes };
  }
  if (candidates.length > 1) {
    const ids = candidates.map((m) => `\`${m.id}\``).join(", ");
    return { ok: false, ref, reason: `ambiguous model id \`${ref.baseId}\`: matches ${ids}; write the full id` };
  }
  // pricing.models prices tokens: no use for a provider whose models Bedrock bills per image or second.
  if (PER_UNIT_PROVIDERS.test(ref.baseId)) {
    return { ok: false, ref, reason: `unknown model id \`${ref.baseId}\`: billed per image or second of video, and the catalog has no sourced price for it (pricing.models prices tokens only)` };
  }
  const near = nearestIds(ref.baseId, index);
  const didYouMean = near.length > 0 ? `did you mean ${near.map((id) => `\`${id}\``).join(" or ")}? If not, ` : "";
  return {
    ok: false,
    ref,
    reason: `unknown model id \`${ref.baseId}\`: ${didYouMean}add it under pricing.models in ${CONFIG_PATH}`,
  };
}

/**
 * The catalog ids an unknown id most likely means: ids that extend its name (`amazon.nova-2-pro` →
 * `amazon.nova-2-pro-preview-…`), else the closest of the same provider when the difference looks like
 * a typo or a misremembered version (an edit distance within a quarter of the id, at least 3).
 */
function nearestIds(baseId: string, index: Map<string, CatalogModel | MediaModel>): string[] {
  const provider = baseId.slice(0, baseId.indexOf(".") + 1);
  const ids = [...new Set([...index.values()].map((m) => m.id))].filter((id) => id.startsWith(provider));
  // More than two ids extending it means the name is only a family (`anthropic.claude`): no hint in that.
  const extending = ids.filter((id) => id.startsWith(`${modelName(baseId)}-`)).sort();
  if (extending.length > 0 && extending.length <= 2) return extending;
  const limit = Math.max(3, Math.floor(baseId.length / 4));
  const scored = ids
    .map((id) => ({ id, d: distance(baseId, id) }))
    .filter(({ d }) => d <= limit)
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id));
  return scored.filter(({ d }) => d === scored[0]?.d).slice(0, 2).map(({ id }) => id);
}

/** Providers on Bedrock whose models generate images or video only. */
const PER_UNIT_PROVIDERS = /^(?:luma|stability)\./;

const ADD_ARN = `add this ARN under pricing.models in ${CONFIG_PATH} (id: the ARN, input and output per 1M tokens)`;

function hiddenModelReason(ref: ModelRef): string {
  switch (ref.kind) {
    case "application-inference-profile":
      return `application inference profile ARN hides the model: ${ADD_ARN}, using the prices of the model it wraps`;
    case "provisioned-model":
      return "provisioned throughput: billed per model-unit hour, not per token; its cost belongs to the provisioned-throughput purchase, not to this call";
    case "custom-model":
      return `custom model${ref.trainedFrom ? ` (trained from \`${ref.trainedFrom}\`)` : ""}: served through provisioned throughput, billed per model-unit hour, not per token`;
    case "imported-model":
      return `imported model (Custom Model Import): not billed at a catalog per-token rate; ${ADD_ARN}`;
    case "custom-model-deployment":
      return `custom model deployment ARN hides the model: ${ADD_ARN}`;
    case "prompt":
      return `prompt-management ARN: the model is chosen in the prompt resource, not in code; ${ADD_ARN}`;
    case "prompt-router":
      return `prompt router picks the model per request: ${ADD_ARN}, using a blended price`;
    default:
      return `\`${ref.input}\` is not a Bedrock model id, inference profile or ARN: pin a model id, or add it under pricing.models in ${CONFIG_PATH}`;
  }
}
