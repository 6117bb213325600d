import type { EntryLines } from "../config/load.js";
import type { RepoConfig } from "../config/schema.js";
import type { Catalog } from "../cost/catalog.js";
import { entryMatches } from "../cost/usage.js";
import type { CallSite } from "../model/call-site.js";
import type { Problem } from "../model/location.js";

/** Where the config's entries are, and which of them this change wrote (a diff warns only about those). */
export interface ConfigEntries {
  lines?: EntryLines;
  /** A scan sees every call of the repository; a diff only those the change reaches. */
  mode: "diff" | "scan";
  /** True for an entry the change adds or edits; every entry in a scan. */
  written: (entry: string) => boolean;
}

/**
 * Config entries that match nothing — a `usage.sites` entry no call site matches, a `pricing.overrides`
 * model no catalog id matches — as located warnings: a typo in a glob or an id would otherwise price
 * with the defaults, silently. A diff sees only the calls the change reaches, so an entry for code it
 * does not touch matches nothing there by design: it warns only about entries the change writes.
 */
export function configEntryWarnings(config: RepoConfig, catalog: Catalog, sites: readonly CallSite[], configPath: string, entries: ConfigEntries): Problem[] {
  const found = [
    ...(config.usage?.sites ?? []).flatMap((entry, index) =>
      sites.some((site) => entryMatches(entry, site)) ? [] : [{ entry: `usage.sites[${index}]`, message: entries.mode === "scan" ? "matches no call site; its usage applies to nothing" : UNREACHED }],
    ),
    ...catalog.warnings,
  ];
  return found
    .filter(({ entry }) => entries.written(entry))
    .map(({ entry, message }) => {
      const line = entries.lines?.[entry];
      return { path: configPath, ...(line ? { line } : {}), message: `${entry}: ${message}`, warning: true as const };
    });
}

const UNREACHED = "matches no call site this change reaches (a typo? `bedrock-cost scan` matches it against the whole repository)";

/** An entry is written by the change when the base side's list holds no entry equal to it. */
export function writtenEntries(head: RepoConfig, base: RepoConfig): (entry: string) => boolean {
  const lists = (config: RepoConfig): Record<string, readonly unknown[]> => ({
    "usage.sites": config.usage?.sites ?? [],
    "pricing.overrides": config.pricing?.overrides ?? [],
    "pricing.models": config.pricing?.models ?? [],
  });
  const before = lists(base);
  const after = lists(head);
  return (entry) => {
    const match = /^(.+)\[(\d+)\]$/.exec(entry);
    if (!match) return false;
    const value = JSON.stringify(after[match[1]!]?.[Number(match[2])]);
    return !(before[match[1]!] ?? []).some((old) => JSON.stringify(old) === value);
  };
}
