import { moveDerivedPrices, type CatalogEntry } from "../catalog.js";
import { versionsAgree } from "../model-id.js";
import { compareWithSource, sourceFigures, type Difference } from "./compare.js";
import type { SourceModel } from "./genai-prices.js";

/**
 * Plans `npm run catalog:update`: the catalog's token prices checked against a newer release of the
 * price package (source GP), as a pure function of the catalog files and the source, so the command
 * only reads and writes files. An entry with a hand-verified `note` is never overwritten: where the
 * source now disagrees it is kept and listed, and keeps citing the release it was verified against.
 */

/** The source as the planner needs it. */
export interface PriceSource {
  /** Its short name in rules.json `sources`. */
  name: string;
  /** The package, e.g. `@pydantic/genai-prices`, and the release read. */
  packageName: string;
  version: string;
  /** The release's publication date (YYYY-MM-DD): the prices are as of then. */
  published: string;
  pricesFor(catalogId: string): SourceModel | null;
  /** Every Bedrock model id the source prices. */
  modelIds(): string[];
}

interface ProviderFile {
  provider: string;
  models: CatalogEntry[];
  media?: Array<{ id: string; aliases: string[] }>;
  [key: string]: unknown;
}

interface RulesFile {
  sources: Record<string, { title: string; ref: string; date: string | null }>;
  [key: string]: unknown;
}

export interface CatalogFiles {
  /** By file name, e.g. `anthropic.json`. */
  providers: Record<string, ProviderFile>;
  rules: RulesFile;
}

export interface UpdateReport {
  source: string;
  previous: { ref: string; date: string | null };
  current: { ref: string; date: string };
  /** Entries the source prices, checked. */
  checked: number;
  /** Figures changed to the source's. */
  changed: Difference[];
  /** Figures the source contradicts, kept because the entry carries a hand-verified note. */
  kept: Array<Difference & { note: string }>;
  /** Entries that cite the source but the source no longer prices. */
  unlisted: string[];
  /** Models the source prices that the catalog lacks: to add by hand (name, kind, limits). */
  added: string[];
}

export interface UpdatePlan {
  files: CatalogFiles;
  /** File names whose contents changed. */
  changedFiles: string[];
  report: UpdateReport;
}

export function planCatalogUpdate(input: CatalogFiles, source: PriceSource): UpdatePlan {
  const files = structuredClone(input);
  const previous = files.rules.sources[source.name];
  if (!previous) throw new Error(`rules.json has no source ${source.name}`);
  const ref = `npm:${source.packageName}@${source.version}`;
  const report: UpdateReport = {
    source: source.name,
    previous: { ref: previous.ref, date: previous.date },
    current: { ref, date: source.published },
    checked: 0,
    changed: [],
    kept: [],
    unlisted: [],
    added: [],
  };
  const changedFiles = new Set<string>();
  // Entries kept against the new release still rest on the previous one, under its own name.
  const previousName = `${source.name}@${previous.ref.slice(previous.ref.lastIndexOf("@") + 1)}`;
  let previousCited = false;

  for (const [fileName, file] of Object.entries(files.providers)) {
    for (const entry of file.models) {
      const before = JSON.stringify(entry);
      const names = sourceNames(entry);
      const prices = source.pricesFor(entry.id);
      // An entry not re-verified against the new release keeps citing the release it was verified against.
      const citePrevious = () => {
        if (!names.includes(source.name) || entry.verified_at !== previous.date || previous.date === source.published) return;
        entry.source = names.map((n) => (n === source.name ? previousName : n)).join(", ");
        previousCited = true;
      };
      const found = prices ? compareWithSource(entry, prices) : [];
      if (!prices) {
        if (names.includes(source.name)) report.unlisted.push(entry.id);
        citePrevious();
      } else if (found.length > 0 && entry.note) {
        report.checked++;
        report.kept.push(...found.map((d) => ({ ...d, note: entry.note! })));
        citePrevious();
      } else {
        report.checked++;
        applyDifferences(entry, prices, found);
        report.changed.push(...found);
        if (!names.includes(source.name)) entry.source = [...names, source.name].join(", ");
        entry.verified_at = source.published;
      }
      if (JSON.stringify(entry) !== before) changedFiles.add(fileName);
    }
  }

  const known = Object.values(files.providers).flatMap((f) => [...f.models, ...(f.media ?? [])].flatMap((m) => [m.id, ...m.aliases]));
  report.added = source.modelIds().filter((id) => !known.some((k) => versionsAgree(id, k)));

  files.rules.sources[source.name] = { title: `npm ${source.packageName} ${source.version}, provider aws (the independent source)`, ref, date: source.published };
  if (previousCited) files.rules.sources[previousName] = previous;
  if (JSON.stringify(files.rules) !== JSON.stringify(input.rules)) changedFiles.add("rules.json");
  return { files, changedFiles: [...changedFiles].sort(), report };
}

