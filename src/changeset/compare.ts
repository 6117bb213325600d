import type { ChangedFile, ChangeSet, FileContent } from "../model/source-file.js";
import type { RepositoryView } from "../repository/view.js";

export interface CompareOptions {
  /** Paths an extractor reads (and the config does not ignore): their changes are the change set's files. */
  analysable(path: string): boolean;
}

/**
 * Files whose change can matter without being source: text a program reads at run time (prompts,
 * templates, JSON or YAML data). Views without content ids (folders) must read a file to compare it,
 * so other files (images, archives) are not compared there.
 */
const DATA_FILE = /\.(?:md|mdx|txt|prompt|json|jsonl|ya?ml|toml|j2|jinja2?|hbs|mustache|tmpl|tpl|xml|csv|ini|cfg|env)$/i;

/**
 * The change between two sides: the analysable files that differ, with their text on each side, and
 * the other paths that differ (so the sites that read them can be followed). Equal content ids mean
 * equal content, unread; files without ids are read and compared. A scan compares against an empty side.
 */
export async function compareViews(base: RepositoryView, head: RepositoryView, options: CompareOptions): Promise<ChangeSet> {
  await Promise.all([base.open(), head.open()]);
  const compared = (path: string) => options.analysable(path) || DATA_FILE.test(path);
  const basePaths = base.paths().filter(compared);
  const headPaths = head.paths().filter(compared);
  // Unknown ids are learnt by reading (folders); known ids that are equal need no read at all. Each side
  // is read in one go: what comparing needs, then the texts of what changed.
  const unknownIds = (view: RepositoryView, other: RepositoryView) => (path: string) => view.idOf(path) === null || (other.has(path) && other.idOf(path) === null);
  await base.load(basePaths.filter((path) => head.has(path) && unknownIds(base, head)(path)));
  await head.load(headPaths.filter((path) => base.has(path) && unknownIds(head, base)(path)));

  const differs = (path: string) => {
    const a = base.idOf(path);
    const b = head.idOf(path);
    return a === null || b === null || a !== b;
  };
  // A path in a folder the other side could not list (a truncated GitHub tree) is unknown there, not gone.
  const unlisted = (view: RepositoryView) => (path: string) => view.unlisted.some((folder) => folder === "/" || path.startsWith(`${folder}/`));
  const removed = basePaths.filter((path) => !head.has(path) && !unlisted(head)(path));
  const added = headPaths.filter((path) => !base.has(path) && !unlisted(base)(path));
  const modified = headPaths.filter((path) => base.has(path) && differs(path));
  const changedAnalysable = [...removed, ...added, ...modified].filter(options.analysable);
  // Changed analysable files are read for their text; other added or removed files only when their id is
  // unknown (exact-content renames compare ids).
  const needed = (view: RepositoryView) => (path: string) => options.analysable(path) || view.idOf(path) === null;
  await base.load([...removed, ...modified].filter(needed(base)));
  await head.load([...added, ...modified].filter(needed(head)));

  const files: ChangedFile[] = [];
  const content = (view: RepositoryView, path: string): FileContent => view.content(path) ?? { kind: "skipped", reason: "not read: the read budget ran out" };
  for (const path of modified) if (options.analysable(path)) files.push({ path, status: "modified", base: content(base, path), head: content(head, path) });

  // Exact-content renames keep their call sites' keys; edited-and-moved files show as removed + added.
  const removedById = new Map<string, string>();
  for (const path of removed) {
    const id = base.idOf(path);
    if (id !== null) removedById.set(id, path);
  }
  const renamedFrom = new Set<string>();
  for (const path of added) {
    const id = head.idOf(path);
    const from = id === null ? undefined : removedById.get(id);
    if (from !== undefined && options.analysable(path) && options.analysable(from)) {
      removedById.delete(id!);
      renamedFrom.add(from);
      files.push({ path, previousPath: from, status: "renamed", base: content(base, from), head: content(head, path) });
    } else if (options.analysable(path)) {
      files.push({ path, status: "added", base: null, head: content(head, path) });
    }
  }
  for (const path of removed) {
    if (!renamedFrom.has(path) && options.analysable(path)) files.push({ path, status: "removed", base: content(base, path), head: null });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const analysableSet = new Set(changedAnalysable);
  const otherChanges = [...removed, ...added, ...modified].filter((path) => !analysableSet.has(path));
  return { files, otherChanges, notes: vendoredNote(head.vendoredFolders) };
}

/** Says which folders were never looked into, so code committed under build/ is not silently unpriced. */
function vendoredNote(folders: string[]): string[] {
  if (folders.length === 0) return [];
  const shown = folders.slice(0, 3).map((f) => `${f}/`).join(", ");
  const more = folders.length > 3 ? ` and ${folders.length - 3} more` : "";
  return [`Not scanned: dependency and build-output folders (${shown}${more}).`];
}
