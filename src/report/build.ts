import type { Pair } from "../pairing/pair.js";
import type { GuardrailUse, InvokedFlow } from "../model/call-site.js";
import type { PricedSite } from "../model/priced-site.js";
import type { Problem } from "../model/location.js";
import {
  REPORT_SCHEMA_VERSION,
  type Change,
  type Finding,
  type Report,
  type ResourceChange,
  type SiteChange,
  type SiteReport,
  type SuppressedFinding,
} from "../model/report.js";
import { UNIT_ASSUMPTIONS } from "../model/usage.js";
import { fromCents, toCents } from "./money.js";

function guardrailReport({ id, origin, checks, declared }: GuardrailUse): NonNullable<SiteReport["guardrail"]> {
  return { id, ...(origin !== undefined ? { origin } : {}), checks, declared: declared ? { name: declared.name, path: declared.path, line: declared.line } : null };
}

function flowReport({ id, origin, declared }: InvokedFlow): NonNullable<SiteReport["flow"]> {
  return { id, ...(origin !== undefined ? { origin } : {}), declared: declared ? { name: declared.name, path: declared.path, line: declared.line, nodes: declared.nodes } : null };
}

/** One call site as the report shows it; money rounded to cents here and nowhere else. */
export function siteReport(priced: PricedSite): SiteReport {
  const { site, estimate, usage } = priced;
  const { location } = site;
  const kind = priced.model?.kind;
  const unitField = kind === undefined || kind === "text" || kind === "embedding" || kind === "speech" ? undefined : UNIT_ASSUMPTIONS[kind];
  return {
    path: location.path,
    line: location.line,
    column: location.column,
    endLine: location.endLine,
    symbol: site.symbol,
    language: site.language,
    sdk: site.sdk,
    api: site.api,
    model: {
      id: site.model.id,
      source: site.model.source,
      ...(site.model.env !== undefined ? { env: site.model.env } : {}),
      ...(site.model.origin !== undefined ? { origin: site.model.origin } : {}),
      ...(priced.model ? { name: priced.model.name } : {}),
    },
    profile: priced.profile,
    maxTokens: site.maxTokens.kind === "static" ? site.maxTokens.value : site.maxTokens.kind === "absent" ? null : "dynamic",
    ...(site.thinkingBudget ? { thinkingBudget: site.thinkingBudget.kind === "static" ? site.thinkingBudget.value : ("dynamic" as const) } : {}),
    ...(site.guardrail ? { guardrail: guardrailReport(site.guardrail) } : {}),
    ...(site.invokesFlow ? { flow: flowReport(site.invokesFlow) } : {}),
    embedding: site.embedding,
    cachePoints: site.cachePoints.count,
    cache: site.cachePoints,
    systemPromptTokens: priced.systemPromptTokens,
    serviceTier: site.api === "batch_job" ? "batch" : (site.serviceTier.tier ?? "dynamic"),
    monthlyCost: estimate.priced ? fromCents(toCents(estimate.monthlyCost)) : null,
    ...(estimate.priced ? {} : { unpriced: estimate.reason }),
    components: estimate.priced
      ? estimate.components.map((c) => ({ ...c, monthlyCost: fromCents(toCents(c.monthlyCost)) }))
      : [],
    costNotes: estimate.notes,
    notes: site.notes,
    assumptions: {
      requestsPerMonth: usage.requestsPerMonth.value,
      inputTokens: usage.inputTokens.value,
      outputTokens: usage.outputTokens.value,
      cacheHitRate: usage.cacheHitRate.value,
      callsPerRequest: usage.callsPerRequest.value,
      ...(site.thinkingBudget ? { thinkingTokens: usage.thinkingTokens.value } : {}),
      ...(unitField ? { [unitField]: usage[unitField].value } : {}),
      source: usage.source,
      origins: {
        requestsPerMonth: describe(usage.requestsPerMonth),
        inputTokens: describe(usage.inputTokens),
        outputTokens: describe(usage.outputTokens),
        cacheHitRate: describe(usage.cacheHitRate),
        callsPerRequest: describe(usage.callsPerRequest),
        ...(site.thinkingBudget ? { thinkingTokens: describe(usage.thinkingTokens) } : {}),
        ...(unitField ? { [unitField]: describe(usage[unitField]) } : {}),
      },
    },
    ...(estimate.priced
      ? { price: { modelId: estimate.model.id, name: estimate.model.name, source: estimate.model.source, verifiedAt: estimate.model.verifiedAt } }
      : {}),
    ...(site.callers ? { callers: site.callers.map(({ path, line, symbol, callee }) => ({ path, line, symbol, callee })) } : {}),
  };
}