function sourceNames(entry: CatalogEntry): string[] {
  return entry.source.split(",").map((s) => s.trim());
}

/** The source's figures into the entry; cache and batch prices it does not give move with input/output. */
function applyDifferences(entry: CatalogEntry, source: SourceModel, differences: Difference[]): void {
  const before = { ...entry.prices };
  for (const d of differences) if (d.field === "regional_premium") entry.regional_premium = d.source as boolean;
  // Every figure the source gives is set, changed or not, so none of them moves with a changed input.
  const given = sourceFigures(entry, source);
  for (const [field, figure] of given) entry.prices[field] = figure;
  moveDerivedPrices(before, entry.prices, new Set(given.map(([field]) => field)));
}

/** The report as reviewed with the diff: what moved, what was kept and why, what to add. */
export function reportMarkdown(report: UpdateReport, ranOn: string): string {
  const money = (v: number | boolean | null) => (v === null ? "none" : String(v));
  const lines = [
    "# Catalog update",
    "",
    `Run on ${ranOn} against ${report.current.ref} (published ${report.current.date}); previously ${report.previous.ref} (${report.previous.date ?? "undated"}).`,
    `${report.checked} entries checked against ${report.source}.`,
    "",
    "## Changed to the source's figures",
    "",
    ...(report.changed.length === 0 ? ["None."] : ["| model | field | was | now |", "|---|---|---|---|", ...report.changed.map((d) => `| \`${d.id}\` | ${d.field} | ${money(d.catalog)} | ${money(d.source)} |`)]),
    "",
    "## Kept: hand-verified, the source disagrees",
    "",
    ...(report.kept.length === 0 ? ["None."] : ["| model | catalog / source | note |", "|---|---|---|", ...keptRows(report.kept, money)]),
    "",
    "## Cited the source, no longer priced by it",
    "",
    ...(report.unlisted.length === 0 ? ["None."] : report.unlisted.map((id) => `- \`${id}\``)),
    "",
    "## Priced by the source, missing from the catalog (add by hand: name, kind, limits)",
    "",
    ...(report.added.length === 0 ? ["None."] : report.added.map((id) => `- \`${id}\``)),
    "",
  ];
  return lines.join("\n");
}

/** One row per kept entry: its disagreeing figures, then its note once. */
function keptRows(kept: UpdateReport["kept"], money: (v: number | boolean | null) => string): string[] {
  const byId = new Map<string, UpdateReport["kept"]>();
  for (const d of kept) byId.set(d.id, [...(byId.get(d.id) ?? []), d]);
  return [...byId].map(([id, figures]) => {
    const pairs = figures.map((d) => `${d.field} ${money(d.catalog)} / ${money(d.source)}`).join(", ");
    return `| \`${id}\` | ${pairs} | ${figures[0]!.note.replaceAll("|", "\\|")} |`;
  });
}
