import type { Context } from "probot";
import { reviewPullRequest } from "./review.js";

export const PULL_REQUEST_EVENTS = [
  "pull_request.opened",
  "pull_request.synchronize",
  "pull_request.reopened",
  "pull_request.ready_for_review",
] as const;

/** A pull request opened, pushed to, reopened or marked ready: review its head commit. */
export async function onPullRequest(context: Context<(typeof PULL_REQUEST_EVENTS)[number]>): Promise<void> {
  const pr = context.payload.pull_request;
  if (pr.state !== "open") return;
  await reviewPullRequest(context.octokit, {
    repo: context.repo(),
    htmlUrl: context.payload.repository.html_url,
    pullNumber: pr.number,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    draft: pr.draft === true,
  });
}
