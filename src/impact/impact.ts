import { posix } from "node:path";
import { MODULE_LANGUAGES, type SideProgram } from "../repository/program.js";

export interface ImpactInput {
  mode: "diff" | "scan";
  /** Every path that differs between the sides (both paths of a rename), source files or not. */
  changed: ReadonlySet<string>;
  /** Whether an extractor reads call sites from this path (by name). */
  isSource(path: string): boolean;
  /** The extractors' prefilter: false means the file's own text cannot hold a Bedrock call. */
  mayHoldCalls(path: string, text: string): boolean;
  /** Environment variables whose deployed value a changed IaC file sets (on either side). */
  changedEnv: ReadonlySet<string>;
  /** The names a module exports that carry Bedrock to its importers (see CallSiteExtractor.carryingExports). */
  carryingExports(path: string, program: SideProgram, mayCarry: (module: string) => boolean): ReadonlySet<string> | "all";
}

/**
 * The source files of one side whose call sites the change can move, so they are extracted on both
 * sides and compared. A file can hold a Bedrock call when its own text may (the prefilter) or when it
 * takes, directly or through other modules, something that carries Bedrock from a module that may (a
 * client, its factory, a model object: see `reaching`); a wrapper's callers are found from the wrapper.
 * Of those,
 * a diff needs the ones that read a changed file (import it, directly or not), the changed files
 * themselves, and the modules those import (wrappers whose callers changed); a changed tsconfig,
 * package.json or pyproject.toml can move any import, so it needs them all. A scan needs them all too.
 * A changed file that is not a module (a prompt read at run time) and a changed deployed environment
 * variable reach the files whose text names them.
 */
export function filesToExtract(program: SideProgram, input: ImpactInput): Set<string> {
  const { view, graph } = program;
  const sources = view.paths().filter((path) => input.isSource(path) && view.text(path) !== undefined);
  const candidates = sources.filter((path) => input.mayHoldCalls(path, view.text(path)!));
  const reaching = reachingFiles(program, candidates, input);
  const sourceSet = new Set(sources);
  const holding = (paths: Iterable<string>) => new Set([...paths].filter((path) => sourceSet.has(path) && reaching.has(path)));
  if (input.mode === "scan") return holding(reaching);

  const changed = [...input.changed];
  if (changed.some((path) => MODULE_LANGUAGES.some((language) => language.isResolutionConfig(path)))) return holding(reaching);
  const isModule = (path: string) => MODULE_LANGUAGES.some((language) => language.handles(path));
  const readers = graph.closure(changed.filter(isModule), "importers");
  const out = holding(graph.closure(readers, "dependencies"));

  const names = [...changed.filter((path) => !isModule(path) && view.has(path)).map((path) => posix.basename(path)), ...input.changedEnv];
  if (names.length > 0) {
    for (const path of reaching) {
      const text = view.text(path);
      if (sourceSet.has(path) && text !== undefined && names.some((name) => text.includes(name))) out.add(path);
    }
  }
  return out;
}

/**
 * The candidates, and every module that takes a name carrying Bedrock from one of them, transitively
 * (a barrel re-exporting the client, a module wrapping the factory in its own export).
 */
function reachingFiles(program: SideProgram, candidates: readonly string[], input: ImpactInput): Set<string> {
  const { graph } = program;
  const out = new Set(candidates);
  const queue = [...candidates];
  // A module carries Bedrock only if it names it or imports, directly or not, one that does.
  const candidateSet = new Set(candidates);
  const reaches = new Map<string, boolean>();
  const mayCarry = (module: string): boolean => {
    let known = reaches.get(module);
    if (known === undefined) {
      known = [...graph.closure([module], "dependencies")].some((path) => candidateSet.has(path));
      reaches.set(module, known);
    }
    return known;
  };
  while (queue.length > 0) {
    const module = queue.shift()!;
    const carrying = input.carryingExports(module, program, mayCarry);
    if (carrying !== "all" && carrying.size === 0) continue;
    for (const importer of graph.importers(module)) {
      if (out.has(importer)) continue;
      const names = graph.importedNames(importer, module);
      if (carrying === "all" || names === "*" || [...names].some((name) => carrying.has(name))) {
        out.add(importer);
        queue.push(importer);
      }
    }
  }
  return out;
}

/**
 * The order in which to read a side's modules under a read budget: changed files first, then the
 * files nearest to them in the folder tree (a shared constant lives beside its importers more often
 * than not), the rest last.
 */
export function readOrder(paths: readonly string[], changed: ReadonlySet<string>): string[] {
  const folders = [...new Set([...changed].map((path) => posix.dirname(path)))].map((folder) => folder.split("/"));
  const nearness = (path: string) => {
    if (changed.has(path)) return Number.MAX_SAFE_INTEGER;
    const parts = posix.dirname(path).split("/");
    let best = 0;
    for (const folder of folders) {
      let shared = 0;
      while (shared < folder.length && shared < parts.length && folder[shared] === parts[shared]) shared++;
      if (shared > best) best = shared;
    }
    return best;
  };
  const scored = paths.map((path) => ({ path, score: nearness(path) }));
  return scored.sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : 1)).map((entry) => entry.path);
}
