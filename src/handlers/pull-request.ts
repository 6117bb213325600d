import type { Context } from "probot";
import { reviewKey, type ReviewControl, type Schedule } from "../queue/review-queue.js";
import type { Engine } from "../workers/engine-pool.js";
import { requireFields } from "./payload.js";
import { abandonReview, reviewPullRequest } from "./review.js";
import type { ReviewTarget } from "./types.js";

/** What the app passes every handler: when reviews run (at once, or queued by the server) and where the engine runs. */
export interface HandlerOptions {
  schedule: Schedule;
  engine?: Engine;
}

export const PULL_REQUEST_EVENTS = [
  "pull_request.opened",
  "pull_request.synchronize",
  "pull_request.reopened",
  "pull_request.ready_for_review",
] as const;

/** A pull request opened, pushed to, reopened or marked ready: review its head commit. */
export async function onPullRequest(context: Context<(typeof PULL_REQUEST_EVENTS)[number]>, options: HandlerOptions): Promise<void> {
  await reviewOpenPullRequest(context, options);
}

/**
 * A pull request edited: only a new base branch matters (its policy and the diff both change); a new
 * title or description does not change the review.
 */
export async function onPullRequestEdited(context: Context<"pull_request.edited">, options: HandlerOptions): Promise<void> {
  requireFields("pull_request", context.payload);
  if (!context.payload.changes?.base) return;
  await reviewOpenPullRequest(context, options);
}

async function reviewOpenPullRequest(context: Context<(typeof PULL_REQUEST_EVENTS)[number] | "pull_request.edited">, options: HandlerOptions): Promise<void> {
  requireFields("pull_request", context.payload);
  const pr = context.payload.pull_request;
  if (pr.state !== "open") return;
  const target: ReviewTarget = {
    repo: context.repo(),
    htmlUrl: context.payload.repository.html_url,
    pullNumber: pr.number,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    draft: pr.draft === true,
  };
  await options.schedule({
    key: reviewKey.pullRequest(target.repo, pr.number),
    label: `${reviewKey.pullRequest(target.repo, pr.number)} at ${pr.head.sha.slice(0, 7)}`,
    run: (control) => reviewPullRequest(context.octokit, { ...target, ...controlled(control) }, options.engine),
    abandon: () => abandonReview(context.octokit, target),
  });
}

/** The deadline and signal a review runs under, as ReviewTarget fields. */
export function controlled(control: ReviewControl): Pick<ReviewTarget, "deadline" | "signal"> {
  return { signal: control.signal, ...(control.deadline !== undefined ? { deadline: control.deadline } : {}) };
}
