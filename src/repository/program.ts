import type { FileContent } from "../model/source-file.js";
import { pythonModules } from "./languages/python.js";
import { typescriptModules } from "./languages/typescript.js";
import { ModuleGraph, type ExportTarget, type ModuleLanguage } from "./module-graph.js";
import { RepositoryView } from "./view.js";

/** Every language whose imports the module graph follows. */
export const MODULE_LANGUAGES: readonly ModuleLanguage[] = [typescriptModules, pythonModules];

/** How an import written in a file resolves, as an extractor needs to know it. */
export type ImportTarget =
  /** A module of the repository, loaded: evaluate it. */
  | { kind: "module"; path: string }
  /** A module of the repository that was not read (read budget, unreadable): its values are unknown, and say why. */
  | { kind: "unread"; path: string; reason: string }
  /** Not in the repository: a library (its name as written). */
  | { kind: "library"; specifier: string };

/**
 * One side of the repository as extractors see it: any loaded file's text, how imports resolve, what
 * modules re-export and who imports whom — the one cross-file layer every language asks — plus a
 * place for each language to keep what it parsed, so a module shared by many files is parsed once
 * per side. Synchronous: the engine loads what is needed first (and again for what was asked but
 * not loaded, see RepositoryView.takeRequests).
 */
export class SideProgram {
  private readonly memos = new Map<string, unknown>();
  private readonly disposers: Array<() => void> = [];

  constructor(
    readonly view: RepositoryView,
    readonly graph: ModuleGraph,
  ) {}

  /** A program over in-memory files (tests; callers that have the texts already). */
  static ofFiles(files: Readonly<Record<string, string | FileContent>>): SideProgram {
    const view = RepositoryView.inMemory(files);
    return new SideProgram(view, ModuleGraph.ofLoaded(view, MODULE_LANGUAGES));
  }

  /** The text of a file of this side; undefined when it does not exist, is not text, or is not loaded yet (then it is loaded for the next pass). */
  text(path: string): string | undefined {
    return this.view.text(path);
  }

  /** Why a listed file has no text, or undefined when it has text or is not listed. */
  unreadReason(path: string): string | undefined {
    if (!this.view.has(path)) return undefined;
    const content = this.view.content(path);
    if (content === undefined) return "the read budget ran out";
    return content.kind === "skipped" ? content.reason : undefined;
  }

  resolveImport(from: string, specifier: string): ImportTarget {
    const path = this.graph.resolve(from, specifier);
    if (path === null) return { kind: "library", specifier };
    const reason = this.unreadReason(path);
    return reason === undefined ? { kind: "module", path } : { kind: "unread", path, reason };
  }

  exportOf(path: string, name: string): ExportTarget | null {
    return this.graph.exportOf(path, name);
  }

  importers(path: string): string[] {
    return this.graph.importers(path);
  }

  /** A value kept for this side under `key` (a language's parsed module, say), made on first use. */
  memo<T>(key: string, make: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = make();
    this.memos.set(key, value);
    return value;
  }

  /** Registers cleanup for what a language keeps outside the JavaScript heap (WebAssembly trees). */
  onDispose(dispose: () => void): void {
    this.disposers.push(dispose);
  }

  dispose(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
    this.memos.clear();
  }
}
