import type { Report, SiteReport } from "../model/report.js";
import { RESOURCE_KIND_LABELS, noCapAtCall, resourceCostLabel, standInLabel, viaLabel } from "./labels.js";
import { signedPercent, signedUsdPerMonth, usd, usdPerMonth } from "./money.js";

/** Plain aligned text for terminals. */
export function renderTable(report: Report): string {
  const { base, head, deltaPercent } = report.totals;
  const out: string[] = [];
  out.push(
    report.mode === "scan"
      ? `Bedrock cost: ${usdPerMonth(head)}`
      : `Bedrock cost: ${signedUsdPerMonth(report.totals.delta)}${deltaPercent === null ? "" : ` (${signedPercent(deltaPercent)})`}   before ${usdPerMonth(base)}   after ${usdPerMonth(head)}`,
  );
  if (report.mode === "scan") {
    // A scan is an inventory: every call with the facts that price it, then every resource.
    const sites = report.sites.map(({ head: site }) => [
      place(site!),
      `${site!.sdk} ${site!.api}`,
      model(site!),
      maxTokens(site!),
      site!.cachePoints ? `${site!.cachePoints} (${site!.cache.ttl})` : "-",
      site!.serviceTier,
      money(site!),
    ]);
    if (sites.length) out.push("", ...align([["LOCATION", "SDK / API", "MODEL", "MAX TOKENS", "CACHE", "TIER", "MONTHLY"], ...sites], 6));
    const resources = report.resources.map(({ head: r }) => [
      `${r!.path}:${r!.line}`,
      `${RESOURCE_KIND_LABELS[r!.kind]} ${r!.name}`,
      r!.model ?? "-",
      r!.commitmentTotal ? `term total ${usd(r!.commitmentTotal)}` : "",
      resourceCostLabel(r!, money),
    ]);
    if (resources.length) out.push("", ...align([["LOCATION", "RESOURCE", "MODEL", "COMMITMENT", "MONTHLY"], ...resources], 4));
  } else {
    const changed = [
      ...report.sites.filter((s) => s.change !== "unchanged").map((s) => {
        const side = (s.head ?? s.base)!;
        const what = s.base && s.head && model(s.base) !== model(s.head) ? `${model(s.base)} -> ${model(s.head)}` : model(side);
        const via = viaLabel(s, (path, line) => `${path}:${line}`);
        return [place(side), s.change, via ? `${what} (${via})` : what, money(s.base), money(s.head), delta(s.monthlyDelta)];
      }),
      ...report.resources.filter((r) => r.change !== "unchanged").map((r) => {
        const side = (r.head ?? r.base)!;
        return [`${side.path}:${side.line}`, r.change, `${RESOURCE_KIND_LABELS[side.kind]} ${side.name}`, resourceCostLabel(r.base, money), resourceCostLabel(r.head, money), delta(r.monthlyDelta)];
      }),
    ];
    if (changed.length) out.push("", ...align([["LOCATION", "CHANGE", "MODEL / RESOURCE", "BEFORE", "AFTER", "DELTA"], ...changed], 3));
  }
  if (report.findings.length) {
    out.push("", "FINDINGS");
    for (const f of report.findings) {
      out.push(`${f.level.padEnd(7)} ${f.ruleId}  ${f.path}:${f.line}  ${f.message}${f.monthlySavings ? ` (saves ${usdPerMonth(f.monthlySavings)})` : ""}`);
    }
  }
  if (report.unpriced.length) {
    out.push("", "CANNOT PRICE");
    for (const u of report.unpriced) out.push(`${u.path}:${u.line}  ${u.reason}`);
  }
  const located = (p: Report["problems"][number]) => `${p.path}${p.line ? `:${p.line}` : ""}  ${p.message}`;
  const unanalysed = report.problems.filter((p) => !p.warning);
  if (unanalysed.length || report.skipped.length) {
    out.push("", "NOT ANALYSED");
    for (const p of unanalysed) out.push(located(p));
    for (const s of report.skipped) out.push(`${s.path}  ${s.reason}`);
  }
  const warnings = report.problems.filter((p) => p.warning);
  if (warnings.length) out.push("", "WARNINGS", ...warnings.map(located));
  return out.join("\n") + "\n";
}

/** A site's place; a caller path also names its outermost caller (several paths share one call). */
function place(site: SiteReport): string {
  const caller = site.callers?.[site.callers.length - 1];
  return `${site.path}:${site.line}${caller ? ` <- ${caller.path}:${caller.line}` : ""}`;
}

function maxTokens(site: SiteReport): string {
  if (noCapAtCall(site)) return "n/a";
  return site.maxTokens === null ? "uncapped" : String(site.maxTokens);
}

function delta(monthlyDelta: number | null): string {
  return monthlyDelta === null ? "unknown" : signedUsdPerMonth(monthlyDelta);
}

function model(site: SiteReport): string {
  return standInLabel(site) ?? site.model.id ?? `dynamic (${site.model.origin ?? "unknown"})`;
}

function money(side: { monthlyCost: number | null } | null): string {
  if (!side) return "-";
  return side.monthlyCost === null ? "cannot price" : usdPerMonth(side.monthlyCost);
}

/** Columns from `firstNumeric` on are right-aligned (money). */
function align(rows: string[][], firstNumeric: number): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i >= firstNumeric ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ").trimEnd());
}
