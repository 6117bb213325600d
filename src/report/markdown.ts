import type { Finding, Level, Report, ResourceChange, SiteChange, SiteReport } from "../model/report.js";
import { RESOURCE_KIND_LABELS, callersLabel, standInLabel, perUnit, resourceCostLabel, viaLabel } from "./labels.js";
import { headline } from "./headline.js";
import { amount, fromCents, pricePerMillion, pricePerUnit, signedPercent, signedUsdPerMonth, toCents, usd, usdPerMonth } from "./money.js";
import { ruleDocUrl } from "./rule-docs.js";

export interface MarkdownOptions {
  /**
   * URL of a line on one side (the App links head lines to the head SHA and removed lines to the base);
   * plain `path:line` text when absent.
   */
  link?: (path: string, line: number, side: Side) => string;
  /** Hard budget for the body (GitHub comments stop at 65,536 characters). */
  maxChars?: number;
  /**
   * Where the text goes, for the wording of cuts: a comment points readers to the check run for what it
   * left out; the check run's own text points to its annotations.
   */
  target?: "comment" | "check-run";
}

/** What a cut tells the reader, per target; each note is at most 78 characters (the room kept for it). */
const CUT_NOTES = {
  comment: { text: "… report truncated to fit a GitHub comment; the check run has it all.", rows: 'the "Bedrock cost" check run lists them all' },
  "check-run": { text: "… report truncated to fit GitHub's limit; the annotations mark head changes.", rows: "the annotations mark those on the head" },
} as const;

type Side = "base" | "head";
type Place = (path: string, line: number, side?: Side) => string;

const LEVEL_ICON: Record<Level, string> = { error: "🛑", warning: "⚠️", notice: "ℹ️" };

/** The PR comment / CLI markdown: headline, totals, changed sites, findings, unpriced, assumptions. */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const changedSites = report.sites.filter((s) => s.change !== "unchanged");
  const changedResources = report.resources.filter((r) => r.change !== "unchanged");
  const place: Place = (path, line, side = "head") =>
    options.link ? `[${path}:${line}](${options.link(path, line, side)})` : `\`${path}:${line}\``;

  const head = [`### ${headline(report)}`, "", ...policyLines(report), ...totalsTable(report), "", ...scopeLines(report, changedSites.length + changedResources.length)];
  const chart = moversChart(changedSites);
  const siteRows = changedSites.map((s) => siteRow(s, place));
  const resourceRows = changedResources.map((r) => resourceRow(r, place));
  const tail = [
    ...findingsSection(report.findings, place),
    ...suppressedSection(report),
    ...unpricedSection(report, place),
    ...problemsSection(report, place),
    ...assumptionsSection(report, changedSites),
  ];

  const notes = CUT_NOTES[options.target ?? "comment"];
  const render = (siteLimit: number, resourceLimit: number) =>
    [
      ...head,
      ...table("Changed call sites", SITE_HEADER, siteRows, siteLimit, notes.rows),
      ...(siteLimit === siteRows.length ? chart : []),
      ...table("Changed resources", RESOURCE_HEADER, resourceRows, resourceLimit, notes.rows),
      ...tail,
    ].join("\n");

  let body = render(siteRows.length, resourceRows.length);
  if (options.maxChars === undefined || body.length <= options.maxChars) return body;
  // Over budget: drop table rows (the check run keeps them all), then the collapsed details.
  let siteLimit = siteRows.length;
  let resourceLimit = resourceRows.length;
  while (body.length > options.maxChars && (siteLimit > 0 || resourceLimit > 0)) {
    const excess = body.length - options.maxChars;
    const cut = Math.max(1, Math.ceil(excess / 150));
    if (siteLimit > 0) siteLimit = Math.max(0, siteLimit - cut);
    else resourceLimit = Math.max(0, resourceLimit - cut);
    body = render(siteLimit, resourceLimit);
  }
  if (body.length > options.maxChars) {
    // Cut on a code-point boundary: half a surrogate pair renders as garbage.
    const cut = body.slice(0, options.maxChars - 80);
    body = `${cut.replace(/[\uD800-\uDBFF]$/, "")}\n\n${notes.text}`;
  }
  return body;
}

