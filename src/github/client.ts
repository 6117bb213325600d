import type { ProbotOctokit } from "probot";

/** The authenticated installation client Probot hands each event; the only way this app talks to GitHub. */
export type GitHubClient = ProbotOctokit;

export interface RepoRef {
  owner: string;
  repo: string;
}

/** The name required status checks refer to; changing it breaks every ruleset that requires it. */
export const CHECK_NAME = "Bedrock cost";
