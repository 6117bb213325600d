import type { Extractors } from "../extract/index.js";
import { readOrder } from "../impact/impact.js";
import type { Problem } from "../model/location.js";
import type { ChangeSet, FileContent } from "../model/source-file.js";
import { ModuleGraph } from "../repository/module-graph.js";
import { MODULE_LANGUAGES, SideProgram } from "../repository/program.js";
import { RepositoryView } from "../repository/view.js";

/** Both sides of a change as wholes: what lets the engine follow imports, callers and dependents. */
export interface Sides {
  base: RepositoryView;
  head: RepositoryView;
}

/** Every path that differs between the sides, both paths of a rename included. */
export function changedPaths(changeSet: ChangeSet): Set<string> {
  const out = new Set<string>(changeSet.otherChanges ?? []);
  for (const file of changeSet.files) {
    out.add(file.path);
    if (file.previousPath) out.add(file.previousPath);
  }
  return out;
}

/** Sides made of the changed files alone, for a change set that came without whole sides. */
export function sidesOfChangedFiles(changeSet: ChangeSet): Sides {
  const side = (which: "base" | "head") => {
    const files: Record<string, FileContent> = {};
    for (const file of changeSet.files) {
      const content = file[which];
      if (content) files[which === "base" ? (file.previousPath ?? file.path) : file.path] = content;
    }
    return RepositoryView.inMemory(files, which);
  };
  return { base: side("base"), head: side("head") };
}

/**
 * Reads what each side's analysis needs — its resolution configs, every module and IaC file, nearest
 * to the change first while the read budget lasts — and builds the side's module graph. What the
 * budget left unread is said, and makes the analysis incomplete.
 */
export async function openPrograms(sides: Sides, changed: ReadonlySet<string>, extractors: Extractors): Promise<{ base: SideProgram; head: SideProgram; notes: string[]; problems: Problem[] }> {
  const open = async (view: RepositoryView) => {
    const wanted = view.paths().filter((path) => MODULE_LANGUAGES.some((l) => l.handles(path)) || extractors.iac.handles(path));
    return new SideProgram(view, await ModuleGraph.build(view, MODULE_LANGUAGES, readOrder(wanted, changed)));
  };
  const base = await open(sides.base);
  const head = await open(sides.head);
  const notes: string[] = [];
  const problems: Problem[] = [];
  const session = sides.head.session;
  const unread = [...new Set([...session.cutOff.values()].flat())];
  if (unread.length > 0) {
    const { files, bytes } = session.budget;
    const count = (n: number, what: string) => `${n.toLocaleString("en-US")} ${what}${n === 1 ? "" : "s"}`;
    const shown = unread.slice(0, 3).join(", ");
    const more = unread.length > 3 ? ` and ${unread.length - 3} more` : "";
    notes.push(
      `The read budget (${count(files, "file")} or ${(bytes / 1024 / 1024).toFixed(0)} MB per review) ran out: ${count(unread.length, "file")} were not read (${shown}${more}). Calls in them, and sites whose client or model comes from them, are not seen.`,
    );
    // One problem, not thousands: the note names the files; this makes the analysis incomplete.
    const others = unread.length > 1 ? ` (nor ${count(unread.length - 1, "other file")})` : "";
    problems.push({ path: unread[0]!, message: `not read${others}: the read budget ran out; the analysis is incomplete` });
  }
  for (const view of [sides.base, sides.head]) {
    for (const note of view.notes) if (!notes.includes(note)) notes.push(note);
    for (const folder of view.unlisted) problems.push({ path: folder, message: `not listed on the ${view === sides.base ? "base" : "head"} side (the source's tree was truncated); the analysis is incomplete` });
  }
  return { base, head, notes, problems };
}