/** Why the gate failed (or would), each limit with where it is set; then why a pass is not certain. */
function policyLines(report: Report): string[] {
  const policy = report.policy;
  if (!policy || (policy.reasons.length === 0 && policy.notes.length === 0)) return [];
  return [...policy.reasons.map((reason) => `- ${reason.message}`), ...policy.notes.map((note) => `> ${note}`), ""];
}

function totalsTable(report: Report): string[] {
  const { base, head, delta, deltaPercent } = report.totals;
  if (report.mode === "scan") return ["| | Monthly |", "|---|---:|", `| Estimated | ${usdPerMonth(head)} |`];
  return [
    "| | Monthly |",
    "|---|---:|",
    `| Before | ${usdPerMonth(base)} |`,
    `| After | ${usdPerMonth(head)} |`,
    `| Change | **${signedUsdPerMonth(delta)}**${deltaPercent === null ? "" : ` (${signedPercent(deltaPercent)})`} |`,
  ];
}

function scopeLines(report: Report, changed: number): string[] {
  const lines: string[] = [];
  const sites = report.sites.length + report.resources.length;
  if (sites === 0) {
    lines.push(report.mode === "scan" ? "No Bedrock usage found." : "This change touches no Bedrock usage.");
  } else if (report.mode === "diff") {
    lines.push(`Totals cover the Bedrock usage in the changed files and in the code that reads them: ${changed} of ${sites} call sites/resources changed.`);
  }
  if (report.unpriced.length > 0) {
    const n = report.unpriced.length;
    lines.push(`**Not in the totals:** ${n} call ${n === 1 ? "site or resource" : "sites or resources"} that could not be priced on at least one side (both sides left out) — see "Cannot price" below.`);
  }
  for (const note of report.notes) lines.push(`> ${note}`);
  return lines.length ? [...lines, ""] : [];
}

const SITE_HEADER = ["Location", "Model", "Before", "After", "Δ"];
const RESOURCE_HEADER = ["Resource", "Kind", "Before", "After", "Δ"];

function table(title: string, header: string[], rows: string[], limit: number, whereTheRestIs: string): string[] {
  if (rows.length === 0) return [];
  const shown = rows.slice(0, limit);
  const out = [`#### ${title}`, "", `| ${header.join(" | ")} |`, `|${header.map((_, i) => (i < 2 ? "---" : "---:")).join("|")}|`, ...shown];
  if (shown.length < rows.length) {
    out.push("", `_${rows.length - shown.length} more rows left out to fit GitHub's limit; ${whereTheRestIs}._`);
  }
  return [...out, ""];
}

/** A table row from cells; a `|` inside a cell (e.g. an origin quoting `a || b`) would split the row. */
function row(cells: string[]): string {
  return `| ${cells.map((cell) => cell.replaceAll("|", "\\|")).join(" | ")} |`;
}

function siteRow(change: SiteChange, place: Place): string {
  const side = (change.head ?? change.base)!;
  const which = change.head ? "head" : "base";
  const symbol = side.symbol ? ` \`${side.symbol}\`` : "";
  const callers = callersLabel(side, (path, line) => place(path, line, which));
  const via = viaLabel(change, place);
  return row([
    `${place(side.path, side.line, which)}${symbol}${callers ? `<br>${callers}` : ""}`,
    `${modelTransition(change)}${via ? `<br>${via}` : ""}`,
    cost(change.base),
    cost(change.head),
    deltaCell(change.monthlyDelta),
  ]);
}

