import type { CheckRunOutput } from "../report/check-run.js";
import { CHECK_NAME, type GitHubClient, type RepoRef } from "./client.js";

/** GitHub accepts at most this many annotations per check run request; more are sent in further updates. */
export const ANNOTATIONS_PER_REQUEST = 50;

export type CheckConclusion = "success" | "failure" | "neutral" | "action_required";

export interface CheckRunResult {
  conclusion: CheckConclusion;
  output: CheckRunOutput;
  detailsUrl?: string;
}

/** Creates the "Bedrock cost" check run on the head commit, in progress, and returns its id. */
export async function startCheckRun(github: GitHubClient, repo: RepoRef, headSha: string): Promise<number> {
  // Retried like a completion: a review whose run cannot be created leaves a required check with no run at all.
  const { data } = await retried(() => github.rest.checks.create({
    ...repo,
    name: CHECK_NAME,
    head_sha: headSha,
    status: "in_progress",
    output: { title: "Pricing Bedrock usage…", summary: "Reading the changed files and pricing their Bedrock calls." },
  }));
  return data.id;
}

/**
 * How the request that completes a check run is retried, beyond Octokit's own retries: a run left in
 * progress blocks a PR whose check is required, so this one request is worth waiting for. Mutable for
 * tests only.
 */
export const COMPLETION_RETRY = { attempts: 5, baseDelayMs: 1_000 };

/**
 * A run still in progress this long after it started is stranded (its review's process died, or GitHub
 * failed every attempt to complete it): the next review of the same commit completes it.
 */
export const STRANDED_AFTER_MS = 30 * 60 * 1000;

/**
 * Completes the check run. Annotations go 50 per request: every batch but the last while the run is
 * still in progress, the last with the conclusion, so a failure midway never leaves a half-annotated
 * run marked complete. The completing request is retried on server errors and network failures.
 */
export async function completeCheckRun(github: GitHubClient, repo: RepoRef, checkRunId: number, result: CheckRunResult): Promise<void> {
  const { annotations, ...text } = result.output;
  const batches = batch(annotations, ANNOTATIONS_PER_REQUEST);
  for (const annotationBatch of batches.slice(0, -1)) {
    await github.rest.checks.update({ ...repo, check_run_id: checkRunId, output: { ...text, annotations: annotationBatch } });
  }
  await retried(() =>
    github.rest.checks.update({
      ...repo,
      check_run_id: checkRunId,
      status: "completed",
      conclusion: result.conclusion,
      ...(result.detailsUrl ? { details_url: result.detailsUrl } : {}),
      output: { ...text, annotations: batches.at(-1) ?? [] },
    }),
  );
}

/**
 * A run created already completed, in one request (retried like a completion): for a review that will
 * not run, where a run in progress first would double the writes a shutting-down server has to make.
 */
export async function createCompletedRun(github: GitHubClient, repo: RepoRef, headSha: string, result: CheckRunResult): Promise<void> {
  await retried(() =>
    github.rest.checks.create({ ...repo, name: CHECK_NAME, head_sha: headSha, status: "completed", conclusion: result.conclusion, output: { ...result.output, annotations: [] } }),
  );
}

/**
 * Completes, as neutral, every "Bedrock cost" run on the commit other than `currentId` that has been in
 * progress longer than STRANDED_AFTER_MS. Returns how many it completed.
 */
export async function completeStrandedRuns(github: GitHubClient, repo: RepoRef, headSha: string, currentId: number, now = Date.now()): Promise<number> {
  const runs = await github.paginate(github.rest.checks.listForRef, { ...repo, ref: headSha, check_name: CHECK_NAME, status: "in_progress", filter: "all", per_page: 100 });
  const stranded = runs.filter((run) => run.id !== currentId && run.started_at !== null && now - Date.parse(run.started_at) > STRANDED_AFTER_MS);
  for (const run of stranded) {
    await completeCheckRun(github, repo, run.id, {
      conclusion: "neutral",
      output: {
        title: "This Bedrock cost review did not finish",
        summary: `This run was left in progress (its review stopped without completing it, started ${run.started_at}). A newer run on this commit replaces it.`,
        annotations: [],
      },
    });
  }
  return stranded.length;
}

function isRetryable(error: unknown): boolean {
  const status = (error as { status?: unknown }).status;
  return typeof status !== "number" || status >= 500;
}

async function retried<T>(request: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      if (attempt >= COMPLETION_RETRY.attempts || !isRetryable(error)) throw error;
      // Exponential backoff with jitter, so many reviews failing together do not retry in step.
      const delay = COMPLETION_RETRY.baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function batch<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
