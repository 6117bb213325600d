import type { ChangedFile, ChangeSet, FileContent } from "../model/source-file.js";
import { decodeSource } from "./decode.js";
import { blobId, type SourceTree } from "./tree.js";

export interface CompareOptions {
  /** Paths worth reading at all (an extractor handles them and config does not ignore them). */
  wantPath(path: string): boolean;
  /**
   * Cheap test on raw text (Latin-1 view, no UTF-8 validation): false means the file cannot hold Bedrock
   * usage. A changed file is kept when either side passes, so a removed call is never lost.
   */
  mayContainUsage(path: string, latin1: string): boolean;
}

interface SideFile {
  id: string;
  content: FileContent | null; // null: read, but cannot hold Bedrock usage
}

/**
 * The change between two trees as the engine needs it: the files that differ and may hold Bedrock usage,
 * with their text on each side. A scan is a comparison against `emptyTree`.
 */
export async function compareTrees(base: SourceTree, head: SourceTree, options: CompareOptions): Promise<ChangeSet> {
  const [baseListing, headListing] = await Promise.all([base.list(options.wantPath), head.list(options.wantPath)]);
  const baseList = baseListing.files;
  const headList = headListing.files;

  // With blob ids on both sides, equal ids mean equal content: no read needed.
  const differs = (path: string) => {
    const b = baseList.get(path);
    const h = headList.get(path);
    return b === undefined || h === undefined || b === null || h === null || b !== h;
  };
  // Content ids only matter when there is another side to compare with (not for scans).
  const baseFiles = await readSide(base, [...baseList.keys()].filter(differs), baseList, headList.size > 0, options);
  const headFiles = await readSide(head, [...headList.keys()].filter(differs), headList, baseList.size > 0, options);

  const files: ChangedFile[] = [];
  const removed = new Map<string, SideFile>();
  const added = new Map<string, SideFile>();
  for (const [path, file] of baseFiles) {
    const other = headFiles.get(path);
    if (!headList.has(path)) removed.set(path, file);
    else if (other && other.id !== file.id && (file.content || other.content)) {
      files.push({ path, status: "modified", base: file.content ?? noUsage, head: other.content ?? noUsage });
    }
  }
  for (const [path, file] of headFiles) if (!baseList.has(path)) added.set(path, file);

  // Exact-content renames keep their call sites' keys; edited-and-moved files show as removed + added.
  const removedById = new Map<string, string>();
  for (const [path, file] of removed) removedById.set(file.id, path);
  for (const [path, file] of added) {
    const from = removedById.get(file.id);
    if (from !== undefined) {
      removedById.delete(file.id);
      removed.delete(from);
      if (file.content) files.push({ path, previousPath: from, status: "renamed", base: file.content, head: file.content });
    } else if (file.content) {
      files.push({ path, status: "added", base: null, head: file.content });
    }
  }
  for (const [path, file] of removed) {
    if (file.content) files.push({ path, status: "removed", base: file.content, head: null });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, notes: vendoredNote(headListing.vendoredFolders) };
}

/** Says which folders were never looked into, so code committed under build/ is not silently unpriced. */
function vendoredNote(folders: string[]): string[] {
  if (folders.length === 0) return [];
  const shown = folders.slice(0, 3).map((f) => `${f}/`).join(", ");
  const more = folders.length > 3 ? ` and ${folders.length - 3} more` : "";
  return [`Not scanned: dependency and build-output folders (${shown}${more}).`];
}

/** Stand-in for the side of a modified file that holds no Bedrock usage: analysed as empty. */
const noUsage: FileContent = { kind: "text", text: "" };

async function readSide(
  tree: SourceTree,
  paths: string[],
  ids: Map<string, string | null>,
  needIds: boolean,
  options: CompareOptions,
): Promise<Map<string, SideFile>> {
  const out = new Map<string, SideFile>();
  for await (const [path, bytes] of tree.read(paths)) {
    const id = ids.get(path) ?? (needIds ? blobId(bytes) : path);
    const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
    out.set(path, { id, content: options.mayContainUsage(path, latin1) ? decodeSource(bytes) : null });
  }
  return out;
}
