import type { Report, SiteReport } from "../model/report.js";
import { signedPercent, signedUsdPerMonth, usdPerMonth } from "./money.js";

/** Plain aligned text for terminals. */
export function renderTable(report: Report): string {
  const { base, head, delta, deltaPercent } = report.totals;
  const out: string[] = [];
  out.push(
    report.mode === "scan"
      ? `Bedrock cost: ${usdPerMonth(head)}`
      : `Bedrock cost: ${signedUsdPerMonth(delta)}${deltaPercent === null ? "" : ` (${signedPercent(deltaPercent)})`}   before ${usdPerMonth(base)}   after ${usdPerMonth(head)}`,
  );
  const rows = report.sites
    .filter((s) => report.mode === "scan" || s.change !== "unchanged")
    .map((s) => {
      const side = (s.head ?? s.base)!;
      return [
        `${side.path}:${side.line}`,
        s.change,
        s.base && s.head && model(s.base) !== model(s.head) ? `${model(s.base)} -> ${model(s.head)}` : model(side),
        money(s.base),
        money(s.head),
        s.monthlyDelta === null ? "unknown" : signedUsdPerMonth(s.monthlyDelta),
      ];
    });
  const resourceRows = report.resources
    .filter((r) => report.mode === "scan" || r.change !== "unchanged")
    .map((r) => {
      const side = (r.head ?? r.base)!;
      return [`${side.path}:${side.line}`, r.change, `${side.kind} ${side.name}`, money(r.base), money(r.head), r.monthlyDelta === null ? "unknown" : signedUsdPerMonth(r.monthlyDelta)];
    });
  const all = [...rows, ...resourceRows];
  if (all.length) out.push("", ...align([["LOCATION", "CHANGE", "MODEL / RESOURCE", "BEFORE", "AFTER", "DELTA"], ...all]));
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
  if (report.problems.length || report.skipped.length) {
    out.push("", "NOT ANALYSED");
    for (const p of report.problems) out.push(`${p.path}${p.line ? `:${p.line}` : ""}  ${p.message}`);
    for (const s of report.skipped) out.push(`${s.path}  ${s.reason}`);
  }
  return out.join("\n") + "\n";
}

function model(site: SiteReport): string {
  return site.model.id ?? `dynamic (${site.model.origin ?? "unknown"})`;
}

function money(side: { monthlyCost: number | null } | null): string {
  if (!side) return "-";
  return side.monthlyCost === null ? "cannot price" : usdPerMonth(side.monthlyCost);
}

function align(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i >= 3 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ").trimEnd());
}
