import type { GitHubClient, RepoRef } from "../github/client.js";
import { getPullRequest, type PullRequestState } from "../github/pull-request.js";
import { reviewKey, type ReviewControl } from "../queue/review-queue.js";
import type { Engine } from "../workers/engine-pool.js";
import { controlled, type HandlerOptions } from "./pull-request.js";
import { reviewPullRequest } from "./review.js";

/** A pull request as a check_run / check_suite event lists it: only the base repository is read. */
export interface ListedPullRequest {
  number: number;
  base: { repo: { id: number } };
}

export interface RerunRequest {
  repo: RepoRef;
  /** This repository's id: listed PRs whose base is another repository (a fork's) are not ours to review. */
  repoId: number;
  htmlUrl: string;
  headSha: string;
  /** The event's `pull_requests`; empty for PRs from forks, which GitHub leaves out. */
  listed: readonly ListedPullRequest[];
}

/**
 * Someone asked for the check again on `headSha`. Schedules one job that reviews every open PR of
 * this repository whose head it still is (the event's PR list can be stale); a commit that is no longer
 * a PR head gets no new run, since its PR already has a run on the newer head. The event lists no PR
 * from a fork (nor any when the commit's PRs all target other repositories): then the PRs are looked up
 * by the commit.
 */
export async function rerunForCommit(github: GitHubClient, options: HandlerOptions, request: RerunRequest): Promise<void> {
  const { repo, headSha } = request;
  await options.schedule({
    key: reviewKey.commit(repo, headSha),
    label: `re-run of ${reviewKey.commit(repo, headSha.slice(0, 7))}`,
    run: (control) => reviewCurrentPullRequests(github, request, control, options.engine),
  });
}

async function reviewCurrentPullRequests(github: GitHubClient, request: RerunRequest, control: ReviewControl, engine: Engine | undefined): Promise<void> {
  const { repo, headSha } = request;
  const own = request.listed.filter((pr) => pr.base.repo.id === request.repoId).map((pr) => pr.number);
  const candidates = own.length > 0 ? await pullRequestsByNumber(github, repo, own) : await pullRequestsOfCommit(github, repo, request.repoId, headSha);
  const current = candidates.filter((pr) => pr.open && pr.headSha === headSha);
  if (current.length === 0) {
    github.log.info(`check re-requested for ${headSha.slice(0, 7)}, which is no open pull request's head in this repository; nothing to review`);
    return;
  }
  const errors: unknown[] = [];
  for (const pr of current) {
    // One PR's failure (already reported on its check run) must not keep the others unreviewed.
    await reviewPullRequest(github, { repo, htmlUrl: request.htmlUrl, pullNumber: pr.number, headSha, baseSha: pr.baseSha, draft: pr.draft, ...controlled(control) }, engine).catch((error: unknown) => {
      errors.push(error);
    });
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, errors.map((error) => (error instanceof Error ? error.message : String(error))).join("\n"));
}

/** The listed PRs as GitHub has them now; one that is gone (404) is skipped, not fatal. */
async function pullRequestsByNumber(github: GitHubClient, repo: RepoRef, numbers: readonly number[]): Promise<PullRequestState[]> {
  const out: PullRequestState[] = [];
  for (const pullNumber of numbers) {
    try {
      out.push(await getPullRequest(github, repo, pullNumber));
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
      github.log.info(`pull request #${pullNumber} listed by the event is not found (404); skipping it`);
    }
  }
  return out;
}

/** PRs of this repository whose commits include `sha` (`GET /repos/{owner}/{repo}/commits/{sha}/pulls`), forks' included. */
async function pullRequestsOfCommit(github: GitHubClient, repo: RepoRef, repoId: number, sha: string): Promise<PullRequestState[]> {
  const pulls = await github.paginate(github.rest.repos.listPullRequestsAssociatedWithCommit, { ...repo, commit_sha: sha, per_page: 100 });
  return pulls
    .filter((pr) => pr.base.repo.id === repoId)
    .map((pr) => ({ number: pr.number, headSha: pr.head.sha, baseSha: pr.base.sha, draft: pr.draft === true, open: pr.state === "open" }));
}
