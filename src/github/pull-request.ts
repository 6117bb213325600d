import type { GitHubClient, RepoRef } from "./client.js";

/** The facts about a pull request a review needs, as GitHub reports them now. */
export interface PullRequestState {
  number: number;
  headSha: string;
  /** Tip of the base branch; not necessarily where the PR branched off. */
  baseSha: string;
  draft: boolean;
  open: boolean;
}

export async function getPullRequest(github: GitHubClient, repo: RepoRef, pullNumber: number): Promise<PullRequestState> {
  const { data } = await github.rest.pulls.get({ ...repo, pull_number: pullNumber });
  return {
    number: data.number,
    headSha: data.head.sha,
    baseSha: data.base.sha,
    draft: data.draft === true,
    open: data.state === "open",
  };
}

/**
 * The commit the PR branched from. GitHub's file list is the diff against it, so base texts must come
 * from it too: reading them at the base branch tip would price other merged work as this PR's change.
 */
export async function getMergeBase(github: GitHubClient, repo: RepoRef, baseSha: string, headSha: string): Promise<string> {
  const { data } = await github.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${baseSha}...${headSha}`, per_page: 1 });
  return data.merge_base_commit.sha;
}
