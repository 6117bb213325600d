import { MAX_SOURCE_BYTES } from "../repository/decode.js";
import type { FileContent } from "../model/source-file.js";
import { vendoredFolderOf, type Listing, type SourceTree } from "../repository/source.js";
import type { RepoRef } from "./client.js";
import { fetchBlobs } from "./file-texts.js";
import { requestJson, type GitHubReader } from "./reader.js";

// Generated code carries no hand-written model calls; names are all a listing tells us.
const GENERATED = [/\.min\.[cm]?js$/, /(^|\/)__generated__\//, /\.generated\.[a-z]+$/, /\.pb\.[a-z]+$/, /_pb2\.py$/];

/** Trees fetched one level further when GitHub truncates a recursive listing (100,000 entries or 7 MB). */
const MAX_SUBTREE_REQUESTS = 60;

const TREE_ROUTE = "GET /repos/{owner}/{repo}/git/trees/{tree_sha}";

interface Tree {
  sha: string;
  truncated: boolean;
  tree: TreeEntry[];
}

interface TreeEntry {
  path?: string;
  mode?: string;
  type?: string;
  sha?: string;
  size?: number;
}

/** Why a listed path is not read, by its name alone; null when it is read. */
export function pathSkipReason(path: string): string | null {
  if (GENERATED.some((pattern) => pattern.test(path))) return "generated file (by its name)";
  return null;
}

/** Where a GitHub tree is: enough for an engine worker to read it itself, through a relayed reader. */
export interface GitHubTreeAddress {
  repo: RepoRef;
  sha: string;
  label: string;
}

export interface GitHubTree extends SourceTree {
  readonly github: { reader: GitHubReader; address: GitHubTreeAddress };
}

export function isGitHubTree(tree: SourceTree): tree is GitHubTree {
  return "github" in tree;
}

/**
 * One side of a pull request on GitHub: the recursive git tree of a commit (one request; a truncated
 * tree is listed again subtree by subtree, and what still cannot be listed is said), blobs read by id
 * in GraphQL batches. Vendored and build folders are not listed; generated files and files over the
 * size limit are listed but not fetched. Identical blobs on both sides are read once by the view's
 * session.
 */
export function githubTree(reader: GitHubReader, { repo, sha, label }: GitHubTreeAddress): GitHubTree {
  const entries = new Map<string, { oid: string; size?: number | undefined }>();
  return {
    label,
    github: { reader, address: { repo, sha, label } },
    async list() {
      const listing: Listing = { files: new Map(), vendoredFolders: [], notes: [] };
      const vendored = new Set<string>();
      const add = (prefix: string, tree: TreeEntry[]) => {
        for (const entry of tree) {
          if (!entry.path || !entry.sha) continue;
          const path = prefix ? `${prefix}/${entry.path}` : entry.path;
          const folder = vendoredFolderOf(entry.type === "tree" ? `${path}/x` : path);
          if (folder !== undefined) {
            vendored.add(folder);
            continue;
          }
          // Submodules (commits) and symbolic links (mode 120000) are not files of this repository.
          if (entry.type !== "blob" || entry.mode === "120000") continue;
          entries.set(path, { oid: entry.sha, size: entry.size });
          listing.files.set(path, { id: entry.sha, ...(entry.size === undefined ? {} : { size: entry.size }) });
        }
      };
      const data = await requestJson<Tree>(reader, TREE_ROUTE, { ...repo, tree_sha: sha, recursive: "1" });
      if (!data.truncated) add("", data.tree);
      else await listTruncated(reader, repo, data.sha, add, listing, vendored);
      listing.vendoredFolders = [...vendored].sort();
      return listing;
    },
    async *read(paths) {
      const wanted: Array<{ oid: string; size?: number | undefined; paths: string[] }> = [];
      const byOid = new Map<string, (typeof wanted)[number]>();
      for (const path of paths) {
        const entry = entries.get(path);
        const skip = skipReason(path, entry?.size);
        if (!entry || skip) {
          yield { path, content: skip ?? { kind: "skipped", reason: "not in the tree" } };
          continue;
        }
        const known = byOid.get(entry.oid);
        if (known) known.paths.push(path);
        else {
          const blob = { ...entry, paths: [path] };
          byOid.set(entry.oid, blob);
          wanted.push(blob);
        }
      }
      for await (const [oid, content] of fetchBlobs(reader, repo, wanted)) {
        for (const path of byOid.get(oid)?.paths ?? []) yield { path, content };
      }
    },
  };
}

function skipReason(path: string, size: number | undefined): FileContent | undefined {
  const generated = pathSkipReason(path);
  if (generated) return { kind: "skipped", reason: generated, excluded: true };
  // The size GitHub lists spares downloading files the engine would skip anyway.
  if (size !== undefined && size > MAX_SOURCE_BYTES) {
    return { kind: "skipped", reason: `larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB (${(size / 1024 / 1024).toFixed(1)} MB)` };
  }
  return undefined;
}

/**
 * A tree too large for one recursive listing: its top level, then each folder recursively, one
 * request each (vendored folders, the usual cause, are never listed); a folder still truncated is
 * split again. Folders left when the request allowance runs out are said, so the analysis reads as
 * incomplete rather than as a repository without those files.
 */
async function listTruncated(reader: GitHubReader, repo: RepoRef, treeSha: string, add: (prefix: string, tree: TreeEntry[]) => void, listing: Listing, vendored: Set<string>): Promise<void> {
  const queue: Array<{ prefix: string; sha: string }> = [{ prefix: "", sha: treeSha }];
  let requests = 0;
  const unlisted: string[] = [];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (requests >= MAX_SUBTREE_REQUESTS) {
      unlisted.push(next.prefix || "/");
      continue;
    }
    requests++;
    const flat = await requestJson<Tree>(reader, TREE_ROUTE, { ...repo, tree_sha: next.sha });
    add(next.prefix, flat.tree.filter((entry) => entry.type === "blob"));
    for (const folder of flat.tree.filter((entry) => entry.type === "tree" && entry.path && entry.sha)) {
      const prefix = next.prefix ? `${next.prefix}/${folder.path}` : folder.path!;
      const vendor = vendoredFolderOf(`${prefix}/x`);
      if (vendor !== undefined) {
        vendored.add(vendor);
        continue;
      }
      if (requests >= MAX_SUBTREE_REQUESTS) {
        unlisted.push(prefix);
        continue;
      }
      requests++;
      const deep = await requestJson<Tree>(reader, TREE_ROUTE, { ...repo, tree_sha: folder.sha!, recursive: "1" });
      if (deep.truncated) queue.push({ prefix, sha: folder.sha! });
      else add(prefix, deep.tree);
    }
  }
  if (unlisted.length > 0) listing.unlisted = unlisted;
  listing.notes.push(
    unlisted.length === 0
      ? "GitHub truncated the repository's file tree; it was listed folder by folder instead."
      : `GitHub truncated the repository's file tree and ${unlisted.length} folder(s) could not be listed (${unlisted.slice(0, 3).join(", ")}${unlisted.length > 3 ? ", …" : ""}): calls there, and sites that depend on them, are not seen.`,
  );
}
