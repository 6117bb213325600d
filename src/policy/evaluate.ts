import type { Level, PolicyVerdict, Report } from "../model/report.js";
import { signedPercent, signedUsdPerMonth, usdPerMonth } from "../report/money.js";

/** The `policy:` section as the config schema outputs it. */
export interface PolicySettings {
  max_monthly_increase_usd?: number | undefined;
  max_monthly_increase_percent?: number | undefined;
  fail_on_level: "error" | "warning" | "never";
}

export type PolicyKey = keyof PolicySettings;

export interface PolicyInput {
  policy: PolicySettings;
  /** False when no config sets `policy:` at all: the check is advisory and never fails. */
  configured: boolean;
  /** Where each key was set, in words, e.g. ".github/bedrock-cost.yml on main (abc1234)". */
  setIn: (key: PolicyKey) => string;
  /** Draft pull requests are reviewed but never fail the check. */
  draft: boolean;
}

export interface PolicyReason {
  limit: PolicyKey;
  /** One sentence: what happened, the limit, and where the limit is set. */
  message: string;
}

export interface PolicyOutcome {
  conclusion: "success" | "failure" | "neutral";
  /** Why the check fails (or would fail, when not enforced). Empty when it passes. */
  reasons: PolicyReason[];
  /** Context for the conclusion: why a failure is not enforced, why a pass is not certain. */
  notes: string[];
}

const LEVELS_FAILING: Record<PolicySettings["fail_on_level"], readonly Level[]> = {
  error: ["error"],
  warning: ["error", "warning"],
  never: [],
};

/**
 * The gate: report + policy -> conclusion. Cost limits apply to increases only (a decrease never
 * fails); findings fail by level whatever the direction. Cost that cannot be priced is never read as
 * $0: when limits are set and a changed call is unpriced, a pass is only "neutral". Neither is a file
 * that could not be analysed (skipped or unparsable): with any, a pass is only "neutral" too.
 */
export function evaluatePolicy(report: Report, input: PolicyInput): PolicyOutcome {
  const reasons = [...limitReasons(report, input), ...findingReasons(report, input)];
  const notes: string[] = [];
  const unpriced = unpricedChanges(report);
  const hasLimits = input.policy.max_monthly_increase_usd !== undefined || input.policy.max_monthly_increase_percent !== undefined;
  if (unpriced > 0 && hasLimits) {
    notes.push(
      `${unpriced} changed ${unpriced === 1 ? "call or resource" : "calls or resources"} could not be priced, so the cost limits were checked against a partial figure.`,
    );
  }
  // Part of the change was not seen: a pass cannot be vouched for, so it is only neutral.
  const gaps = unanalysedFiles(report);
  if (gaps.length > 0) notes.push(incompleteNote(gaps));
  if (reasons.length > 0) {
    if (input.draft) return { conclusion: "neutral", reasons, notes: [...notes, "Draft pull request: the policy is reported but not enforced until it is ready for review."] };
    if (!input.configured) {
      return { conclusion: "neutral", reasons, notes: [...notes, "Advisory: no `policy:` is configured on the base branch, so this check does not fail. Add one to .github/bedrock-cost.yml to enforce it."] };
    }
    return { conclusion: "failure", reasons, notes };
  }
  return { conclusion: (unpriced > 0 && hasLimits) || gaps.length > 0 ? "neutral" : "success", reasons, notes };
}

/** The outcome as the report carries it, with the limits applied (unset ones left out). */
export function verdictOf(outcome: PolicyOutcome, policy: PolicySettings, context: { configured: boolean; draft: boolean }): PolicyVerdict {
  const limits: PolicyVerdict["limits"] = { fail_on_level: policy.fail_on_level };
  if (policy.max_monthly_increase_usd !== undefined) limits.max_monthly_increase_usd = policy.max_monthly_increase_usd;
  if (policy.max_monthly_increase_percent !== undefined) limits.max_monthly_increase_percent = policy.max_monthly_increase_percent;
  const enforced = context.configured && !context.draft;
  return { conclusion: outcome.conclusion, configured: context.configured, enforced, limits, reasons: outcome.reasons, notes: outcome.notes };
}

/** Files the report could not analyse (skipped, or with a problem that is more than a warning), each once, in report order. */
export function unanalysedFiles(report: Report): string[] {
  const unread = report.skipped.filter((file) => !file.excluded).map((file) => file.path);
  return [...new Set([...unread, ...report.problems.filter((problem) => !problem.warning).map((problem) => problem.path)])];
}

const LISTED_FILES = 10;

/** Names the files that were not analysed (the first ten, then a count). */
export function incompleteNote(paths: readonly string[]): string {
  const listed = paths.slice(0, LISTED_FILES).map((path) => `\`${path}\``).join(", ");
  const more = paths.length > LISTED_FILES ? ` and ${paths.length - LISTED_FILES} more` : "";
  const count = `${paths.length} ${paths.length === 1 ? "file" : "files"}`;
  return `Incomplete analysis: ${count} could not be analysed (${listed}${more}), so any Bedrock usage in them is missing from the figures and this check cannot pass. See "Not analysed" in the report.`;
}

function limitReasons(report: Report, input: PolicyInput): PolicyReason[] {
  const { delta, base, deltaPercent } = report.totals;
  if (delta <= 0) return [];
  const reasons: PolicyReason[] = [];
  const maxUsd = input.policy.max_monthly_increase_usd;
  if (maxUsd !== undefined && delta > maxUsd) {
    reasons.push({
      limit: "max_monthly_increase_usd",
      message: `Monthly cost rises by ${signedUsdPerMonth(delta)}, over the limit of ${usdPerMonth(maxUsd)} (policy.max_monthly_increase_usd in ${input.setIn("max_monthly_increase_usd")}).`,
    });
  }
  const maxPercent = input.policy.max_monthly_increase_percent;
  // From $0 any increase is unbounded in percent; treating it as within the limit would wave through new spend.
  const percentOver = maxPercent !== undefined && (base === 0 || deltaPercent === null || deltaPercent > maxPercent);
  if (maxPercent !== undefined && percentOver) {
    const rise = base === 0 || deltaPercent === null ? `from $0 to ${usdPerMonth(report.totals.head)}` : `by ${signedPercent(deltaPercent)}`;
    reasons.push({
      limit: "max_monthly_increase_percent",
      message: `Monthly cost rises ${rise}, over the limit of +${maxPercent}% (policy.max_monthly_increase_percent in ${input.setIn("max_monthly_increase_percent")}).`,
    });
  }
  return reasons;
}

function findingReasons(report: Report, input: PolicyInput): PolicyReason[] {
  const failing = LEVELS_FAILING[input.policy.fail_on_level];
  const count = report.findings.filter((finding) => failing.includes(finding.level)).length;
  if (count === 0) return [];
  const levels = input.policy.fail_on_level === "error" ? "error" : "error or warning";
  return [
    {
      limit: "fail_on_level",
      message: `${count} ${levels}-level ${count === 1 ? "finding" : "findings"} (policy.fail_on_level: ${input.policy.fail_on_level} in ${input.setIn("fail_on_level")}).`,
    },
  ];
}

function unpricedChanges(report: Report): number {
  const changed = [...report.sites, ...report.resources].filter((change) => change.change !== "unchanged");
  return changed.filter((change) => change.monthlyDelta === null).length;
}