function resourceRow(change: ResourceChange, place: Place): string {
  const side = (change.head ?? change.base)!;
  const commitment = change.head?.commitmentTotal ? ` (term total ${usd(change.head.commitmentTotal)})` : "";
  const kind = RESOURCE_KIND_LABELS[side.kind];
  return row([
    `${place(side.path, side.line, change.head ? "head" : "base")} \`${side.name}\``,
    `${kind}${side.model ? ` · \`${side.model}\`` : ""}`,
    resourceCostLabel(change.base, cost),
    `${resourceCostLabel(change.head, cost)}${commitment}`,
    deltaCell(change.monthlyDelta),
  ]);
}

function modelLabel(site: SiteReport): string {
  const guardrail = standInLabel(site);
  if (guardrail) return guardrail;
  if (!site.model.id) return `dynamic (${site.model.origin ?? "unknown"})`;
  return site.model.name ? `${site.model.name} (\`${site.model.id}\`)` : `\`${site.model.id}\``;
}

function modelTransition(change: SiteChange): string {
  const { base, head } = change;
  if (base && head) {
    const before = modelLabel(base);
    const after = modelLabel(head);
    const what = before === after ? after : `${before} → ${after}`;
    const facts = factChanges(base, head);
    return facts ? `${what}; ${facts}` : what;
  }
  return `${change.change}: ${modelLabel((head ?? base)!)}`;
}

/** The non-model facts that changed, so a reader sees why a same-model row moved. */
function factChanges(base: SiteReport, head: SiteReport): string {
  const out: string[] = [];
  const maxTokens = (m: SiteReport["maxTokens"]) => (m === null ? "uncapped" : m === "dynamic" ? "dynamic" : amount(m));
  if (base.maxTokens !== head.maxTokens) out.push(`max tokens ${maxTokens(base.maxTokens)} → ${maxTokens(head.maxTokens)}`);
  if (base.cachePoints !== head.cachePoints) out.push(`cache points ${base.cachePoints} → ${head.cachePoints}`);
  if (base.serviceTier !== head.serviceTier) out.push(`tier ${base.serviceTier} → ${head.serviceTier}`);
  if (base.systemPromptTokens !== head.systemPromptTokens) {
    out.push(`system prompt ~${amount(base.systemPromptTokens ?? 0)} → ~${amount(head.systemPromptTokens ?? 0)} tokens`);
  }
  return out.join(", ");
}

function cost(side: { monthlyCost: number | null } | null): string {
  if (!side) return "—";
  return side.monthlyCost === null ? "cannot price" : usdPerMonth(side.monthlyCost);
}

function deltaCell(delta: number | null): string {
  return delta === null ? "unknown" : signedUsdPerMonth(delta);
}

function findingsSection(findings: Finding[], place: Place): string[] {
  if (findings.length === 0) return [];
  const saving = savingsUpTo(findings);
  const out = [`#### Findings (${findings.length})${saving > 0 ? ` · could save up to ${usdPerMonth(saving)}` : ""}`, ""];
  for (const f of findings) {
    const saves = f.monthlySavings ? ` · **saves ${usdPerMonth(f.monthlySavings)}**` : "";
    out.push(`- ${LEVEL_ICON[f.level]} [${f.ruleId}](${ruleDocUrl(f.ruleId)}) ${place(f.path, f.line)}: ${f.message}${saves}`);
  }
  out.push("", `<details><summary>Why they cost money, and the fixes</summary>`, "");
  for (const f of findings) out.push(`- **${f.ruleId}** \`${f.path}:${f.line}\`: ${f.why} **Fix:** ${f.fix}`);
  return [...out, "", "</details>", ""];
}

/**
 * What fixing every finding could save at most. Findings on one call site are alternatives (a cheaper
 * model and a cheaper profile save from the same dollars), so each site counts its largest saving once.
 */
export function savingsUpTo(findings: readonly Finding[]): number {
  const bySite = new Map<string, number>();
  for (const f of findings) {
    if (!f.monthlySavings || f.monthlySavings <= 0) continue;
    const key = f.siteKey ?? `${f.path}:${f.line}`;
    bySite.set(key, Math.max(bySite.get(key) ?? 0, toCents(f.monthlySavings)));
  }
  return fromCents([...bySite.values()].reduce((sum, cents) => sum + cents, 0));
}

const CHART_MOVERS = 5;

/**
 * The sites whose cost moved most, before and after, as a mermaid bar chart (GitHub renders it). Only
 * with two or more priced movers: one row reads better in the table. Bars of one chart overlap in
 * mermaid, so each site has a "before" and an "after" bar of its own.
 */
function moversChart(changed: SiteChange[]): string[] {
  const movers = changed
    .filter((c) => c.monthlyDelta !== null && c.monthlyDelta !== 0)
    .sort((a, b) => Math.abs(b.monthlyDelta!) - Math.abs(a.monthlyDelta!))
    .slice(0, CHART_MOVERS);
  if (movers.length < 2) return [];
  const label = (c: SiteChange, when: string) => {
    const side = (c.head ?? c.base)!;
    return `"${side.path.split("/").pop()!.replaceAll('"', "'")}:${side.line} ${when}"`;
  };
  const labels = movers.flatMap((c) => [label(c, "before"), label(c, "after")]);
  const values = movers.flatMap((c) => [c.base?.monthlyCost ?? 0, c.head?.monthlyCost ?? 0].map((v) => Math.round(v)));
  return [
    `<details open><summary>Top movers, $/month before and after</summary>`,
    "",
    "```mermaid",
    "xychart-beta horizontal",
    `  x-axis [${labels.join(", ")}]`,
    `  y-axis "USD per month"`,
    `  bar [${values.join(", ")}]`,
    "```",
    "",
    "</details>",
    "",
  ];
}

function suppressedSection(report: Report): string[] {
  if (report.suppressed.length === 0) return [];
  return [
    `<details><summary>Suppressed findings (${report.suppressed.length})</summary>`,
    "",
    ...report.suppressed.map((s) => `- **${s.finding.ruleId}** \`${s.finding.path}:${s.finding.line}\` — ${s.reason}`),
    "",
    "</details>",
    "",
  ];
}

function unpricedSection(report: Report, place: Place): string[] {
  if (report.unpriced.length === 0) return [];
  return ["#### Cannot price", "", ...report.unpriced.map((u) => `- ${place(u.path, u.line)}: ${u.reason}`), ""];
}

/** Files not (fully) analysed; then located warnings about what was written for the tool, in files that were. */
function problemsSection(report: Report, place: Place): string[] {
  const item = (p: Report["problems"][number]) => `- ${p.line ? place(p.path, p.line) : `\`${p.path}\``}: ${p.message}`;
  const items = [...report.problems.filter((p) => !p.warning).map(item), ...report.skipped.map((s) => `- \`${s.path}\`: not analysed — ${s.reason}`)];
  const warnings = report.problems.filter((p) => p.warning).map(item);
  return [...(items.length ? ["#### Not analysed", "", ...items, ""] : []), ...(warnings.length ? ["#### Warnings", "", ...warnings, ""] : [])];
}