function describe(assumption: { origin: { where: string }; derivation?: string }): string {
  return assumption.derivation ? `${assumption.origin.where} (${assumption.derivation})` : assumption.origin.where;
}

/** Same facts, same money: only the position may differ. */
function classifyChange<T extends { path: string; line: number }>(base: T | null, head: T | null): Change {
  if (!base) return "added";
  if (!head) return "removed";
  return fingerprint(base) === fingerprint(head) ? "unchanged" : "modified";
}

/**
 * The facts and money of a side, without anything that moves when unrelated lines move: position, and
 * the wording of notes and origins (they quote line numbers, e.g. "src/a.ts:12").
 */
function fingerprint(side: { path: string; line: number }): string {
  const { path: _p, line: _l, column: _c, endLine: _e, symbol: _s, notes: _n, costNotes: _cn, callers: _callers, assumptions, model, ...facts } = side as Record<string, unknown>;
  const { origins: _o, ...values } = (assumptions ?? {}) as Record<string, unknown>;
  const { origin: _mo, ...modelFacts } = (model ?? {}) as Record<string, unknown>;
  return JSON.stringify({ ...facts, assumptions: values, model: modelFacts });
}

/** A paired call site or resource as added / removed / modified / unchanged, with its monthly delta. */
export function changeOf<T extends { path: string; line: number; monthlyCost: number | null }>(pair: Pair<T>) {
  return { key: pair.key, change: classifyChange(pair.base, pair.head), base: pair.base, head: pair.head, monthlyDelta: delta(pair.base, pair.head) };
}

/** head − base in cents; null when a side that exists could not be priced (never a silent 0). */
function delta(base: { monthlyCost: number | null } | null, head: { monthlyCost: number | null } | null): number | null {
  if ((base && base.monthlyCost === null) || (head && head.monthlyCost === null)) return null;
  return fromCents(toCents(head?.monthlyCost ?? 0) - toCents(base?.monthlyCost ?? 0));
}

export interface BuildReportInput {
  mode: Report["mode"];
  sites: SiteChange[];
  resources: ResourceChange[];
  findings: Finding[];
  suppressed: SuppressedFinding[];
  problems: Problem[];
  skipped: Report["skipped"];
  assumptions: Report["assumptions"];
  notes: string[];
}

export function buildReport(input: BuildReportInput): Report {
  const sides = [...input.sites, ...input.resources];
  let baseCents = 0;
  let headCents = 0;
  let unpricedBase = 0;
  let unpricedHead = 0;
  const unpriced: Report["unpriced"] = [];
  for (const change of sides) {
    const unknown = [change.base, change.head].filter((side) => side !== null && side.monthlyCost === null);
    if (unknown.length > 0) {
      // One unknown side makes the pair's change unknown: leave both sides out, never count the unknown as $0.
      if (change.base?.monthlyCost === null) unpricedBase++;
      if (change.head?.monthlyCost === null) unpricedHead++;
      const side = unknown[unknown.length - 1]!; // the head side when both are unknown
      unpriced.push({ path: side.path, line: side.line, reason: side.unpriced ?? "cannot be priced" });
      continue;
    }
    if (change.base) baseCents += toCents(change.base.monthlyCost!);
    if (change.head) headCents += toCents(change.head.monthlyCost!);
  }
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    currency: "USD",
    mode: input.mode,
    totals: {
      base: fromCents(baseCents),
      head: fromCents(headCents),
      delta: fromCents(headCents - baseCents),
      deltaPercent: baseCents > 0 ? Math.round(((headCents - baseCents) / baseCents) * 1000) / 10 : null,
      unpricedBase,
      unpricedHead,
    },
    sites: input.sites,
    resources: input.resources,
    findings: input.findings,
    suppressed: input.suppressed,
    unpriced,
    problems: input.problems,
    skipped: input.skipped,
    assumptions: input.assumptions,
    notes: input.notes,
  };
}
