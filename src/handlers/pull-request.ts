import type { Context } from "probot";
import { reviewPullRequest } from "./review.js";

/** What the app passes every handler: the review deadline, when there is one. */
export interface HandlerOptions {
  deadline?: number;
}

export const PULL_REQUEST_EVENTS = [
  "pull_request.opened",
  "pull_request.synchronize",
  "pull_request.reopened",
  "pull_request.ready_for_review",
] as const;

/** A pull request opened, pushed to, reopened or marked ready: review its head commit. */
export async function onPullRequest(context: Context<(typeof PULL_REQUEST_EVENTS)[number]>, options: HandlerOptions = {}): Promise<void> {
  await reviewOpenPullRequest(context, options);
}

/**
 * A pull request edited: only a new base branch matters (its policy and the diff both change); a new
 * title or description does not change the review.
 */
export async function onPullRequestEdited(context: Context<"pull_request.edited">, options: HandlerOptions = {}): Promise<void> {
  if (!context.payload.changes.base) return;
  await reviewOpenPullRequest(context, options);
}

async function reviewOpenPullRequest(context: Context<(typeof PULL_REQUEST_EVENTS)[number] | "pull_request.edited">, options: HandlerOptions): Promise<void> {
  const pr = context.payload.pull_request;
  if (pr.state !== "open") return;
  await reviewPullRequest(context.octokit, {
    repo: context.repo(),
    htmlUrl: context.payload.repository.html_url,
    pullNumber: pr.number,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    draft: pr.draft === true,
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
  });
}
