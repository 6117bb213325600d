import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";

/** One side of a comparison: a folder on disk, a git revision, or nothing (for scans). */
export interface SourceTree {
  /** For messages: "folder fixtures/x", "git main (3f2a1c9)". */
  readonly label: string;
  /** Repo-relative paths (forward slashes) accepted by `want`, each with its git blob id when cheaply known. */
  list(want: (path: string) => boolean): Promise<Listing>;
  /** Reads files in bounded batches so a large scan never holds the whole tree in memory. */
  read(paths: readonly string[]): AsyncIterable<[string, Uint8Array]>;
  /** One file by path, or null when this side has no such file (e.g. the config file). */
  readOne(path: string): Promise<Uint8Array | null>;
}

export interface Listing {
  files: Map<string, string | null>;
  /** Vendored or build-output folders that were not looked into (see VENDORED_DIRS), e.g. "web/node_modules". */
  vendoredFolders: string[];
}

/** A problem with the user's input (bad ref, missing folder): one clear sentence for the CLI. */
export class SourceError extends Error {}

/** Folders that hold dependencies or build output, never the project's own calls. */
export const VENDORED_DIRS = new Set([
  "node_modules", ".git", "vendor", "third_party", "dist", "build", "coverage",
  "__pycache__", ".venv", "venv", "site-packages", ".terraform", "cdk.out", ".aws-sam", ".serverless",
]);

export const emptyTree: SourceTree = {
  label: "nothing",
  list: async () => ({ files: new Map(), vendoredFolders: [] }),
  read: async function* () {},
  readOne: async () => null,
};

export function folderTree(root: string, label = `folder ${root}`): SourceTree {
  return {
    label,
    async list(want) {
      const listing: Listing = { files: new Map(), vendoredFolders: [] };
      const ignored = gitIgnored(root);
      walk(root, root, (path) => !ignored.has(path) && want(path), listing, ignored);
      return listing;
    },
    // Synchronous reads: for thousands of small files they are ~20× faster than sequential fs/promises
    // reads on this machine class (68 ms vs 1.3 s for 5,456 files), and the CLI has nothing else to do.
    async *read(paths) {
      for (const path of paths) yield [path, readFileSync(join(root, ...path.split("/")))];
    },
    async readOne(path) {
      try {
        return await readFile(join(root, ...path.split("/")));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw new SourceError(`cannot read ${path} in ${label}: ${(error as Error).message}`);
      }
    },
  };
}

/**
 * What git ignores in a folder that is a git work tree (files, and folders with a trailing "/"), so a
 * working-tree scan prices what would be committed, not scratch files. Empty outside git.
 */
function gitIgnored(root: string): Set<string> {
  const result = spawnSync("git", ["-C", root, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return new Set(result.status === 0 ? result.stdout.split("\0").filter(Boolean) : []);
}

function walk(root: string, dir: string, want: (path: string) => boolean, listing: Listing, ignored: Set<string>) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new SourceError(`cannot read folder ${dir}: ${(error as Error).message}`);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    const path = relative(root, full).split(sep).join("/");
    if (entry.isDirectory()) {
      if (VENDORED_DIRS.has(entry.name)) {
        if (entry.name !== ".git") listing.vendoredFolders.push(path);
      } else if (!ignored.has(`${path}/`)) {
        walk(root, full, want, listing, ignored);
      }
    } else if (entry.isFile() && want(path)) {
      listing.files.set(path, null);
    }
  }
}

const GIT_BATCH = 500;

/** A git revision of the repository at `repo`, read with one `git cat-file --batch` process. */
export function gitTree(repo: string, ref: string): SourceTree {
  const commit = git(repo, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  if (commit.status !== 0) {
    throw new SourceError(`"${ref}" is neither a folder nor a git revision in ${repo}`);
  }
  const sha = commit.stdout.trim();
  return {
    label: `git ${ref} (${sha.slice(0, 7)})`,
    async list(want) {
      const out = git(repo, ["ls-tree", "-r", "-z", "--full-tree", sha]);
      if (out.status !== 0) throw new SourceError(`git ls-tree ${ref} failed: ${out.stderr.trim()}`);
      const listing: Listing = { files: new Map(), vendoredFolders: [] };
      const vendored = new Set<string>();
      for (const record of out.stdout.split("\0")) {
        const tab = record.indexOf("\t");
        if (tab < 0) continue;
        const [, type, oid] = record.slice(0, tab).split(" ");
        const path = record.slice(tab + 1);
        const parts = path.split("/");
        const at = parts.findIndex((part, i) => i < parts.length - 1 && VENDORED_DIRS.has(part));
        if (at >= 0) vendored.add(parts.slice(0, at + 1).join("/"));
        else if (type === "blob" && want(path)) listing.files.set(path, oid ?? null);
      }
      listing.vendoredFolders = [...vendored].sort();
      return listing;
    },
    async *read(paths) {
      for (let i = 0; i < paths.length; i += GIT_BATCH) {
        const batch = paths.slice(i, i + GIT_BATCH);
        yield* await catFileBatch(repo, batch.map((path) => `${sha}:${path}`), batch);
      }
    },
    async readOne(path) {
      const result = spawnSync("git", ["-C", repo, "cat-file", "blob", `${sha}:${path}`], { maxBuffer: 64 * 1024 * 1024 });
      return result.status === 0 ? result.stdout : null;
    },
  };
}

export function isGitRepo(repo: string): boolean {
  return git(repo, ["rev-parse", "--git-dir"]).status === 0;
}

export async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function git(repo: string, args: string[]) {
  const result = spawnSync("git", ["-C", repo, ...args], { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  if (result.error) throw new SourceError(`cannot run git: ${result.error.message}`);
  return result;
}

function catFileBatch(repo: string, objects: string[], paths: readonly string[]): Promise<Map<string, Uint8Array>> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["-C", repo, "cat-file", "--batch"], { stdio: ["pipe", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (error) => reject(new SourceError(`cannot run git: ${error.message}`)));
    child.on("close", (code) => {
      if (code !== 0) return reject(new SourceError(`git cat-file failed: ${stderr.trim()}`));
      try {
        resolve(parseBatch(Buffer.concat(chunks), paths));
      } catch (error) {
        reject(error);
      }
    });
    child.stdin.end(objects.join("\n") + "\n");
  });
}

/** Parses `<oid> blob <size>\n<bytes>\n` records in request order. */
function parseBatch(buffer: Buffer, paths: readonly string[]): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  let offset = 0;
  for (const path of paths) {
    const eol = buffer.indexOf(10, offset);
    const header = buffer.subarray(offset, eol).toString("utf8");
    const size = Number(header.split(" ")[2]);
    if (header.endsWith(" missing") || !Number.isFinite(size)) throw new SourceError(`git has no object for ${path}`);
    out.set(path, buffer.subarray(eol + 1, eol + 1 + size));
    offset = eol + 1 + size + 1;
  }
  return out;
}

/** The git blob id of some bytes, so folder files compare with git objects and with each other alike. */
export function blobId(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
}
