import type { ChangeStatus } from "../model/source-file.js";
import type { GitHubClient, RepoRef } from "./client.js";

/** GitHub lists at most this many files of a pull request, however many it has. */
export const GITHUB_FILE_LIST_CAP = 3000;

export interface PullRequestFile {
  path: string;
  previousPath?: string;
  status: ChangeStatus;
}

export interface PullRequestFiles {
  files: PullRequestFile[];
  /** True when GitHub's cap was reached, so files past it are not seen at all. */
  capped: boolean;
}

/** Every changed file of a pull request, paginated 100 per page (30 calls at most, by GitHub's cap). */
export async function listPullRequestFiles(github: GitHubClient, repo: RepoRef, pullNumber: number): Promise<PullRequestFiles> {
  const raw = await github.paginate(github.rest.pulls.listFiles, { ...repo, pull_number: pullNumber, per_page: 100 });
  const files: PullRequestFile[] = [];
  for (const file of raw) {
    const status = toChangeStatus(file.status);
    if (!status) continue;
    files.push({
      path: file.filename,
      ...(status === "renamed" && file.previous_filename ? { previousPath: file.previous_filename } : {}),
      status,
    });
  }
  return { files, capped: raw.length >= GITHUB_FILE_LIST_CAP };
}

// "copied" has no base file under its own path; "changed" is a mode change with both sides present.
function toChangeStatus(status: string): ChangeStatus | null {
  switch (status) {
    case "added":
    case "copied":
      return "added";
    case "removed":
      return "removed";
    case "modified":
    case "changed":
      return "modified";
    case "renamed":
      return "renamed";
    default:
      return null; // "unchanged": nothing to compare
  }
}
