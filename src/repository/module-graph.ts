import { posix } from "node:path";
import type { RepositoryView } from "./view.js";

/** What an import-only scan of one module finds: no full parse, just its import and export statements. */
export interface ModuleScan {
  /** Module specifiers as written (`./config`, `@/lib/claude`, `app.core.settings`, `..core`). */
  imports: string[];
  /** Names the module defines and exports itself; undefined when unknown (CommonJS, a file the lexer could not read). */
  exports?: Set<string>;
  /** Re-exported names: `export { a as b } from "x"` (b -> x, a), Python `from .x import a as b` in a package. `name` "*" is a whole module. */
  reexports: Map<string, { specifier: string; name: string }>;
  /** `export * from "x"` / `from .x import *`. */
  stars: string[];
  /** The names taken from each specifier ("*": the whole module, or unknown); a specifier without an entry is "*". */
  names: Map<string, Set<string> | "*">;
}

/** Records that `names` are taken from `specifier` in a scan. */
export function takeNames(scan: ModuleScan, specifier: string, names: Iterable<string> | "*"): void {
  const known = scan.names.get(specifier);
  if (known === "*") return;
  if (names === "*") {
    scan.names.set(specifier, "*");
    return;
  }
  const set = known ?? new Set<string>();
  for (const name of names) set.add(name);
  scan.names.set(specifier, set);
}

/** Turns an import as written in a file into the repository path it names; null when it names nothing in the repository (a library). */
export type ImportResolver = (from: string, specifier: string) => string | null;

/** One language's imports over one side of the repository. */
export interface ModuleResolution {
  resolve: ImportResolver;
  /**
   * Words at least one of which any import of `path` must contain as written (its file or folder name,
   * its package's name, an alias): a file whose text holds none cannot import it, and is not scanned.
   */
  importWords(path: string): string[];
}

/** What one language contributes to the module graph: how to scan a module's imports, and how an import resolves. */
export interface ModuleLanguage {
  readonly name: string;
  /** Whether the path is a module of this language (by name). */
  handles(path: string): boolean;
  /** Files its resolution reads (tsconfig.json, package.json, pyproject.toml), loaded before any import is resolved. */
  isResolutionConfig(path: string): boolean;
  scan(path: string, text: string): ModuleScan;
  /** The import resolution of one side; the side's resolution configs are loaded when it is asked for. */
  resolution(view: RepositoryView): ModuleResolution;
}

/** Where a name a module exports is defined: a module of the repository and the name there, or a library's export. */
export type ExportTarget = { path: string; name: string; library?: undefined } | { library: string; name: string };

/** Words per importer search below which plain substring search beats one alternation pattern. */
const PLAIN_SEARCH_WORDS = 12;

/**
 * Which module imports which, for one side: language-neutral, built from import-only scans, asked by
 * every extractor (how an import resolves, what a module re-exports) and by the impact step (who
 * depends on a changed file). Lazy: a module is scanned when something asks about it, and the importers
 * of a module are looked for only among the files whose text names it (see ModuleResolution.importWords),
 * so a question about one module never scans the whole repository. Only loaded modules are scanned.
 */
export class ModuleGraph {
  private readonly scans = new Map<string, ModuleScan | null>();
  private readonly deps = new Map<string, Set<string>>();
  private readonly importersOf = new Map<string, Set<string>>();
  private readonly resolutions = new Map<ModuleLanguage, ModuleResolution>();
  private readonly resolved = new Map<string, string | null>();
  private modules: string[] | undefined;

  private constructor(
    readonly view: RepositoryView,
    private readonly languages: readonly ModuleLanguage[],
  ) {}

  /** Loads the side's resolution configs and the modules in `modules`, in that order (the order of priority under the read budget). */
  static async build(view: RepositoryView, languages: readonly ModuleLanguage[], modules: readonly string[]): Promise<ModuleGraph> {
    await view.load([...view.paths().filter((path) => languages.some((l) => l.isResolutionConfig(path))), ...modules]);
    return new ModuleGraph(view, languages);
  }

  /** A graph over the modules already loaded in `view` (tests, and in-memory sides). */
  static ofLoaded(view: RepositoryView, languages: readonly ModuleLanguage[]): ModuleGraph {
    return new ModuleGraph(view, languages);
  }

  private languageOf(path: string): ModuleLanguage | undefined {
    return this.languages.find((l) => l.handles(path));
  }

  private resolutionOf(language: ModuleLanguage): ModuleResolution {
    let resolution = this.resolutions.get(language);
    if (!resolution) this.resolutions.set(language, (resolution = language.resolution(this.view)));
    return resolution;
  }

  /** The import-only scan of a loaded module (made once); undefined when the path is no loaded module. */
  scanOf(path: string): ModuleScan | undefined {
    let scan = this.scans.get(path);
    if (scan !== undefined) return scan ?? undefined;
    const language = this.languageOf(path);
    const content = language && this.view.content(path);
    scan = language && content?.kind === "text" ? language.scan(path, content.text) : null;
    this.scans.set(path, scan);
    if (scan) {
      const targets = new Set<string>();
      for (const specifier of new Set([...scan.imports, ...scan.stars, ...[...scan.reexports.values()].map((r) => r.specifier)])) {
        const target = this.resolve(path, specifier);
        if (target !== null && target !== path) targets.add(target);
      }
      this.deps.set(path, targets);
    }
    return scan ?? undefined;
  }

