import { ruleOptionSchemas } from "../engine/registry.js";
import { completeCheckRun, completeStrandedRuns, createCompletedRun, startCheckRun, type CheckRunResult } from "../github/check-runs.js";
import type { GitHubClient } from "../github/client.js";
import { fetchFileTexts, fileKey } from "../github/file-texts.js";
import { getMergeBase, getPullRequest } from "../github/pull-request.js";
import { CONFIG_PATH, configAtCommit, orgDefaultsLoader, type ConfigAtCommit, type ConfigSource } from "../github/repo-config.js";
import { publishComment, updateExistingComment, type CommentOptions } from "../github/sticky-comment.js";
import { githubReader } from "../github/reader.js";
import { githubTree } from "../github/tree.js";
import { trustedConfig, type ConfigSide } from "../policy/trusted-config.js";
import type { ReadBudget } from "../repository/view.js";
import { inProcessEngine, type Engine } from "../workers/engine-pool.js";
import { renderCheckRun, renderConfigErrors, renderReviewFailure, renderStopped } from "../report/check-run.js";
import { envNumber } from "../config/env.js";
import type { RuleOptionSchemas } from "../config/schema.js";
import { planComment } from "./comment-plan.js";
import { Deadline, DeadlineExceeded } from "./deadline.js";
import type { ReviewTarget } from "./types.js";

/**
 * The one pipeline every event runs: check run in progress -> read the change and both configs ->
 * analyse and judge -> comment (only while the commit is still the PR head) -> complete the check run.
 * Any error completes the check run with the reason (failed; neutral on a draft, which never fails),
 * then propagates to Probot's logging. A failure to write the comment does not: the verdict stands and
 * the check run says why the comment is missing.
 *
 * With a `deadline` (a Lambda's time limit less a margin), the review stops when it is reached: the
 * check run is completed as neutral, saying the review did not finish in time, and nothing else is
 * written. It is checked between steps and raced against the whole review.
 */
export async function reviewPullRequest(github: GitHubClient, target: ReviewTarget, engine: Engine = inProcessEngine): Promise<void> {
  const checkRunId = await startCheckRun(github, target.repo, target.headSha);
  const deadline = new Deadline(target.deadline, target.signal);
  try {
    await deadline.run(async () => {
      await sweepStrandedRuns(github, target, checkRunId);
      await review(github, target, checkRunId, deadline, engine);
    });
  } catch (error) {
    if (error instanceof DeadlineExceeded) {
      github.log.warn(`review of #${target.pullNumber} at ${target.headSha.slice(0, 7)} stopped: ${error.message}`);
      await completeOrSay(github, target, checkRunId, { conclusion: "neutral", output: renderStopped(error) });
      return;
    }
    const conclusion = target.draft ? "neutral" : "failure";
    await completeOrSay(github, target, checkRunId, { conclusion, output: renderReviewFailure(error, { draft: target.draft }) });
    throw error;
  }
}

/**
 * A review that will not run (the server stopped before it started): its commit gets a neutral run
 * saying so, rather than no run at all where the check is required.
 */
export async function abandonReview(github: GitHubClient, target: ReviewTarget): Promise<void> {
  await createCompletedRun(github, target.repo, target.headSha, { conclusion: "neutral", output: renderStopped(new DeadlineExceeded("shutdown")) });
}

/** Completes the run on an error path; when GitHub refuses even that (after retries), says so in the log. */
async function completeOrSay(github: GitHubClient, target: ReviewTarget, checkRunId: number, result: CheckRunResult): Promise<void> {
  try {
    await completeCheckRun(github, target.repo, checkRunId, result);
  } catch (error) {
    github.log.error(
      `could not complete check run ${checkRunId} of #${target.pullNumber} at ${target.headSha.slice(0, 7)} (${describeError(error)}); it stays in progress until the next review of this commit completes it`,
    );
  }
}

/** Best effort: a listing that fails must not fail the review it precedes. */
async function sweepStrandedRuns(github: GitHubClient, target: ReviewTarget, checkRunId: number): Promise<void> {
  try {
    const completed = await completeStrandedRuns(github, target.repo, target.headSha, checkRunId);
    if (completed > 0) github.log.info(`completed ${completed} stranded check run(s) on ${target.headSha.slice(0, 7)}`);
  } catch (error) {
    github.log.warn(`could not look for stranded check runs on ${target.headSha.slice(0, 7)}: ${describeError(error)}`);
  }
}

/** What one review may read of the repository, over both sides (blobs shared by both count once). */
export const APP_READ_BUDGET: ReadBudget = { files: 4_000, bytes: 40 * 1024 * 1024 };

/** The budget, as the operator set it (BEDROCK_COST_READ_FILES, BEDROCK_COST_READ_MB) or the default. */
export function appReadBudget(env: NodeJS.ProcessEnv = process.env): ReadBudget {
  return {
    files: envNumber(env.BEDROCK_COST_READ_FILES, APP_READ_BUDGET.files, { integer: true }),
    bytes: envNumber(env.BEDROCK_COST_READ_MB, APP_READ_BUDGET.bytes / 1024 / 1024) * 1024 * 1024,
  };
}

