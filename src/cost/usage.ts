import { modelGlob, pathGlob, symbolGlob } from "../config/globs.js";
import { describeIssues } from "../config/issues.js";
import { USAGE_FIELD_SCHEMAS, type SiteUsage, type UsageConfig } from "../config/schema.js";
import { unknownKeyMessage } from "../config/strict-object.js";
import type { MediaKind } from "./catalog.js";
import type { CallSite, UsageAnnotation } from "../model/call-site.js";
import type { Problem } from "../model/location.js";
import {
  UNIT_ASSUMPTIONS,
  USAGE_FIELDS,
  type Assumption,
  type AssumptionOrigin,
  type UsageAssumptions,
  type UsageField,
  type UsageValues,
} from "../model/usage.js";

/** Hours in a month, as AWS bills them (8,760 / 12). */
export const HOURS_PER_MONTH = 730;

/** What prices a call site nobody described. The report prints these, so each says why. */
export const BUILT_IN_USAGE = {
  /** A modest production feature: about one request every 86 seconds. */
  requests_per_day: 1_000,
  /** The user's part of the input, added to the static system prompt's tokens when those are known. */
  user_input_tokens: 500,
  /** Total input per call when the system prompt's size is unknown. */
  input_tokens: 1_500,
  /** A few paragraphs of answer. */
  output_tokens: 400,
  /** A steady stream of requests keeps a 5-minute cache warm most of the time. */
  cache_hit_rate: 0.8,
  /** One model call per request: no agent loop. */
  calls_per_request: 1,
  /** A Bedrock Agent plans, retrieves and answers: several model calls per request (AWS shows 3–10 steps in traces). */
  agent_calls_per_request: 5,
} as const;

export interface UsageInput {
  site: CallSite;
  /** Tokens of the site's static system prompt, when known. */
  systemPromptTokens: number | null;
  /** The kind of a model billed per unit (from the catalog): its unit's usage key counts. */
  media?: MediaKind;
}

export interface ResolvedUsage {
  assumptions: UsageAssumptions;
  /** Invalid inline annotation keys and values, at the annotation's line; each was ignored. */
  problems: Problem[];
}

/** Usage values from one place, with where they came from. */
interface Layer {
  values: UsageValues;
  origin: AssumptionOrigin;
  derivations?: Partial<Record<UsageField, string>>;
}

const count = new Intl.NumberFormat("en-US", { maximumFractionDigits: 6 });

/**
 * The traffic that prices one call site. Merged field by field, later wins: built-in defaults <
 * `usage.defaults` < each matching `usage.sites[]` entry in order < the site's inline annotation.
 * requests_per_day and requests_per_month are one setting: whichever was set last wins.
 */
export function resolveUsage(input: UsageInput, usage: UsageConfig | undefined, configPath: string): ResolvedUsage {
  const problems: Problem[] = [];
  const layers: Layer[] = [builtInLayer(input.site, input.systemPromptTokens)];
  if (usage?.defaults) {
    layers.push({ values: usage.defaults, origin: { kind: "config", where: `${configPath} usage.defaults` } });
  }
  usage?.sites?.forEach((entry, index) => {
    if (!entryMatches(entry, input.site)) return;
    layers.push({ values: entry, origin: { kind: "config", where: siteEntryWhere(configPath, index, entry) } });
  });
  // Inline annotations: the site's own, then each caller's on the way in, the outermost (the entry point) last.
  if (input.site.annotation) layers.push(annotationLayer(input.site.annotation, input.site.location.path, problems));
  for (const caller of input.site.callers ?? []) if (caller.annotation) layers.push(annotationLayer(caller.annotation, caller.path, problems));

  const assumptions = {
    requestsPerMonth: requestsPerMonth(layers),
    inputTokens: latest(layers, "input_tokens"),
    outputTokens: latest(layers, "output_tokens"),
    cacheHitRate: latest(layers, "cache_hit_rate"),
    callsPerRequest: latest(layers, "calls_per_request"),
    thinkingTokens: latest(layers, "thinking_tokens"),
    imagesPerCall: latest(layers, "images_per_call"),
    videoSecondsPerCall: latest(layers, "video_seconds_per_call"),
    queriesPerCall: latest(layers, "queries_per_call"),
  };
  // Keys that change nothing for this call (thinking tokens of a call that does not think, images of a
  // text model) do not make its usage "config".
  const { thinkingTokens, imagesPerCall, videoSecondsPerCall, queriesPerCall, ...counted } = assumptions;
  const units = input.media ? [{ imagesPerCall, videoSecondsPerCall, queriesPerCall }[UNIT_ASSUMPTIONS[input.media]]] : [];
  const source = highestSource([...Object.values(counted), ...(input.site.thinkingBudget ? [thinkingTokens] : []), ...units]);
  return { assumptions: { ...assumptions, source }, problems };
}

