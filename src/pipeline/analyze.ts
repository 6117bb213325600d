import { CATALOG_MAX_AGE_DAYS, type RepoConfig } from "../config/schema.js";
import { loadCatalog } from "../cost/catalog.js";
import { BUILT_IN_USAGE } from "../cost/usage.js";
import { allRules } from "../engine/registry.js";
import { runRules, type RuleSetting } from "../engine/run-rules.js";
import { pathFilter } from "../config/globs.js";
import { scanDirectives, type Suppression } from "../extract/directives.js";
import type { CallSite, DeclarationRef } from "../model/call-site.js";
import type { ResourceEstimate } from "../model/estimate.js";
import { addProblems, type Problem } from "../model/location.js";
import { configEntryWarnings, type ConfigEntries } from "./config-warnings.js";
import type { PricedResourceFact, PricedSite } from "../model/priced-site.js";
import type { Report, ResourceChange, SiteChange } from "../model/report.js";
import type { Resource } from "../model/resource.js";
import type { ChangeSet, FileContent } from "../model/source-file.js";
import { pairFacts, type Pair } from "../pairing/pair.js";
import { buildReport, changeOf, siteReport } from "../report/build.js";
import { priceSite, repriceSite, type PricingContext } from "./price-site.js";
import { extractChange, type ExtractedChange } from "./extract-change.js";
import { priceResources, resourceSide } from "./resources.js";
import type { Sides } from "./sides.js";

export interface AnalyzeOptions {
  /** The effective config (see trustedConfig): gate from base, usage and pricing from head. */
  config: RepoConfig;
  /** The config file's repo-relative path, named in every assumption it sets; null when there is none. */
  configPath: string | null;
  /** Which side's file it was, for the report (e.g. "… at head 1a2b3c4"); defaults to configPath. */
  configLabel?: string | null;
  mode: Report["mode"];
  /** Today, for the age of the price catalog; defaults to the clock. */
  now?: Date;
  /** The config's entry lines and which entries the change writes, for warnings about entries that match nothing. */
  entries?: ConfigEntries;
}

/** The engine: change set in, report out. Pure apart from reading the sides it is given. */
export async function analyzeChange(changeSet: ChangeSet, options: AnalyzeOptions & { sides?: Sides }): Promise<Report> {
  return priceChange(await extractChange(changeSet, { mode: options.mode, sides: options.sides, wanted: pathFilter(options.config.paths) }), options);
}

/** Prices extracted facts under one config: pairing, estimates, rules, report. Pure. */
export function priceChange(extracted: ExtractedChange, options: AnalyzeOptions): Report {
  const { changeSet, base, head } = extracted;
  const problems: Problem[] = [...extracted.problems];
  const catalog = loadCatalog(options.config.pricing);
  const context: PricingContext = { catalog, usage: options.config.usage, configPath: options.configPath ?? "built-in defaults", ...(options.config.agents ? { agents: options.config.agents } : {}) };
  if (options.configPath) {
    const entries = options.entries ?? { mode: options.mode, written: () => options.mode === "scan" };
    addProblems(problems, configEntryWarnings(options.config, catalog, [...base.sites, ...head.sites], options.configPath, entries));
  }
  const price = (site: CallSite) => {
    const { priced, problems: usageProblems } = priceSite(site, context);
    addProblems(problems, usageProblems);
    return priced;
  };

  // Head paths map back to base paths for renamed files, so their facts keep their keys.
  const previousPath = new Map(changeSet.files.filter((f) => f.previousPath).map((f) => [f.path, f.previousPath!]));
  const basePathOf = (path: string) => previousPath.get(path) ?? path;
  const rekey = (key: string, path: string) => (previousPath.has(path) ? key.replace(path, basePathOf(path)) : key);
  const callerKey = (site: CallSite) => (site.callers ?? []).map((c) => `${c.path}#${c.symbol}#${c.callee}`).join("<");

  const sitePairs = pairFacts(base.sites.map(price), head.sites.map(price), {
    contentKey: (p, side) => {
      const { location, symbol, api, model } = p.site;
      return `${side === "head" ? basePathOf(location.path) : location.path}#${symbol}#${api}#${model.id ?? model.origin}#${callerKey(p.site)}`;
    },
    baseKey: (p) => p.site.key,
    headKey: (p) => rekey(p.site.key, p.site.location.path),
    fallbackGroup: (p, side) => `${side === "head" ? basePathOf(p.site.location.path) : p.site.location.path}#${p.site.api}#${callerKey(p.site)}`,
  });
  const pricing = options.config.pricing;
  // A guardrail or flow its calls are bound to is priced at those calls.
  const atCalls = (sites: CallSite[]) => new Set(sites.flatMap((site) => [site.guardrail?.declared?.key, site.invokesFlow?.declared?.key].filter((key) => key !== undefined)));
  const resourcePairs = pairFacts(priceResources(base.resources, pricing, catalog, atCalls(base.sites)), priceResources(head.resources, pricing, catalog, atCalls(head.sites)), {
    baseKey: (r) => r.resource.key,
    headKey: (r) => rekey(r.resource.key, r.resource.location.path),
  });

  const inScope = (change: string) => options.mode === "scan" || change !== "unchanged";
  const sites: SiteChange[] = [];
  const changedSites: PricedSite[] = [];
  for (const pair of sitePairs) {
    const change = changeOf({ key: pair.key, base: pair.base && siteReport(pair.base), head: pair.head && siteReport(pair.head) });
    const via = movedVia(pair.base?.site, pair.head?.site, extracted.changed);
    sites.push(via && change.change !== "unchanged" ? { ...change, via } : change);
    if (pair.head && inScope(change.change)) changedSites.push({ ...pair.head, change: change.change, ...(pair.base ? { base: pair.base } : {}) });
  }
  const resources: ResourceChange[] = [];
  const changedResources: PricedResourceFact[] = [];
  for (const pair of resourcePairs) {
    const change = changeOf(sidesOf(pair));
    resources.push(change);
    if (pair.head && inScope(change.change)) changedResources.push({ ...pair.head, change: change.change });
  }

  const { findings, suppressed } = runRules({
    rules: allRules(),
    settings: ruleSettings(options.config),
    sites: changedSites,
    resources: changedResources,
    reprice: (priced, variant) => repriceSite(priced, variant, context),
    suppressions: suppressionsOf(
      extracted,
      [...changedSites.flatMap((s) => [s.site.location.path, ...(s.site.callers ?? []).map((c) => c.path)]), ...changedResources.map((r) => r.resource.location.path)],
      problems,
    ),
  });

  return buildReport({
    mode: options.mode,
    sites: sites.sort(byPlace),
    resources: resources.sort(byPlace),
    findings,
    suppressed,
    problems,
    skipped: skippedFiles(changeSet),
    assumptions: {
      configPath: options.configLabel ?? options.configPath,
      builtInDefaults: { ...BUILT_IN_USAGE },
      catalogVerifiedAt: catalog.verifiedAt,
    },
    notes: [...extracted.notes, ...catalogAgeNotes(catalog.verifiedAt, options)],
  });
}

