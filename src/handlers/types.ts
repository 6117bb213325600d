import type { RepoConfig } from "../config/schema.js";
import type { RepoRef } from "../github/client.js";

export type CommentSettings = RepoConfig["comment"];

/** A pull request commit to review, as the event (or a fresh look-up) describes it. */
export interface ReviewTarget {
  repo: RepoRef;
  /** The repository's web URL (github.com or a GitHub Enterprise host), for links to lines. */
  htmlUrl: string;
  pullNumber: number;
  headSha: string;
  /** Tip of the base branch: the config (policy) is read here; base files are read at the merge base. */
  baseSha: string;
  draft: boolean;
  /**
   * Epoch ms by which the review must end (a Lambda's time limit less a safety margin); none when
   * absent. Reached, the check run is completed as neutral saying the review did not finish in time.
   */
  deadline?: number;
  /** Aborted when the server shuts down: the review stops and completes its check run as neutral. */
  signal?: AbortSignal;
}