/** The usage key counting a request's units, where a static figure comes from, and what is read. */
const MEDIA_COUNTS = {
  image: ["images_per_call", "the request's numberOfImages", "numberOfImages"],
  video: ["video_seconds_per_call", "the request's durationSeconds", "durationSeconds"],
  rerank: ["queries_per_call", "one query per 100 documents the request sends", "the number of documents"],
} as const;

/** Units per call by default: what the request itself asks for (numberOfImages, durationSeconds), else the model's default. */
function unitsDefault(site: CallSite): { values: UsageValues; derivations: NonNullable<Layer["derivations"]> } {
  const values: UsageValues = { images_per_call: 1, video_seconds_per_call: VIDEO_SECONDS_DEFAULT, queries_per_call: 1 };
  const derivations: NonNullable<Layer["derivations"]> = {};
  const media = site.media;
  if (media) {
    const [field, derived, what] = MEDIA_COUNTS[media.kind];
    if (media.count.kind === "static") {
      values[field] = media.count.value;
      derivations[field] = derived;
    } else if (media.count.kind === "dynamic") derivations[field] = `${what} is not readable (${media.count.origin}): set ${field}`;
  }
  return { values, derivations };
}

/** Nova Reel's length when a request sets none (and v1.0's only length). */
const VIDEO_SECONDS_DEFAULT = 6;

function builtInLayer(site: CallSite, systemPromptTokens: number | null): Layer {
  const origin: AssumptionOrigin = { kind: "default", where: "built-in default" };
  const { requests_per_day, output_tokens, cache_hit_rate } = BUILT_IN_USAGE;
  const calls_per_request = site.api === "agent" ? BUILT_IN_USAGE.agent_calls_per_request : BUILT_IN_USAGE.calls_per_request;
  const thinking = thinkingDefault(site);
  const units = unitsDefault(site);
  const values: UsageValues = { requests_per_day, output_tokens, cache_hit_rate, calls_per_request, thinking_tokens: thinking.tokens, ...units.values };
  const agent: Layer["derivations"] = {
    ...(site.api === "agent" ? { calls_per_request: "Bedrock agent: orchestration makes several model calls per request" } : {}),
    ...(thinking.derivation ? { thinking_tokens: thinking.derivation } : {}),
    ...units.derivations,
  };
  if (systemPromptTokens === null) return { values: { ...values, input_tokens: BUILT_IN_USAGE.input_tokens }, origin, derivations: agent };
  const user = BUILT_IN_USAGE.user_input_tokens;
  return {
    values: { ...values, input_tokens: systemPromptTokens + user },
    origin,
    derivations: { ...agent, input_tokens: `system prompt ≈${count.format(systemPromptTokens)} tokens + ${count.format(user)} user tokens` },
  };
}

/**
 * A call that thinks is assumed to spend its whole budget (the worst case, as a cap is). One without a
 * readable budget (a Nova reasoning effort) gets no figure, and the estimate says so.
 */
function thinkingDefault(site: CallSite): { tokens: number; derivation?: string } {
  const budget = site.thinkingBudget;
  if (!budget || budget.kind === "absent") return { tokens: 0 };
  if (budget.kind === "static") return { tokens: budget.value, derivation: `the call's thinking budget, ${count.format(budget.value)}, used in full` };
  return { tokens: 0, derivation: `thinking is on but its budget is not known (${budget.origin}): set thinking_tokens` };
}

/** The value of the last layer that sets `field`; the built-in layer sets every field. */
function latest(layers: Layer[], field: Exclude<UsageField, "requests_per_day" | "requests_per_month">): Assumption {
  const layer = layers.findLast((l) => l.values[field] !== undefined)!;
  const derivation = layer.derivations?.[field];
  return { value: layer.values[field]!, origin: layer.origin, ...(derivation ? { derivation } : {}) };
}

