import type { RepoConfig } from "../config/schema.js";
import { loadCatalog } from "../cost/catalog.js";
import { BUILT_IN_USAGE } from "../cost/usage.js";
import { allRules } from "../engine/registry.js";
import { runRules, type RuleSetting } from "../engine/run-rules.js";
import { scanDirectives, type Suppression } from "../extract/directives.js";
import { loadExtractors, type Extractors } from "../extract/index.js";
import type { CallSite } from "../model/call-site.js";
import type { ResourceEstimate } from "../model/estimate.js";
import { skipsFile, type Problem } from "../model/location.js";
import type { PricedResourceFact, PricedSite } from "../model/priced-site.js";
import type { Report, ResourceChange, SiteChange } from "../model/report.js";
import type { Resource } from "../model/resource.js";
import type { ChangeSet, FileContent } from "../model/source-file.js";
import { pairFacts, type Pair } from "../pairing/pair.js";
import { buildReport, changeOf, siteReport } from "../report/build.js";
import { priceSite, repriceSite, type PricingContext } from "./price-site.js";
import { agentCallSite, applyEnvBindings, priceResources, resourceSide } from "./resources.js";

export interface AnalyzeOptions {
  /** The effective config (see trustedConfig): gate from base, usage and pricing from head. */
  config: RepoConfig;
  /** The config file's repo-relative path, named in every assumption it sets; null when there is none. */
  configPath: string | null;
  /** Which side's file it was, for the report (e.g. "… at head 1a2b3c4"); defaults to configPath. */
  configLabel?: string | null;
  mode: Report["mode"];
}

/** What one side of the change declares: call sites (agents included) and resources. */
interface SideFacts {
  sites: CallSite[];
  resources: Resource[];
  /** Paths whose text this side could not analyse (not decodable, or a parse failure). */
  unseen: Map<string, string>;
}

/**
 * A changed file analysed on one side only would show its calls as all added or all removed — a wrong
 * number. Its facts are left out of both sides instead, and the report says so.
 */
function leaveOutHalfSeenFiles(changeSet: ChangeSet, base: SideFacts, head: SideFacts, problems: Problem[]): void {
  for (const file of changeSet.files) {
    if (!file.base || !file.head) continue;
    const basePath = file.previousPath ?? file.path;
    const baseReason = base.unseen.get(basePath);
    const headReason = head.unseen.get(file.path);
    if ((baseReason === undefined) === (headReason === undefined)) continue;
    const seen = baseReason === undefined ? base : head;
    const seenPath = baseReason === undefined ? basePath : file.path;
    const count = seen.sites.filter((s) => s.location.path === seenPath).length + seen.resources.filter((r) => r.location.path === seenPath).length;
    seen.sites = seen.sites.filter((s) => s.location.path !== seenPath);
    seen.resources = seen.resources.filter((r) => r.location.path !== seenPath);
    if (count > 0) {
      const side = baseReason === undefined ? "head" : "base";
      problems.push({
        path: file.path,
        message: `the ${side} side could not be analysed (${baseReason ?? headReason}), so its ${count} Bedrock call site(s) and resource(s) on the other side are left out of both totals: the change to this file is unknown`,
      });
    }
  }
}

