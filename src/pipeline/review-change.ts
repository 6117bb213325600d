import type { RepoConfig } from "../config/schema.js";
import type { Report } from "../model/report.js";
import type { ChangeSet } from "../model/source-file.js";
import { evaluatePolicy, type PolicyOutcome } from "../policy/evaluate.js";
import type { TrustedConfig } from "../policy/trusted-config.js";
import { pathFilter } from "../config/globs.js";
import { priceChange } from "./analyze.js";
import { extractChange } from "./extract-change.js";
import type { Sides } from "./sides.js";

export interface ReviewChangeOptions {
  trusted: TrustedConfig;
  /** The base side's own config: its usage and pricing guard the gate (see below). */
  baseConfig: RepoConfig;
  configPath: string | null;
  configLabel?: string | null;
  mode: Report["mode"];
  draft: boolean;
  /** Both sides as wholes (see extractChange); without them only the changed files are read. */
  sides?: Sides;
}

/**
 * The engine plus the gate, shared by the CLI and the App. The report prices both sides with the pull
 * request's usage and pricing (so a PR can declare the traffic of the call it adds), but those same
 * sections could make the gate see less (a 100% "discount", zero traffic). So when the PR changes them,
 * the change is priced a second time under the base side's usage and pricing, and the gate fails if
 * either view fails. A scan has no "before": only findings can fail it, never cost limits.
 */
export async function reviewChange(changeSet: ChangeSet, options: ReviewChangeOptions): Promise<{ report: Report; outcome: PolicyOutcome }> {
  const { trusted } = options;
  // The facts do not depend on usage or pricing: extracted once, priced once per view.
  const extracted = await extractChange(changeSet, { mode: options.mode, sides: options.sides, wanted: pathFilter(trusted.config.paths) });
  const analyze = (config: RepoConfig) =>
    priceChange(extracted, { config, configPath: options.configPath, configLabel: options.configLabel ?? null, mode: options.mode });
  const policy =
    options.mode === "scan"
      ? { ...trusted.policy, max_monthly_increase_usd: undefined, max_monthly_increase_percent: undefined }
      : trusted.policy;
  const judge = (report: Report) =>
    evaluatePolicy(report, { policy, configured: trusted.policyConfigured, setIn: trusted.setIn, draft: options.draft });

  const report = analyze(trusted.config);
  const outcome = judge(report);
  const declared = JSON.stringify([trusted.config.usage, trusted.config.pricing]);
  const base = JSON.stringify([options.baseConfig.usage, options.baseConfig.pricing]);
  if (options.mode === "scan" || outcome.conclusion === "failure" || declared === base) return { report, outcome };

  const guard = judge(analyze({ ...trusted.config, usage: options.baseConfig.usage, pricing: options.baseConfig.pricing }));
  if (guard.conclusion !== "failure") return { report, outcome };
  return {
    report,
    outcome: {
      conclusion: "failure",
      reasons: guard.reasons.map((r) => ({
        ...r,
        message: `${r.message} (priced with the base branch's usage and pricing: this pull request changes them, and they cannot loosen its own gate)`,
      })),
      notes: [...new Set([...outcome.notes, ...guard.notes])],
    },
  };
}
