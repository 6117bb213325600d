import { compareViews } from "../changeset/compare.js";
import type { RepoConfig } from "../config/schema.js";
import { handlesPath, loadExtractors } from "../extract/index.js";
import type { Report } from "../model/report.js";
import type { ChangeSet } from "../model/source-file.js";
import { evaluatePolicy, verdictOf, type PolicyOutcome } from "../policy/evaluate.js";
import { trustedConfig, type ConfigSide, type TrustedConfig } from "../policy/trusted-config.js";
import type { SourceTree } from "../repository/source.js";
import { ReadSession, RepositoryView, type ReadBudget } from "../repository/view.js";
import { pathFilter } from "../config/globs.js";
import { priceChange } from "./analyze.js";
import { extractChange } from "./extract-change.js";
import { writtenEntries } from "./config-warnings.js";
import type { EntryLines } from "../config/load.js";
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
  /** The lines of the head config's list entries, when it is one file of this repository. */
  entryLines?: EntryLines;
}

/** A review's verdict: the report and the policy's judgement of it. */
export interface Reviewed {
  report: Report;
  outcome: PolicyOutcome;
}

/**
 * What reviewing two whole sides needs besides their files: each side's config (the trust rules pick
 * from both) and how the report is labelled. Plain data, so it can be handed to a worker thread.
 */
export interface SidesRequest {
  configs: { base: ConfigSide; head: ConfigSide };
  /** The config file the report names; null when neither side has one. */
  configPath: string | null;
  configLabel: string | null;
  mode: Report["mode"];
  draft: boolean;
}

/** A SidesRequest for sides read from source trees, with the read budget of the review. */
export interface TreesRequest extends SidesRequest {
  budget: ReadBudget;
}

/**
 * Reviews two source trees: opens both as repository views (one read budget, each blob read once)
 * and reviews them as sides. The App's review, in process or in a worker thread.
 */
export async function reviewTrees(trees: { base: SourceTree; head: SourceTree }, request: TreesRequest): Promise<Reviewed> {
  const session = new ReadSession(request.budget);
  const sides = { base: await new RepositoryView(trees.base, session).open(), head: await new RepositoryView(trees.head, session).open() };
  return reviewSides(sides, request);
}

/**
 * Compares two opened sides (the files some extractor handles and the trusted config's `paths` want)
 * and reviews the change, following code across both wholes: what the CLI and the App share.
 */
export async function reviewSides(sides: Sides, request: SidesRequest): Promise<Reviewed> {
  const extractors = await loadExtractors();
  const trusted = trustedConfig(request.configs.base, request.configs.head);
  const wanted = pathFilter(trusted.config.paths);
  const changeSet = await compareViews(sides.base, sides.head, { analysable: (path) => handlesPath(extractors, path) && wanted(path) });
  if (trusted.changeNote) changeSet.notes.push(trusted.changeNote);
  return reviewChange(changeSet, {
    trusted,
    baseConfig: request.configs.base.config,
    configPath: request.configPath,
    configLabel: request.configLabel,
    mode: request.mode,
    draft: request.draft,
    sides,
    ...headEntryLines(request.configs.head),
  });
}

// Entry indexes are the file's own only when no `_extends` layer was merged in before it.
function headEntryLines(head: ConfigSide): { entryLines?: EntryLines } {
  const only = head.layers.length === 1 ? head.layers[0]!.entryLines : undefined;
  return only ? { entryLines: only } : {};
}

/**
 * The engine plus the gate, shared by the CLI and the App. The report prices both sides with the pull
 * request's usage and pricing (so a PR can declare the traffic of the call it adds), but those same
 * sections could make the gate see less (a 100% "discount", zero traffic). So when the PR changes them,
 * the change is priced a second time under the base side's usage and pricing, and the gate fails if
 * either view fails. A scan has no "before": only findings can fail it, never cost limits.
 */
export async function reviewChange(changeSet: ChangeSet, options: ReviewChangeOptions): Promise<Reviewed> {
  const { trusted } = options;
  // The facts do not depend on usage or pricing: extracted once, priced once per view.
  const extracted = await extractChange(changeSet, { mode: options.mode, sides: options.sides, wanted: pathFilter(trusted.config.paths) });
  const written = options.mode === "scan" ? () => true : writtenEntries(trusted.config, options.baseConfig);
  const entries = { mode: options.mode, written, ...(options.entryLines ? { lines: options.entryLines } : {}) };
  const analyze = (config: RepoConfig) =>
    priceChange(extracted, { config, configPath: options.configPath, configLabel: options.configLabel ?? null, mode: options.mode, entries });
  const policy =
    options.mode === "scan"
      ? { ...trusted.policy, max_monthly_increase_usd: undefined, max_monthly_increase_percent: undefined }
      : trusted.policy;
  const judge = (report: Report) =>
    evaluatePolicy(report, { policy, configured: trusted.policyConfigured, setIn: trusted.setIn, draft: options.draft });

  const report = analyze(trusted.config);
  const outcome = guardedOutcome(report, judge, () => {
    const declared = JSON.stringify([trusted.config.usage, trusted.config.pricing, trusted.config.agents]);
    const base = JSON.stringify([options.baseConfig.usage, options.baseConfig.pricing, options.baseConfig.agents]);
    if (options.mode === "scan" || declared === base) return null;
    return analyze({ ...trusted.config, usage: options.baseConfig.usage, pricing: options.baseConfig.pricing, agents: options.baseConfig.agents });
  });
  return { report: { ...report, policy: verdictOf(outcome, policy, { configured: trusted.policyConfigured, draft: options.draft }) }, outcome };
}

/** The outcome of the report, failed instead when the same change priced under the base side's usage and pricing fails. */
function guardedOutcome(report: Report, judge: (report: Report) => PolicyOutcome, underBaseSections: () => Report | null): PolicyOutcome {
  const outcome = judge(report);
  if (outcome.conclusion === "failure") return outcome;
  const guarded = underBaseSections();
  const guard = guarded && judge(guarded);
  if (!guard || guard.conclusion !== "failure") return outcome;
  return {
    conclusion: "failure",
    reasons: guard.reasons.map((r) => ({
      ...r,
      message: `${r.message} (priced with the base branch's usage and pricing: this pull request changes them, and they cannot loosen its own gate)`,
    })),
    notes: [...new Set([...outcome.notes, ...guard.notes])],
  };
}