/** A warning when the built-in prices were last verified longer ago than the config allows. */
function catalogAgeNotes(verifiedAt: string, options: AnalyzeOptions): string[] {
  const maxDays = options.config.pricing?.catalog_max_age_days ?? CATALOG_MAX_AGE_DAYS;
  const days = Math.floor(((options.now ?? new Date()).getTime() - Date.parse(`${verifiedAt}T00:00:00Z`)) / 86_400_000);
  if (days <= maxDays) return [];
  return [
    `⚠️ The built-in price catalog was last verified ${verifiedAt}, ${days} days ago (more than pricing.catalog_max_age_days: ${maxDays}): Bedrock prices may have changed since. Update bedrock-cost-review, or set negotiated prices under pricing.overrides.`,
  ];
}

/**
 * The declarations in changed files that moved a site: those it reads on one side whose text differs on
 * the other (or that the other side does not read). This is how a site in a file the change did not
 * touch says what moved it ("model via src/lib/claude/client.ts:4").
 */
function movedVia(base: CallSite | undefined, head: CallSite | undefined, changed: ReadonlySet<string>): SiteChange["via"] {
  const key = (ref: DeclarationRef) => `${ref.path}\u0000${ref.name}`;
  const digests = (site: CallSite | undefined) => new Map((site?.via ?? []).map((ref) => [key(ref), ref.digest]));
  const baseRefs = digests(base);
  const headRefs = digests(head);
  const moved = new Map<string, NonNullable<SiteChange["via"]>[number]>();
  for (const [side, refs, other] of [["head", head?.via ?? [], baseRefs], ["base", base?.via ?? [], headRefs]] as const) {
    for (const ref of refs) {
      if (!changed.has(ref.path) || other.get(key(ref)) === ref.digest || moved.has(key(ref))) continue;
      moved.set(key(ref), { path: ref.path, line: ref.line, name: ref.name, side });
    }
  }
  return moved.size ? [...moved.values()] : undefined;
}

function sidesOf(pair: Pair<{ resource: Resource; estimate: ResourceEstimate | null }>) {
  return {
    key: pair.key,
    base: pair.base && resourceSide(pair.base.resource, pair.base.estimate),
    head: pair.head && resourceSide(pair.head.resource, pair.head.estimate),
  };
}

function ruleSettings(config: RepoConfig): Map<string, RuleSetting> {
  const settings = new Map<string, RuleSetting>();
  for (const rule of allRules()) {
    const entry = config.rules[rule.meta.id];
    settings.set(rule.meta.id, {
      level: entry?.level ?? rule.meta.defaultLevel,
      options: rule.meta.options.parse(entry?.options ?? {}),
    });
  }
  return settings;
}

/** Suppression comments and malformed directives of the head files whose facts the rules look at. */
function suppressionsOf(extracted: ExtractedChange, paths: readonly string[], problems: Problem[]): Map<string, Suppression[]> {
  const out = new Map<string, Suppression[]>();
  for (const path of new Set(paths)) {
    const text = extracted.headText(path);
    if (text === undefined) continue;
    const directives = scanDirectives(path, text);
    out.set(path, directives.suppressions);
    addProblems(problems, directives.problems);
  }
  return out;
}

/** Files not read as text, on either side (a base side that was skipped matters as much as a head side). */
function skippedFiles(changeSet: ChangeSet): Report["skipped"] {
  const out: Report["skipped"] = [];
  for (const file of changeSet.files) {
    const excluded = (content: FileContent) => (content.kind === "skipped" && content.excluded ? { excluded: true } : {});
    if (file.head?.kind === "skipped") out.push({ path: file.path, reason: file.head.reason, ...excluded(file.head) });
    else if (file.base?.kind === "skipped") {
      out.push({ path: file.previousPath ?? file.path, reason: `base side: ${file.base.reason}`, ...excluded(file.base) });
    }
  }
  return out;
}

function byPlace(a: { base: { path: string; line: number } | null; head: { path: string; line: number } | null }, b: typeof a): number {
  const x = (a.head ?? a.base)!;
  const y = (b.head ?? b.base)!;
  return x.path < y.path ? -1 : x.path > y.path ? 1 : x.line - y.line;
}