function assumptionsSection(report: Report, changed: SiteChange[]): string[] {
  const rows: string[] = [];
  const prices = new Map<string, string>();
  for (const change of changed) {
    const side = change.head ?? change.base!;
    const a = side.assumptions;
    // A model billed per image, second or query is priced by its units, not by tokens.
    const perToken = !perUnit(a);
    rows.push(
      `| \`${siteName(side)}\` | ${amount(a.requestsPerMonth)} | ${amount(a.callsPerRequest)} | ${perToken ? amount(a.inputTokens) : "—"} | ${perToken ? amount(a.outputTokens) : "—"} | ${perToken ? `${Math.round(a.cacheHitRate * 100)}%` : "—"} | ${a.source} |`,
    );
    for (const s of [change.base, change.head]) {
      if (s?.price) prices.set(s.price.modelId, `- ${s.price.name} (\`${s.price.modelId}\`): ${s.price.source}, verified ${s.price.verifiedAt}`);
    }
  }
  const origins = changed.map((change) => {
    const side = change.head ?? change.base!;
    const notes = [...side.costNotes, ...side.notes];
    const bill = side.components.map((c) => {
      const quantity = "unit" in c ? `${amount(c.quantityPerMonth)} × ${pricePerUnit(c.unitPrice, c.unit)}${c.note ? ` (${c.note})` : ""}` : `${tokens(c.tokensPerMonth)} × ${pricePerMillion(c.pricePerMillion)}`;
      return `${c.name.replaceAll("_", " ")} ${quantity} = ${usd(c.monthlyCost)}`;
    });
    return `- \`${siteName(side)}\`: ${groupOrigins(side.assumptions)}${notes.length ? `. ${notes.join("; ")}` : ""}${bill.length ? `. Per month: ${bill.join(" + ")}` : ""}`;
  });
  for (const change of report.resources.filter((r) => r.change !== "unchanged")) {
    const side = change.head ?? change.base!;
    if (side.costNotes.length) origins.push(`- \`${side.path}:${side.line}\` ${side.name}: ${side.costNotes.join("; ")}`);
  }
  const defaults = Object.entries(report.assumptions.builtInDefaults).map(([k, v]) => `\`${k}: ${v}\``).join(", ");
  return [
    "<details><summary>Assumptions and prices</summary>",
    "",
    ...(rows.length
      ? ["| Site | Requests/mo | Calls/request | Input tokens | Output tokens | Cache hit | From |", "|---|---:|---:|---:|---:|---:|---|", ...rows, "", FROM_LEGEND, "", ...origins, ""]
      : []),
    `Usage comes from ${report.assumptions.configPath ? `\`${report.assumptions.configPath}\` (section \`usage:\`)` : "built-in defaults (no config file)"}, inline \`bedrock-cost:\` comments, and built-in defaults: ${defaults}. A month is 730 hours.`,
    "",
    ...(prices.size ? ["Catalog entries behind these prices (the rates are in each site's bill above):", "", ...prices.values(), ""] : []),
    `Catalog verified ${report.assumptions.catalogVerifiedAt}.`,
    "",
    "</details>",
  ];
}

