import { posix } from "node:path";
import { parse as parseToml } from "smol-toml";
import { takeNames, type ImportResolver, type ModuleLanguage, type ModuleResolution, type ModuleScan } from "../module-graph.js";
import type { RepositoryView } from "../view.js";

/** `from x import (a, b)` may span lines; `import a.b as c, d` may not (without a backslash). */
const FROM_IMPORT = /^[ \t]*from[ \t]+([.\w]+)[ \t]+import[ \t]*(\([^)]*\)|[^\n#;]*)/gm;
const PLAIN_IMPORT = /^[ \t]*import[ \t]+([^\n#;]+)/gm;
const NAME = /^[A-Za-z_]\w*$/;

/**
 * Python modules: import statements found by pattern (an import-only scan; false positives in strings
 * only add edges), and imports resolved as the interpreter would from the project's roots: relative
 * imports from the package, absolute ones from the roots a pyproject.toml names, then from each folder
 * above the importing file (nearest first, with its `src/`), so `src/` layouts and monorepos of several
 * Python projects both resolve. Packages with or without `__init__.py` (namespace packages) count.
 */
export const pythonModules: ModuleLanguage = {
  name: "python",
  handles: (path) => path.endsWith(".py"),
  isResolutionConfig: (path) => path === "pyproject.toml" || path.endsWith("/pyproject.toml"),
  scan: scanPython,
  resolution: (view) => new PythonResolution(view),
};

export function scanPython(_path: string, text: string): ModuleScan {
  const source = text.includes("\\\n") ? text.replace(/\\\r?\n/g, " ") : text;
  const scan: ModuleScan = { imports: [], reexports: new Map(), stars: [], names: new Map() };
  for (const match of source.matchAll(FROM_IMPORT)) {
    const module = match[1]!;
    const names = match[2]!.replace(/^\(|\)$/g, "").replace(/#[^\n]*/g, "");
    scan.imports.push(module);
    for (const item of names.split(",")) {
      const name = item.trim().split(/\s+as\s+/)[0]!.trim();
      if (name === "*") {
        scan.stars.push(module);
        takeNames(scan, module, "*");
      } else if (NAME.test(name)) {
        takeNames(scan, module, [name]);
        // `from pkg import mod` may import a submodule: an edge to it when one exists.
        const submodule = module.endsWith(".") ? `${module}${name}` : `${module}.${name}`;
        scan.imports.push(submodule);
        takeNames(scan, submodule, "*");
      }
    }
  }
  for (const match of source.matchAll(PLAIN_IMPORT)) {
    for (const item of match[1]!.split(",")) {
      const module = item.trim().split(/\s+as\s+/)[0]!.trim();
      if (/^[\w.]+$/.test(module)) {
        scan.imports.push(module);
        takeNames(scan, module, "*");
      }
    }
  }
  return scan;
}

class PythonResolution implements ModuleResolution {
  private readonly declaredRoots: Array<{ folder: string; roots: string[] }>;

  constructor(private readonly view: RepositoryView) {
    this.declaredRoots = view
      .paths()
      .filter((path) => pythonModules.isResolutionConfig(path))
      .map((path) => {
        const folder = posix.dirname(path) === "." ? "" : posix.dirname(path);
        return { folder, roots: pyprojectRoots(view.text(path)).map((root) => posix.normalize(posix.join(folder, root)).replace(/^\.$/, "")) };
      })
      .filter((entry) => entry.roots.length > 0);
  }

  readonly resolve: ImportResolver = (from, specifier) => {
    const level = /^\.*/.exec(specifier)![0].length;
    const dotted = specifier.slice(level);
    const parts = dotted.split(".").filter((part) => part !== "");
    if (level > 0) {
      let dir = folderOf(from);
      for (let up = 1; up < level; up++) {
        if (dir === "") return null; // above the repository root
        dir = folderOf(dir);
      }
      return this.moduleAt(dir, parts);
    }
    if (parts.length === 0) return null;
    for (const root of this.rootsFor(from)) {
      const found = this.moduleAt(root, parts);
      if (found) return found;
    }
    return null;
  };

  /** An import of `a/b.py` names `b`; of a package's `a/b/__init__.py`, `b`. */
  importWords(path: string): string[] {
    const stem = posix.basename(path, ".py");
    return [stem === "__init__" ? posix.basename(posix.dirname(path)) : stem];
  }

  /** `root/a/b.py` or `root/a/b/__init__.py`; with no parts, the package `root` itself. */
  private moduleAt(root: string, parts: string[]): string | null {
    const stem = [root, ...parts].filter((p) => p !== "").join("/");
    const candidates = parts.length ? [`${stem}.py`, `${stem}/__init__.py`] : [stem ? `${stem}/__init__.py` : "__init__.py"];
    return candidates.find((candidate) => this.view.has(candidate)) ?? null;
  }

  /** Roots to resolve an absolute import from, in the order Python's path would be tried for this file. */
  private rootsFor(from: string): string[] {
    const roots: string[] = [];
    for (const entry of this.declaredRoots) {
      if (entry.folder === "" || from.startsWith(`${entry.folder}/`)) roots.push(...entry.roots);
    }
    for (let dir = folderOf(from); ; dir = folderOf(dir)) {
      roots.push(dir, dir ? `${dir}/src` : "src");
      if (dir === "") break;
    }
    return [...new Set(roots)];
  }
}

function folderOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === "." ? "" : dir;
}

/** Package roots a pyproject.toml declares (setuptools, Poetry, Hatch, PDM), relative to its folder. */
function pyprojectRoots(text: string | undefined): string[] {
  if (text === undefined) return [];
  let toml: Record<string, any>;
  try {
    toml = parseToml(text) as Record<string, any>;
  } catch {
    return []; // an unreadable pyproject.toml declares nothing; the folder heuristic still applies
  }
  const tool = toml.tool ?? {};
  const roots: unknown[] = [];
  const packageDir = tool.setuptools?.["package-dir"];
  if (packageDir && typeof packageDir === "object") roots.push(packageDir[""]);
  const where = tool.setuptools?.packages?.find?.where;
  if (Array.isArray(where)) roots.push(...where);
  for (const entry of Array.isArray(tool.poetry?.packages) ? tool.poetry.packages : []) roots.push(entry?.from);
  for (const pkg of Array.isArray(tool.hatch?.build?.targets?.wheel?.packages) ? tool.hatch.build.targets.wheel.packages : []) {
    if (typeof pkg === "string") roots.push(posix.dirname(pkg));
  }
  roots.push(tool.pdm?.build?.["package-dir"]);
  return [...new Set(roots.filter((root): root is string => typeof root === "string" && root !== ""))];
}