function requestsPerMonth(layers: Layer[]): Assumption {
  const layer = layers.findLast((l) => l.values.requests_per_day !== undefined || l.values.requests_per_month !== undefined)!;
  const { requests_per_day: perDay, requests_per_month: perMonth } = layer.values;
  if (perMonth !== undefined) return { value: perMonth, origin: layer.origin };
  return {
    value: (perDay! * HOURS_PER_MONTH) / 24,
    origin: layer.origin,
    derivation: `${count.format(perDay!)}/day × ${HOURS_PER_MONTH}/24`,
  };
}

const PRECEDENCE = ["default", "config", "inline"] as const;

function highestSource(assumptions: Assumption[]): UsageAssumptions["source"] {
  return PRECEDENCE[Math.max(...assumptions.map((a) => PRECEDENCE.indexOf(a.origin.kind)))]!;
}

const MATCHER_KEYS = ["path", "symbol", "model"] as const;

/** `.github/bedrock-cost.yml usage.sites[2] (path: src/**, model: *haiku*)` */
function siteEntryWhere(configPath: string, index: number, entry: SiteUsage): string {
  const matchers = MATCHER_KEYS.filter((key) => entry[key] !== undefined).map((key) => `${key}: ${entry[key]}`);
  return `${configPath} usage.sites[${index}] (${matchers.join(", ")})`;
}

// Config entries are parsed once per run and matched against every site: compile each glob once.
const compiled = new WeakMap<SiteUsage, (site: CallSite) => boolean>();

export function entryMatches(entry: SiteUsage, site: CallSite): boolean {
  let matches = compiled.get(entry);
  if (!matches) compiled.set(entry, (matches = compileEntry(entry)));
  return matches(site);
}

/**
 * An entry matches when ALL its matchers match; a model resolved only at run time matches no model glob.
 * `path` and `symbol` match one place on the way to the call: the site itself, or one of the callers
 * it is reached through (a route handler calling a wrapper).
 */
function compileEntry(entry: SiteUsage): (site: CallSite) => boolean {
  const path = entry.path === undefined ? undefined : pathGlob(entry.path);
  const symbol = entry.symbol === undefined ? undefined : symbolGlob(entry.symbol);
  const model = entry.model === undefined ? undefined : modelGlob(entry.model);
  return (site) => {
    if (model !== undefined && (site.model.id === null || !model(site.model.id))) return false;
    const places = [{ path: site.location.path, symbol: site.symbol }, ...(site.callers ?? [])];
    return places.some((place) => (path === undefined || path(place.path)) && (symbol === undefined || symbol(place.symbol)));
  };
}

const NUMBER = /^-?\d[\d_]*(?:\.\d+)?$/;

/** An inline annotation's fields, each validated like the config's; a bad key or value is a problem, and skipped. */
function annotationLayer(annotation: UsageAnnotation, path: string, problems: Problem[]): Layer {
  const problem = (message: string) => problems.push({ path, line: annotation.line, message: `bedrock-cost annotation: ${message}`, warning: true });
  const values: UsageValues = {};
  for (const [key, raw] of Object.entries(annotation.fields)) {
    if (!isUsageField(key)) {
      problem(`${unknownKeyMessage(key, USAGE_FIELDS, { noun: "key", list: "always" })}; ignored`);
      continue;
    }
    if (!NUMBER.test(raw)) {
      problem(`${key}=${raw}: expected a number; ignored`);
      continue;
    }
    const parsed = USAGE_FIELD_SCHEMAS[key].safeParse(Number(raw.replaceAll("_", "")), { reportInput: true });
    if (parsed.success) values[key] = parsed.data;
    else problem(`${key}=${raw}: ${describeIssues(parsed.error.issues).map((issue) => issue.message).join("; ")}; ignored`);
  }
  if (values.requests_per_day !== undefined && values.requests_per_month !== undefined) {
    problem("set requests_per_day or requests_per_month, not both; both ignored");
    delete values.requests_per_day;
    delete values.requests_per_month;
  }
  return { values, origin: { kind: "inline", where: `${path}:${annotation.line}` } };
}

function isUsageField(key: string): key is UsageField {
  return (USAGE_FIELDS as readonly string[]).includes(key);
}
