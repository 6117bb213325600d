/** A file as the engine sees it: decoded text, or the reason it was not read. */
export type FileContent =
  | { kind: "text"; text: string }
  /** `excluded`: left out by design (vendored, generated), not because it could not be read. */
  | { kind: "skipped"; reason: string; excluded?: boolean };

export type ChangeStatus = "added" | "removed" | "modified" | "renamed";

/** One file of a change: its text on each side (null where the side has no such file). */
export interface ChangedFile {
  /** Path on the head side (on the base side for removed files). */
  path: string;
  /** Base-side path when the file was renamed. */
  previousPath?: string;
  status: ChangeStatus;
  base: FileContent | null;
  head: FileContent | null;
}

/** Everything the engine needs to know about a change; built by a source (CLI: folders/git; App: GitHub API). */
export interface ChangeSet {
  /** The changed files an extractor reads (source and IaC), with their text on each side. */
  files: ChangedFile[];
  /** Other paths that differ between the sides (prompt files, configs): they can move the sites that read them. */
  otherChanges?: string[];
  /** Facts about how the change set was gathered, shown in the report (e.g. "GitHub lists at most 3,000 files"). */
  notes: string[];
}