const FROM_LEGEND =
  "From: `inline` — a `bedrock-cost:` comment at the call set at least one figure; `config` — an entry of the config's `usage:` did; `default` — built-in defaults only. Each site's line below names the origin of every figure.";

/** A site's place, with the caller it was priced for: several paths of one site share the place. */
function siteName(side: SiteReport): string {
  const caller = side.callers?.[side.callers.length - 1];
  return `${side.path}:${side.line}${caller ? ` ← ${caller.path}:${caller.line}` : ""}`;
}

const FIELD_LABELS: Record<keyof SiteReport["assumptions"]["origins"], string> = {
  requestsPerMonth: "requests",
  inputTokens: "input",
  outputTokens: "output",
  cacheHitRate: "cache hit rate",
  callsPerRequest: "calls/request",
  thinkingTokens: "thinking tokens",
  imagesPerCall: "images/call",
  videoSecondsPerCall: "video seconds/call",
  queriesPerCall: "queries/call",
};

const TOKEN_FIELDS = new Set(["inputTokens", "outputTokens", "cacheHitRate"]);

/** "requests, output: usage.sites[0] (symbol: X); input: built-in default" — each origin named once (token fields only where tokens are priced). */
function groupOrigins(assumptions: SiteReport["assumptions"]): string {
  const byOrigin = new Map<string, string[]>();
  const units = perUnit(assumptions);
  for (const [field, origin] of Object.entries(assumptions.origins) as Array<[keyof typeof FIELD_LABELS, string]>) {
    if (units && TOKEN_FIELDS.has(field)) continue;
    byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), FIELD_LABELS[field]]);
  }
  return [...byOrigin].map(([origin, fields]) => `${fields.join(", ")} from ${origin}`).join("; ");
}

/** Monthly token volumes in millions: "657.61M tokens". */
function tokens(n: number): string {
  return n >= 1e6 ? `${amount(n / 1e6)}M tokens` : `${amount(n)} tokens`;
}
