import type { RepoConfig } from "../config/schema.js";
import { loadCatalog } from "../cost/catalog.js";
import { allRules } from "../engine/registry.js";
import { runRules, type RuleSetting } from "../engine/run-rules.js";
import { scanDirectives, type Suppression } from "../extract/directives.js";
import { loadExtractors, type Extractors } from "../extract/index.js";
import type { CallSite } from "../model/call-site.js";
import type { Problem } from "../model/location.js";
import type { PricedSite } from "../model/priced-site.js";
import type { Report, SiteChange } from "../model/report.js";
import type { ChangeSet } from "../model/source-file.js";
import { pairFacts } from "../pairing/pair.js";
import { buildReport, siteChange, siteReport } from "../report/build.js";
import { BUILT_IN_USAGE } from "../cost/usage.js";
import { priceSite, repriceSite, type PricingContext } from "./price-site.js";

export interface AnalyzeOptions {
  /** The effective config (see effectiveConfig): gate from base, usage and pricing from head. */
  config: RepoConfig;
  /** The config file's repo-relative path, named in every assumption it sets; null when there is none. */
  configPath: string | null;
  /** Which side's file it was, for the report (e.g. "… of the head side (git main)"); defaults to configPath. */
  configLabel?: string | null;
  mode: Report["mode"];
}

interface SideFacts {
  sites: CallSite[];
  problems: Problem[];
}

/** The engine: change set in, report out. Pure apart from loading the parsers once. */
export async function analyzeChange(changeSet: ChangeSet, options: AnalyzeOptions): Promise<Report> {
  const extractors = await loadExtractors();
  const base = extractSide(changeSet, "base", extractors);
  const head = extractSide(changeSet, "head", extractors);

  const catalog = loadCatalog(options.config.pricing);
  const context: PricingContext = { catalog, usage: options.config.usage, configPath: options.configPath ?? "built-in defaults" };
  const problems: Problem[] = [...base.problems, ...head.problems];
  const price = (site: CallSite) => {
    const { priced, problems: usageProblems } = priceSite(site, context);
    problems.push(...usageProblems);
    return priced;
  };
  const basePriced = base.sites.map(price);
  const headPriced = head.sites.map(price);

  // Head paths map back to base paths for renamed files, so their sites keep their keys.
  const previousPath = new Map(changeSet.files.filter((f) => f.previousPath).map((f) => [f.path, f.previousPath!]));
  const pairs = pairFacts(basePriced, headPriced, {
    baseKey: (p) => p.site.key,
    headKey: (p) => rekey(p.site, previousPath.get(p.site.location.path)),
    fallbackGroup: (p, side) =>
      `${side === "head" ? (previousPath.get(p.site.location.path) ?? p.site.location.path) : p.site.location.path}#${p.site.api}`,
  });

  const sites: SiteChange[] = [];
  const changedHead: PricedSite[] = [];
  for (const pair of pairs) {
    const change = siteChange({
      key: pair.key,
      base: pair.base && siteReport(pair.base),
      head: pair.head && siteReport(pair.head),
    });
    sites.push(change);
    if (pair.head && (options.mode === "scan" || change.change !== "unchanged")) {
      changedHead.push({ ...pair.head, change: change.change });
    }
  }
  sites.sort(bySidePlace);

  const { findings, suppressed } = runRules({
    rules: allRules(),
    settings: ruleSettings(options.config),
    sites: changedHead,
    reprice: (priced, variant) => repriceSite(priced, variant, context),
    suppressions: suppressionsOf(changeSet, changedHead, problems),
  });

  return buildReport({
    mode: options.mode,
    sites,
    resources: [],
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

function extractSide(changeSet: ChangeSet, side: "base" | "head", extractors: Extractors): SideFacts {
  const texts = new Map<string, string>();
  for (const file of changeSet.files) {
    const content = file[side];
    const path = side === "base" ? (file.previousPath ?? file.path) : file.path;
    if (content?.kind === "text") texts.set(path, content.text);
  }
  const facts: SideFacts = { sites: [], problems: [] };
  for (const [path, text] of texts) {
    for (const extractor of extractors.callSites) {
      if (!extractor.handles(path) || !extractor.mayContainCalls(text)) continue;
      const result = extractor.extract({ path, text }, texts);
      facts.sites.push(...result.sites);
      // A base file that fails to parse would make its calls look added: say so rather than hide it.
      facts.problems.push(
        ...(side === "head" ? result.problems : result.problems.map((p) => ({ ...p, message: `base side: ${p.message}` }))),
      );
    }
  }
  return facts;
}

function rekey(site: CallSite, basePath: string | undefined): string {
  return basePath === undefined ? site.key : site.key.replace(site.location.path, basePath);
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

/** Suppression comments and malformed directives of the head files that have sites the rules look at. */
function suppressionsOf(changeSet: ChangeSet, sites: readonly PricedSite[], problems: Problem[]): Map<string, Suppression[]> {
  const paths = new Set(sites.map((s) => s.site.location.path));
  const out = new Map<string, Suppression[]>();
  for (const file of changeSet.files) {
    if (!paths.has(file.path) || file.head?.kind !== "text") continue;
    const directives = scanDirectives(file.path, file.head.text);
    out.set(file.path, directives.suppressions);
    problems.push(...directives.problems);
  }
  return out;
}

function skippedFiles(changeSet: ChangeSet): Report["skipped"] {
  const out: Report["skipped"] = [];
  for (const file of changeSet.files) {
    const content = file.head ?? file.base;
    if (content?.kind === "skipped") out.push({ path: file.path, reason: content.reason });
  }
  return out;
}

function bySidePlace(a: SiteChange, b: SiteChange): number {
  const x = (a.head ?? a.base)!;
  const y = (b.head ?? b.base)!;
  return x.path < y.path ? -1 : x.path > y.path ? 1 : x.line - y.line;
}
