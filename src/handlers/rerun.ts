import type { GitHubClient, RepoRef } from "../github/client.js";
import { getPullRequest } from "../github/pull-request.js";
import { reviewPullRequest } from "./review.js";

/**
 * Someone asked for the check again on `headSha`. Review the first open PR whose head it still is
 * (the event's PR list can be stale); a commit that is no longer a PR head gets no new run, since
 * its PR already has a run on the newer head.
 */
export async function rerunForCommit(
  github: GitHubClient,
  repo: RepoRef,
  htmlUrl: string,
  headSha: string,
  pullNumbers: readonly number[],
): Promise<boolean> {
  for (const pullNumber of pullNumbers) {
    const pr = await getPullRequest(github, repo, pullNumber);
    if (!pr.open || pr.headSha !== headSha) continue;
    await reviewPullRequest(github, { repo, htmlUrl, pullNumber, headSha, baseSha: pr.baseSha, draft: pr.draft });
    return true;
  }
  return false;
}
