import type { FileContent } from "../model/source-file.js";

/**
 * One side of a comparison as its source gives it: every file it has, and their contents on demand.
 * The CLI backs it with a folder or a git revision, the App with GitHub's git tree and blob reads.
 * This is the only way the engine reads a side; everything above it is pure.
 */
export interface SourceTree {
  /** For messages: "folder fixtures/x", "git main (3f2a1c9)", "head 1a2b3c4". */
  readonly label: string;
  /** Every file of the side outside dependency/build folders, with content ids when cheaply known. */
  list(): Promise<Listing>;
  /** Reads files in bounded batches; every path asked for is yielded once (a read failure is a skipped content). */
  read(paths: readonly string[]): AsyncIterable<ReadFile>;
}

export interface ReadFile {
  path: string;
  /** Raw bytes where the source has them: they are decoded where they are used (see RepositoryView), so an App serving a worker never decodes. */
  content: FileContent | RawContent;
  /** The git blob id of the bytes read, when the listing did not know it (folders). */
  id?: string;
}

/** A file's bytes as read, not yet decoded (decodeSource turns them into a FileContent). */
export interface RawContent {
  kind: "bytes";
  bytes: Uint8Array;
}

export interface ListedFile {
  /** git blob id; null when unknown until read (folders). Equal ids mean equal contents. */
  id: string | null;
  /** Size in bytes, when the listing tells it (lets readers skip oversized files unread). */
  size?: number;
}

export interface Listing {
  files: Map<string, ListedFile>;
  /** Vendored or build-output folders that were not looked into (see VENDORED_DIRS), e.g. "web/node_modules". */
  vendoredFolders: string[];
  /** Facts about how the listing was made, for the report (e.g. "GitHub truncated the tree of …"). */
  notes: string[];
  /** Folders the source could not list: the side is incomplete there. */
  unlisted?: string[];
}

/** A problem with the user's input (bad ref, missing folder): one clear sentence for the CLI. */
export class SourceError extends Error {}

/** Folders that hold dependencies or build output, never the project's own calls. */
export const VENDORED_DIRS = new Set([
  "node_modules", ".git", "vendor", "third_party", "dist", "build", "coverage",
  "__pycache__", ".venv", "venv", "site-packages", ".terraform", "cdk.out", ".aws-sam", ".serverless",
]);

/** The first vendored folder on a path ("web/node_modules"), or undefined. */
export function vendoredFolderOf(path: string): string | undefined {
  const parts = path.split("/");
  const at = parts.findIndex((part, i) => i < parts.length - 1 && VENDORED_DIRS.has(part));
  return at < 0 ? undefined : parts.slice(0, at + 1).join("/");
}

export const emptyTree: SourceTree = {
  label: "nothing",
  list: async () => ({ files: new Map(), vendoredFolders: [], notes: [] }),
  read: async function* () {},
};

/** A side held in memory (tests, and callers that already have the texts). */
export function memoryTree(files: Readonly<Record<string, string | FileContent>>, label = "memory"): SourceTree {
  const contents = new Map(Object.entries(files).map(([path, value]) => [path, typeof value === "string" ? ({ kind: "text", text: value } as const) : value]));
  return {
    label,
    list: async () => ({ files: new Map([...contents.keys()].map((path) => [path, { id: null }])), vendoredFolders: [], notes: [] }),
    read: async function* (paths) {
      for (const path of paths) yield { path, content: contents.get(path) ?? { kind: "skipped", reason: "no such file" } };
    },
  };
}