  /** The repository path an import in `from` names, or null when it names a library or nothing found. */
  resolve(from: string, specifier: string): string | null {
    const language = this.languageOf(from);
    if (!language) return null;
    // Resolution depends on the importing folder only (its tsconfig, its package), not on the file.
    const key = `${language.name}\u0000${posix.dirname(from)}\u0000${specifier}`;
    let target = this.resolved.get(key);
    if (target === undefined) {
      target = this.resolutionOf(language).resolve(from, specifier);
      this.resolved.set(key, target);
    }
    return target;
  }

  /** Modules `path` imports (resolved to repository files). */
  dependencies(path: string): string[] {
    this.scanOf(path);
    return [...(this.deps.get(path) ?? [])];
  }

  /** Modules that import `path`. */
  importers(path: string): string[] {
    this.findImporters([path]);
    return [...this.importersOf.get(path)!];
  }

  /**
   * Finds the importers of every target at once: one pass over the side's modules, scanning only those
   * whose text holds a word an import of some target must contain.
   */
  private findImporters(targets: readonly string[]): void {
    const todo = [...new Set(targets)].filter((target) => !this.importersOf.has(target));
    if (todo.length === 0) return;
    const words = new Set<string>();
    for (const target of todo) {
      const language = this.languageOf(target);
      if (language) for (const word of this.resolutionOf(language).importWords(target)) if (word) words.add(word);
    }
    const found = new Map(todo.map((target) => [target, new Set<string>()]));
    const list = [...words];
    const pattern = list.length > PLAIN_SEARCH_WORDS ? new RegExp(list.map(escapeRegExp).join("|")) : undefined;
    const mentions = (text: string) => (pattern ? pattern.test(text) : list.some((word) => text.includes(word)));
    for (const path of this.moduleList()) {
      const content = this.view.content(path);
      if (content?.kind !== "text" || !mentions(content.text)) continue;
      for (const target of this.dependencies(path)) found.get(target)?.add(path);
    }
    for (const [target, importers] of found) {
      importers.delete(target);
      this.importersOf.set(target, importers);
    }
  }

  private moduleList(): string[] {
    this.modules ??= this.view.paths().filter((path) => this.languageOf(path) !== undefined && this.view.isLoaded(path));
    return this.modules;
  }

  /** The names module `from` takes from module `target` ("*" for all of them, or when unknown). */
  importedNames(from: string, target: string): ReadonlySet<string> | "*" {
    const scan = this.scanOf(from);
    if (!scan) return "*";
    const names = new Set<string>();
    for (const specifier of new Set([...scan.imports, ...scan.stars, ...[...scan.reexports.values()].map((r) => r.specifier)])) {
      if (this.resolve(from, specifier) !== target) continue;
      const taken = scan.names.get(specifier) ?? "*";
      if (taken === "*") return "*";
      for (const name of taken) names.add(name);
    }
    return names;
  }

  /** `paths` and every module reachable from them by following imports (`dependencies`) or importers. */
  closure(paths: Iterable<string>, direction: "dependencies" | "importers"): Set<string> {
    const seen = new Set<string>(paths);
    let frontier = [...seen];
    while (frontier.length > 0) {
      if (direction === "importers") this.findImporters(frontier);
      const next: string[] = [];
      for (const path of frontier) {
        for (const neighbour of direction === "importers" ? this.importersOf.get(path)! : this.dependencies(path)) {
          if (!seen.has(neighbour)) {
            seen.add(neighbour);
            next.push(neighbour);
          }
        }
      }
      frontier = next;
    }
    return seen;
  }

  /**
   * Where the name `name` exported by module `path` is defined, following re-exports and `export *`
   * (barrels, package `__init__` files). The module itself when it defines the name or its exports are
   * unknown; null when it certainly does not export it.
   */
  exportOf(path: string, name: string, seen = new Set<string>()): ExportTarget | null {
    const key = `${path}\u0000${name}`;
    if (seen.has(key)) return null; // a re-export cycle defines nothing
    seen.add(key);
    const scan = this.scanOf(path);
    if (!scan) return { path, name };
    const reexport = scan.reexports.get(name);
    if (reexport) {
      const target = this.resolve(path, reexport.specifier);
      if (target === null) return { library: reexport.specifier, name: reexport.name };
      return reexport.name === "*" ? { path: target, name: "*" } : this.exportOf(target, reexport.name, seen);
    }
    if (scan.exports === undefined || scan.exports.has(name)) return { path, name };
    if (name === "default") return null; // `export *` never re-exports a default
    for (const specifier of scan.stars) {
      // A library's `export *` cannot be looked into; a repository module's can.
      const target = this.resolve(path, specifier);
      const found = target === null ? null : this.exportOf(target, name, seen);
      if (found) return found;
    }
    return null;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
