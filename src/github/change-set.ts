import { VENDORED_DIRS } from "../changeset/tree.js";
import type { ChangedFile, ChangeSet, FileContent } from "../model/source-file.js";
import { fileKey, type FileAtCommit } from "./file-texts.js";
import { GITHUB_FILE_LIST_CAP, type PullRequestFile, type PullRequestFiles } from "./pull-request-files.js";

export interface Commits {
  base: string;
  head: string;
}

/** What to read for a pull request: files worth fetching on each side, and the ones skipped by path alone. */
export interface ChangePlan {
  wanted: PullRequestFile[];
  fetch: FileAtCommit[];
  skipped: ChangedFile[];
  notes: string[];
}

// Generated code carries no hand-written model calls; name patterns are all the files list tells us.
const GENERATED = [/\.min\.[cm]?js$/, /(^|\/)__generated__\//, /\.generated\.[a-z]+$/, /\.pb\.[a-z]+$/, /_pb2\.py$/];

/**
 * Decides which texts to fetch: only files `wantPath` accepts (an extractor handles them and config
 * does not ignore them), base text at the base commit (under the old path for renames), head text at
 * the head commit. Vendored and generated files are not fetched but listed, so the report says so.
 */
export function planChange(list: PullRequestFiles, commits: Commits, wantPath: (path: string) => boolean): ChangePlan {
  const plan: ChangePlan = { wanted: [], fetch: [], skipped: [], notes: [] };
  if (list.capped) {
    plan.notes.push(
      `GitHub lists at most ${GITHUB_FILE_LIST_CAP.toLocaleString("en-US")} files of a pull request; files past that were not analysed. Run the CLI on the branch for a complete review.`,
    );
  }
  for (const file of list.files) {
    if (!wantPath(file.path) && !(file.previousPath && wantPath(file.previousPath))) continue;
    const skipReason = pathSkipReason(file.path);
    if (skipReason) {
      const skipped: FileContent = { kind: "skipped", reason: skipReason, excluded: true };
      plan.skipped.push({ ...file, base: file.status === "added" ? null : skipped, head: file.status === "removed" ? null : skipped });
      continue;
    }
    plan.wanted.push(file);
    if (file.status !== "added") plan.fetch.push({ sha: commits.base, path: file.previousPath ?? file.path });
    if (file.status !== "removed") plan.fetch.push({ sha: commits.head, path: file.path });
  }
  return plan;
}

export function pathSkipReason(path: string): string | null {
  const vendored = path.split("/").slice(0, -1).find((dir) => VENDORED_DIRS.has(dir));
  if (vendored) return `vendored or build output (${vendored}/)`;
  if (GENERATED.some((pattern) => pattern.test(path))) return "generated file (by its name)";
  return null;
}

/** The change set from fetched texts. A side GitHub has no blob for is an error, never a silent empty file. */
export function assembleChangeSet(plan: ChangePlan, commits: Commits, texts: Map<string, FileContent | null>): ChangeSet {
  const side = (sha: string, path: string): FileContent => {
    const content = texts.get(fileKey({ sha, path }));
    return content ?? { kind: "skipped", reason: `GitHub returned no file ${path} at ${sha.slice(0, 7)}` };
  };
  const files: ChangedFile[] = plan.wanted.map((file) => ({
    ...file,
    base: file.status === "added" ? null : side(commits.base, file.previousPath ?? file.path),
    head: file.status === "removed" ? null : side(commits.head, file.path),
  }));
  files.push(...plan.skipped);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, notes: [...plan.notes] };
}
