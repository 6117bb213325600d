import type { PolicyVerdict, Report } from "../model/report.js";
import { unanalysedFiles } from "../policy/evaluate.js";
import { signedPercent, signedUsdPerMonth, usdPerMonth } from "./money.js";

/**
 * The one-line verdict every view opens with: "❌ Fails policy (limit +$500/mo) · Bedrock cost
 * +$5,463/mo (+156.2%) · 1 call not priced · 4 findings". The cost never reads "+$0.00" when part of
 * the change is unpriced or when no Bedrock usage changed.
 */
export function headline(report: Report): string {
  const verdict = report.policy ? verdictLabel(report.policy) : null;
  const phrase = costPhrase(report);
  const cost = NO_USAGE.has(phrase) ? phrase[0]!.toUpperCase() + phrase.slice(1) : `Bedrock cost: ${phrase}`;
  return [verdict, cost, ...caveats(report)].filter(Boolean).join(" · ");
}

/** The cost part and its caveats without the verdict (the check run's title carries the verdict itself). */
export function costSummary(report: Report): string {
  return [costPhrase(report), ...caveats(report)].join(" · ");
}

export function verdictLabel(policy: PolicyVerdict): string | null {
  const hit = [...new Set(policy.reasons.map((reason) => limitLabel(reason.limit, policy.limits)))].join(", ");
  if (policy.conclusion === "failure") return `❌ Fails policy (${hit})`;
  if (policy.reasons.length > 0) return `⚠️ Would fail policy (${hit}; not enforced)`;
  if (policy.conclusion === "neutral") return "⚠️ Cannot confirm the policy";
  // With no policy configured there is no gate to pass: the cost speaks for itself.
  return policy.configured ? "✅ Passes policy" : null;
}

function limitLabel(limit: PolicyVerdict["reasons"][number]["limit"], limits: PolicyVerdict["limits"]): string {
  switch (limit) {
    case "max_monthly_increase_usd":
      return `limit ${signedUsdPerMonth(limits.max_monthly_increase_usd ?? 0)}`;
    case "max_monthly_increase_percent":
      return `limit +${limits.max_monthly_increase_percent ?? 0}%`;
    case "fail_on_level":
      return limits.fail_on_level === "warning" ? "warning-level findings" : "error-level findings";
  }
}

const NO_USAGE = new Set(["no Bedrock usage found", "no Bedrock usage changed"]);

function costPhrase(report: Report): string {
  const { delta, deltaPercent, head } = report.totals;
  const unpriced = unpricedCount(report);
  if (report.mode === "scan") return report.sites.length + report.resources.length === 0 ? "no Bedrock usage found" : `${usdPerMonth(head)} estimated`;
  const changed = [...report.sites, ...report.resources].some((change) => change.change !== "unchanged");
  if (!changed) return "no Bedrock usage changed";
  if (delta === 0) return unpriced.calls + unpriced.resources > 0 ? "change unknown" : "no change";
  return `${signedUsdPerMonth(delta)}${deltaPercent === null ? "" : ` (${signedPercent(deltaPercent)})`}`;
}

function caveats(report: Report): string[] {
  const { calls, resources } = unpricedCount(report);
  const files = unanalysedFiles(report).length;
  const findings = report.findings.length;
  return [
    calls > 0 ? `${calls} ${calls === 1 ? "call" : "calls"} not priced` : "",
    resources > 0 ? `${resources} ${resources === 1 ? "resource" : "resources"} not priced` : "",
    files > 0 ? `${files} ${files === 1 ? "file" : "files"} not analysed` : "",
    findings > 0 ? `${findings} ${findings === 1 ? "finding" : "findings"}` : "",
  ].filter(Boolean);
}

/** Call sites and resources whose change is unknown (a diff counts changed ones; a scan, all). */
function unpricedCount(report: Report): { calls: number; resources: number } {
  const counts = (changes: ReadonlyArray<{ change: string; monthlyDelta: number | null; base: unknown; head: { monthlyCost: number | null } | null }>) =>
    changes.filter((c) => (report.mode === "scan" ? c.head?.monthlyCost === null : c.change !== "unchanged" && c.monthlyDelta === null)).length;
  return { calls: counts(report.sites), resources: counts(report.resources) };
}
