import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { SourceError, VENDORED_DIRS, vendoredFolderOf, type Listing, type ReadFile, type SourceTree } from "../repository/source.js";

/** The CLI's sides: a folder on disk or a git revision (the App reads GitHub's trees, see src/github/tree.ts). */

/**
 * A folder on disk. `contentIds`: compute each file's git blob id as it is read, so it compares with
 * another side (a scan has none, and skips the hashing).
 */
export function folderTree(root: string, label = `folder ${root}`, options: { contentIds?: boolean } = {}): SourceTree {
  const contentIds = options.contentIds ?? true;
  return {
    label,
    async list() {
      const listing: Listing = { files: new Map(), vendoredFolders: [], notes: [] };
      const ignored = gitIgnored(root);
      walk(root, root, (path) => !ignored.has(path), listing, ignored);
      return listing;
    },
    // Synchronous reads: for thousands of small files they are ~20× faster than sequential fs/promises
    // reads on this machine class (68 ms vs 1.3 s for 5,456 files), and the CLI has nothing else to do.
    async *read(paths) {
      for (const path of paths) {
        let bytes: Buffer;
        try {
          bytes = readFileSync(join(root, ...path.split("/")));
        } catch (error) {
          yield { path, content: { kind: "skipped", reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` } };
          continue;
        }
        yield { path, content: { kind: "bytes", bytes }, ...(contentIds ? { id: blobId(bytes) } : {}) };
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
      listing.files.set(path, { id: null });
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
  // Blob ids from the listing: reading by id needs no path lookup in the commit's tree.
  const ids = new Map<string, string>();
  return {
    label: `git ${ref} (${sha.slice(0, 7)})`,
    async list() {
      const out = git(repo, ["ls-tree", "-r", "-z", "--full-tree", sha]);
      if (out.status !== 0) throw new SourceError(`git ls-tree ${ref} failed: ${out.stderr.trim()}`);
      const listing: Listing = { files: new Map(), vendoredFolders: [], notes: [] };
      const vendored = new Set<string>();
      for (const record of out.stdout.split("\0")) {
        const tab = record.indexOf("\t");
        if (tab < 0) continue;
        const [, type, oid] = record.slice(0, tab).split(" ");
        const path = record.slice(tab + 1);
        const folder = vendoredFolderOf(path);
        if (folder !== undefined) vendored.add(folder);
        else if (type === "blob" && oid) {
          listing.files.set(path, { id: oid });
          ids.set(path, oid);
        }
      }
      listing.vendoredFolders = [...vendored].sort();
      return listing;
    },
    async *read(paths) {
      for (let i = 0; i < paths.length; i += GIT_BATCH) {
        const batch = paths.slice(i, i + GIT_BATCH);
        const read = await catFileBatch(repo, batch.map((path) => ids.get(path) ?? `${sha}:${path}`), batch);
        for (const [path, bytes] of read) yield { path, content: { kind: "bytes", bytes } } satisfies ReadFile;
      }
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