async function review(github: GitHubClient, target: ReviewTarget, checkRunId: number, deadline: Deadline, engine: Engine): Promise<void> {
  const { repo } = target;
  const step = () => deadline.check();
  // The diff runs merge base -> head (the pull request's diff); the policy comes from the base branch as
  // it is now (its tip), which is what the PR merges into and what branch protection means.
  const commits = { base: await getMergeBase(github, repo, target.baseSha, target.headSha), head: target.headSha };
  step();
  const sides = [
    { sha: target.baseSha, label: `base ${target.baseSha.slice(0, 7)}` },
    { sha: commits.head, label: `head ${commits.head.slice(0, 7)}` },
  ] as const;
  const configFiles = sides.map((side) => ({ sha: side.sha, path: CONFIG_PATH }));
  const reader = githubReader(github);
  const texts = await fetchFileTexts(reader, repo, configFiles);
  step();

  const ruleOptions = ruleOptionSchemas() as RuleOptionSchemas;
  const source: ConfigSource = { github, repo, ruleOptions, orgDefaults: orgDefaultsLoader(github, repo.owner, ruleOptions) };
  const [base, head] = await Promise.all(sides.map((side) => configAtCommit(source, side.sha, side.label, texts.get(fileKey({ sha: side.sha, path: CONFIG_PATH })) ?? null)));
  for (const [index, loaded] of [base!, head!].entries()) {
    if (loaded.kind === "invalid") {
      const side = sides[index]!;
      // Only this repository's file at this commit has lines to link to; an extended file is named in the text.
      const located = loaded.errors.find((error) => error.path === CONFIG_PATH && error.line > 0);
      deadline.commit();
      await completeCheckRun(github, repo, checkRunId, {
        // A draft is reviewed but never fails: the same located errors, without blocking anything.
        conclusion: target.draft ? "neutral" : "action_required",
        output: renderConfigErrors(loaded.errors, `the ${side.label}`),
        detailsUrl: lineUrl(target.htmlUrl, side.sha, CONFIG_PATH, located?.line ?? 0),
      });
      return;
    }
  }
  const configs = { base: valid(base!), head: valid(head!) };
  const trusted = trustedConfig(configs.base, configs.head);

  // Both sides as wholes (git trees; blobs read on demand, once each, within the read budget), so
  // imports, callers and dependents outside the changed files are followed, as the CLI does.
  const trees = {
    base: githubTree(reader, { repo, sha: commits.base, label: `merge base ${commits.base.slice(0, 7)}` }),
    head: githubTree(reader, { repo, sha: commits.head, label: `head ${commits.head.slice(0, 7)}` }),
  };
  const { report, outcome } = await engine(
    trees,
    {
      configs,
      configPath: configs.head.layers.length ? CONFIG_PATH : null,
      configLabel: configs.head.layers[0]?.label ?? null,
      mode: "diff",
      draft: target.draft,
      budget: appReadBudget(),
    },
    deadline.stopSignal(),
  );
  step();

  // Check runs belong to one commit; the comment belongs to the PR and must show its newest commit only.
  // Removed lines exist only on the base side: they link to the merge base, everything else to the head.
  const link = (path: string, line: number, side: "base" | "head") => lineUrl(target.htmlUrl, side === "base" ? commits.base : target.headSha, path, line);
  let latestHead = (await getPullRequest(github, repo, target.pullNumber)).headSha;
  let commentError: string | undefined;
  if (latestHead === target.headSha) {
    const comment = planComment(report, trusted.config.comment, target.headSha, link);
    const options: CommentOptions = {
      appId: await appIdOf(github),
      // Listing the comments takes time too: look at the head again right before writing.
      stillCurrent: async () => {
        step();
        latestHead = (await getPullRequest(github, repo, target.pullNumber)).headSha;
        return latestHead === target.headSha;
      },
    };
    step();
    try {
      if (comment.kind === "publish" && trusted.config.comment.behavior !== "off") {
        await publishComment(github, repo, target.pullNumber, comment.body, trusted.config.comment.behavior, options);
      } else if (comment.kind === "update-existing") {
        await updateExistingComment(github, repo, target.pullNumber, comment.body, options);
      }
    } catch (error) {
      if (error instanceof DeadlineExceeded) throw error;
      // A locked conversation, a comment the app may not edit, an outage: the verdict does not depend on it.
      commentError = describeError(error);
      github.log.warn(`could not write the Bedrock cost comment on #${target.pullNumber}: ${commentError}`);
    }
  }
  const supersededBy = latestHead === target.headSha ? {} : { supersededBy: latestHead };
  deadline.commit();
  await completeCheckRun(github, repo, checkRunId, {
    conclusion: outcome.conclusion,
    output: renderCheckRun(report, outcome, { link, ...supersededBy, ...(commentError ? { commentError } : {}) }),
  });
}

/**
 * The id of the app this client acts for: its app-level auth signs a JWT locally (no request) and
 * reports it. Falls back to APP_ID; null when neither knows (then comments are matched by bot + marker).
 */
async function appIdOf(github: GitHubClient): Promise<number | null> {
  try {
    const auth = (await github.auth({ type: "app" })) as { appId?: unknown };
    if (typeof auth.appId === "number") return auth.appId;
    if (typeof auth.appId === "string" && /^\d+$/.test(auth.appId)) return Number(auth.appId);
  } catch {
    // A token-authenticated client (no app credentials): fall through.
  }
  const fromEnv = Number(process.env.APP_ID);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : null;
}

function describeError(error: unknown): string {
  const status = (error as { status?: unknown }).status;
  const message = (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 300);
  return typeof status === "number" ? `GitHub answered ${status}: ${message}` : message;
}

function valid(loaded: ConfigAtCommit): ConfigSide {
  if (loaded.kind !== "valid") throw new Error("unreachable: invalid configs return early");
  return { config: loaded.config, layers: loaded.layers };
}

export function lineUrl(htmlUrl: string, sha: string, path: string, line: number): string {
  const file = `${htmlUrl}/blob/${sha}/${path.split("/").map(encodeURIComponent).join("/")}`;
  return line > 0 ? `${file}#L${line}` : file;
}
