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
  const { data } = await github.rest.checks.create({
    ...repo,
    name: CHECK_NAME,
    head_sha: headSha,
    status: "in_progress",
    output: { title: "Pricing Bedrock usage…", summary: "Reading the changed files and pricing their Bedrock calls." },
  });
  return data.id;
}

/**
 * Completes the check run. Annotations go 50 per request: every batch but the last while the run is
 * still in progress, the last with the conclusion, so a failure midway never leaves a half-annotated
 * run marked complete.
 */
export async function completeCheckRun(github: GitHubClient, repo: RepoRef, checkRunId: number, result: CheckRunResult): Promise<void> {
  const { annotations, ...text } = result.output;
  const batches = batch(annotations, ANNOTATIONS_PER_REQUEST);
  for (const annotationBatch of batches.slice(0, -1)) {
    await github.rest.checks.update({ ...repo, check_run_id: checkRunId, output: { ...text, annotations: annotationBatch } });
  }
  await github.rest.checks.update({
    ...repo,
    check_run_id: checkRunId,
    status: "completed",
    conclusion: result.conclusion,
    ...(result.detailsUrl ? { details_url: result.detailsUrl } : {}),
    output: { ...text, annotations: batches.at(-1) ?? [] },
  });
}

function batch<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