/** The engine: change set in, report out. Pure apart from loading the parsers once. */
export async function analyzeChange(changeSet: ChangeSet, options: AnalyzeOptions): Promise<Report> {
  const extractors = await loadExtractors();
  const problems: Problem[] = [];
  const base = extractSide(changeSet, "base", extractors, problems);
  const head = extractSide(changeSet, "head", extractors, problems);
  leaveOutHalfSeenFiles(changeSet, base, head, problems);

  const catalog = loadCatalog(options.config.pricing);
  const context: PricingContext = { catalog, usage: options.config.usage, configPath: options.configPath ?? "built-in defaults" };
  const price = (site: CallSite) => {
    const { priced, problems: usageProblems } = priceSite(site, context);
    problems.push(...usageProblems);
    return priced;
  };

  // Head paths map back to base paths for renamed files, so their facts keep their keys.
  const previousPath = new Map(changeSet.files.filter((f) => f.previousPath).map((f) => [f.path, f.previousPath!]));
  const basePathOf = (path: string) => previousPath.get(path) ?? path;
  const rekey = (key: string, path: string) => (previousPath.has(path) ? key.replace(path, basePathOf(path)) : key);

  const sitePairs = pairFacts(base.sites.map(price), head.sites.map(price), {
    contentKey: (p, side) => {
      const { location, symbol, api, model } = p.site;
      return `${side === "head" ? basePathOf(location.path) : location.path}#${symbol}#${api}#${model.id ?? model.origin}`;
    },
    baseKey: (p) => p.site.key,
    headKey: (p) => rekey(p.site.key, p.site.location.path),
    fallbackGroup: (p, side) => `${side === "head" ? basePathOf(p.site.location.path) : p.site.location.path}#${p.site.api}`,
  });
  const pricing = options.config.pricing;
  const resourcePairs = pairFacts(priceResources(base.resources, pricing, catalog), priceResources(head.resources, pricing, catalog), {
    baseKey: (r) => r.resource.key,
    headKey: (r) => rekey(r.resource.key, r.resource.location.path),
  });

  const inScope = (change: string) => options.mode === "scan" || change !== "unchanged";
  const sites: SiteChange[] = [];
  const changedSites: PricedSite[] = [];
  for (const pair of sitePairs) {
    const change = changeOf({ key: pair.key, base: pair.base && siteReport(pair.base), head: pair.head && siteReport(pair.head) });
    sites.push(change);
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
    suppressions: suppressionsOf(changeSet, [...changedSites.map((s) => s.site.location.path), ...changedResources.map((r) => r.resource.location.path)], problems),
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
    notes: changeSet.notes,
  });
}

function sidesOf(pair: Pair<{ resource: Resource; estimate: ResourceEstimate | null }>) {
  return {
    key: pair.key,
    base: pair.base && resourceSide(pair.base.resource, pair.base.estimate),
    head: pair.head && resourceSide(pair.head.resource, pair.head.estimate),
  };
}

/**
 * Every fact of one side: call sites from source files, resources and agents from IaC files (one
 * batch, so a Terraform module's files resolve each other), and models set in function environments.
 */
function extractSide(changeSet: ChangeSet, side: "base" | "head", extractors: Extractors, problems: Problem[]): SideFacts {
  const texts = new Map<string, string>();
  for (const file of changeSet.files) {
    const content = file[side];
    if (content?.kind === "text") texts.set(side === "base" ? (file.previousPath ?? file.path) : file.path, content.text);
  }
  // A base file that fails to parse would make its calls look added: say so rather than hide it.
  const report = (found: Problem[]) => problems.push(...(side === "head" ? found : found.map((p) => ({ ...p, message: `base side: ${p.message}` }))));

  const unseen = new Map<string, string>();
  for (const file of changeSet.files) {
    const content = file[side];
    if (content?.kind === "skipped") unseen.set(side === "base" ? (file.previousPath ?? file.path) : file.path, content.reason);
  }
  const noteUnseen = (found: Problem[]) => {
    for (const problem of found) if (skipsFile(problem)) unseen.set(problem.path, problem.message);
    report(found);
  };

  const sites: CallSite[] = [];
  for (const [path, text] of texts) {
    for (const extractor of extractors.callSites) {
      if (!extractor.handles(path) || !extractor.mayContainCalls(text)) continue;
      const result = extractor.extract({ path, text }, texts);
      sites.push(...result.sites);
      noteUnseen(result.problems);
    }
  }
  const iacFiles = [...texts].filter(([path]) => extractors.iac.handles(path)).map(([path, text]) => ({ path, text }));
  const iac = iacFiles.length ? extractors.iac.extract(iacFiles) : { resources: [], problems: [], envBindings: [] };
  noteUnseen(iac.problems);
  const agents = iac.resources.filter((r) => r.kind === "agent").map(agentCallSite);
  return { sites: applyEnvBindings([...sites, ...agents], iac.envBindings), resources: iac.resources, unseen };
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
function suppressionsOf(changeSet: ChangeSet, paths: readonly string[], problems: Problem[]): Map<string, Suppression[]> {
  const wanted = new Set(paths);
  const out = new Map<string, Suppression[]>();
  for (const file of changeSet.files) {
    if (!wanted.has(file.path) || file.head?.kind !== "text") continue;
    const directives = scanDirectives(file.path, file.head.text);
    out.set(file.path, directives.suppressions);
    problems.push(...directives.problems);
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
