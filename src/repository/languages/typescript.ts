import { posix } from "node:path";
import { parse as lexModule } from "es-module-lexer";
import picomatch from "picomatch";
import { ts } from "ts-morph";
import { parse as parseYaml } from "yaml";
import { yamlNestingReason } from "../../extract/limits.js";
import { sourceExtension } from "../../extract/typescript/parse.js";
import { takeNames, type ImportResolver, type ModuleLanguage, type ModuleResolution, type ModuleScan } from "../module-graph.js";
import type { RepositoryView } from "../view.js";

const CONFIG_FILE = /(?:^|\/)(?:[tj]sconfig(?:\.[\w-]+)?\.json|package\.json|pnpm-workspace\.yaml)$/;
const REQUIRE = /\brequire\s*\(\s*(["'])([^"'\n]+)\1\s*\)/g;
/** JSX is not JavaScript to es-module-lexer; TypeScript's own import pre-processor reads it. */
const JSX_FILE = /\.[jt]sx$/;

/**
 * TypeScript and JavaScript modules: imports and exports lexed with es-module-lexer (≈200 MB/s on this
 * machine class, against ≈6 MB/s for a full parse), `require("…")` calls by pattern, and imports
 * resolved by TypeScript's own module resolution over the repository: relative paths, index files,
 * tsconfig/jsconfig `baseUrl`/`paths` (with `extends`), package.json `imports` and `exports`, and
 * workspace packages as if they were linked into node_modules.
 */
export const typescriptModules: ModuleLanguage = {
  name: "typescript",
  handles: (path) => sourceExtension(path) !== undefined,
  isResolutionConfig: (path) => CONFIG_FILE.test(path),
  scan: scanModule,
  resolution: (view) => new TypeScriptResolution(view),
};

export function scanModule(path: string, text: string): ModuleScan {
  const scan: ModuleScan = { imports: [], reexports: new Map(), stars: [], names: new Map() };
  const lexed = JSX_FILE.test(path) ? undefined : lex(text);
  if (lexed) {
    const [imports, exports] = lexed;
    const exported = new Set<string>();
    for (const entry of imports) {
      if (entry.type === "import-meta" || entry.specifier === undefined || (entry.type !== "dynamic" && entry.typeOnly)) continue;
      if (entry.type === "reexport-star") {
        scan.stars.push(entry.specifier);
        takeNames(scan, entry.specifier, "*");
      } else {
        scan.imports.push(entry.specifier);
        if (entry.type === "dynamic") takeNames(scan, entry.specifier, "*");
        else if (text.startsWith("import", entry.importStart)) takeNames(scan, entry.specifier, importedNames(text.slice(entry.importStart, entry.importEnd)));
      }
    }
    for (const entry of exports) {
      if (entry.typeOnly) continue;
      if (entry.type === "direct") exported.add(entry.name);
      else if (entry.type === "reexport") {
        scan.reexports.set(entry.name, { specifier: entry.from, name: entry.importName ?? "*" });
        takeNames(scan, entry.from, entry.importName === null ? "*" : [entry.importName]);
      }
    }
    // A module without ESM exports may be CommonJS (`module.exports`, `exports.x`): any name may be its own.
    if (exported.size > 0 || scan.reexports.size > 0 || scan.stars.length > 0 || !/\bexports\b/.test(text)) scan.exports = exported;
  } else {
    for (const file of ts.preProcessFile(text, true, true).importedFiles) scan.imports.push(file.fileName);
  }
  if (text.includes("require")) {
    for (const match of text.matchAll(REQUIRE)) {
      scan.imports.push(match[2]!);
      takeNames(scan, match[2]!, "*");
    }
  }
  return scan;
}

/** The bindings an `import … from "x"` statement takes: `default`, named ones, "*" for a namespace. */
function importedNames(statement: string): Set<string> | "*" {
  const clause = /^import\s+(?:type\s+)?([\s\S]*?)\s*from\s*["'`]/.exec(statement)?.[1];
  if (clause === undefined) return new Set(); // `import "x"`: for its effects only
  if (/\*\s*as\s/.test(clause)) return "*";
  const names = new Set<string>();
  const braces = /\{([\s\S]*)\}/.exec(clause);
  if ((braces ? clause.slice(0, braces.index) : clause).replace(/,/g, "").trim()) names.add("default");
  for (const part of braces?.[1]!.split(",") ?? []) {
    const name = part.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0]!.trim();
    if (name) names.add(name);
  }
  return names;
}

function lex(text: string): ReturnType<typeof lexModule> | undefined {
  try {
    return lexModule(text);
  } catch {
    return undefined; // syntax the lexer does not know: the pre-processor fallback reads the imports
  }
}

/** Folders a package's build writes to, mapped back to its sources when the build output is not committed. */
const OUTPUT_DIR = /^(.*?)\/(?:dist|build|lib|out|esm|cjs)(\/.*)?$/;
const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
const NODE_MODULES_PACKAGE = /\/node_modules\/((?:@[^/]+\/)?[^/]+)(\/.*)?$/;

/**
 * TypeScript's module resolution over a repository view. Paths are absolute with the repository root
 * at "/". Workspace packages (any package.json with a name, preferring those the root's workspaces
 * list) are presented inside every node_modules folder, and a package entry point under a build
 * folder that is not committed (`dist/index.js`) is read from the matching source (`src/index.ts`).
 */
class TypeScriptResolution implements ModuleResolution {
  private readonly directories = new Set<string>(["/"]);
  private readonly packages: Map<string, string>;
  private aliases: string[] | undefined;
  private readonly configs = new Map<string, ts.CompilerOptions[]>();
  private readonly host: ts.ModuleResolutionHost & ts.ParseConfigHost;

  constructor(private readonly view: RepositoryView) {
    for (const path of view.paths()) {
      for (let dir = posix.dirname(`/${path}`); dir !== "/" && !this.directories.has(dir); dir = posix.dirname(dir)) this.directories.add(dir);
    }
    this.packages = workspacePackages(view);
    const real = (path: string) => this.real(path);
    this.host = {
      fileExists: (file) => view.has(real(file).slice(1)),
      readFile: (file) => view.text(real(file).slice(1)),
      directoryExists: (dir) => this.directoryExists(dir),
      realpath: real,
      getCurrentDirectory: () => "/",
      getDirectories: () => [],
      useCaseSensitiveFileNames: true,
      readDirectory: () => [],
    };
  }

  readonly resolve: ImportResolver = (from, specifier) => {
    const containing = `/${from}`;
    const candidates = this.optionsFor(containing);
    if (isBare(specifier) && !candidates.some((options) => this.mayBeRepositoryModule(specifier, options))) return null;
    for (const options of candidates) {
      // No TypeScript resolution cache: it is not keyed by options, and a monorepo's folders differ (the graph caches per folder).
      const resolved = ts.resolveModuleName(specifier, containing, options, this.host).resolvedModule;
      if (!resolved) continue;
      const path = this.real(resolved.resolvedFileName).slice(1);
      // A library's own files (node_modules that is not a workspace package) are not the repository's.
      if (this.view.has(path) && !path.split("/").includes("node_modules")) return path;
    }
    return null;
  };

  /**
   * An import of `src/lib/claude/client.ts` names `client` (`./client`, `@/lib/claude/client`); of an
   * index file, its folder; of a file in a workspace package, that package's name; and any import may
   * go through a `paths` alias or a package.json `imports` key, so those words count for every module.
   */
  importWords(path: string): string[] {
    const name = posix.basename(path).replace(/(?:\.d)?\.[mc]?[jt]sx?$/, "").replace(/\.json$/, "");
    const words = [name === "index" ? posix.basename(posix.dirname(`/${path}`)) : name];
    for (const [pkg, folder] of this.packages) if (folder === "" || path.startsWith(`${folder}/`)) words.push(pkg);
    this.aliases ??= aliasWords(this.view);
    return [...words, ...this.aliases];
  }

  /**
   * Whether a bare specifier can name a file of the repository: a workspace package, a `paths` alias, or
   * a folder under `baseUrl`. Everything else is a library, and TypeScript need not look for it.
   */
  private mayBeRepositoryModule(specifier: string, options: ts.CompilerOptions): boolean {
    const [first = "", second = ""] = specifier.split("/");
    if (this.packages.has(first.startsWith("@") ? `${first}/${second}` : first)) return true;
    for (const pattern of Object.keys(options.paths ?? {})) {
      const star = pattern.indexOf("*");
      if (star === -1 ? pattern === specifier : specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1))) return true;
    }
    if (options.baseUrl === undefined) return false;
    const target = posix.join(options.baseUrl, specifier);
    if (this.directories.has(target)) return true;
    const file = target.slice(1).replace(/\.[mc]?js$/, "");
    return SOURCE_EXTENSIONS.some((ext) => this.view.has(`${file}${ext}`)) || this.view.has(`${file}.json`);
  }

  /** The project's options, then the same with bundler resolution (which reads `exports` whatever the project says). */
  private optionsFor(file: string): ts.CompilerOptions[] {
    const config = this.nearestConfig(posix.dirname(file));
    let list = this.configs.get(config ?? "");
    if (!list) {
      const parsed = config ? this.parseConfig(config) : [{}];
      list = parsed.flatMap((options) => {
        const own = { ...options, allowJs: true, resolveJsonModule: true };
        const bundler = { ...own, moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext };
        return own.moduleResolution === undefined || own.moduleResolution === ts.ModuleResolutionKind.Classic ? [bundler] : [own, bundler];
      });
      this.configs.set(config ?? "", list);
    }
    return list;
  }

  private nearestConfig(dir: string): string | undefined {
    for (let current = dir; ; current = posix.dirname(current)) {
      for (const name of ["tsconfig.json", "jsconfig.json"]) {
        const candidate = posix.join(current, name);
        if (this.view.has(candidate.slice(1))) return candidate;
      }
      if (current === "/") return undefined;
    }
  }

  /** A config's options, then those of the projects it references (solution-style tsconfig.json files hold `paths` there). */
  private parseConfig(file: string, depth = 0): ts.CompilerOptions[] {
    const text = this.view.text(file.slice(1));
    if (text === undefined) return [{}];
    const json = ts.parseJsonText(file, text);
    const parsed = ts.parseJsonSourceFileConfigFileContent(json, this.host, posix.dirname(file), undefined, file);
    const referenced = depth > 2 ? [] : (parsed.projectReferences ?? []).flatMap((ref) => {
      const target = ref.path.endsWith(".json") ? ref.path : posix.join(ref.path, "tsconfig.json");
      return this.view.has(target.slice(1)) ? this.parseConfig(target, depth + 1) : [];
    });
    return [parsed.options, ...referenced];
  }

  private directoryExists(dir: string): boolean {
    const real = this.real(dir);
    if (this.directories.has(real)) return true;
    // node_modules folders exist wherever a workspace package could be linked.
    return this.packages.size > 0 && /\/node_modules(?:\/@[^/]+)?$/.test(dir);
  }

  /** Where a path really is: workspace packages out of node_modules, build output back to its source. */
  private real(path: string): string {
    let mapped = path;
    const linked = NODE_MODULES_PACKAGE.exec(path);
    const folder = linked ? this.packages.get(linked[1]!) : undefined;
    if (folder !== undefined) mapped = `/${folder}${linked![2] ?? ""}`.replace(/^\/\//, "/");
    if (this.view.has(mapped.slice(1)) || this.directories.has(mapped)) return mapped;
    const output = OUTPUT_DIR.exec(mapped);
    if (!output || !this.directories.has(`${output[1]}/src`)) return mapped;
    const rest = output[2] ?? "";
    const stem = rest.replace(/(?:\.d)?\.(?:[mc]?[jt]sx?)$/, "");
    for (const candidate of [`${output[1]}/src${rest}`, ...SOURCE_EXTENSIONS.map((ext) => `${output[1]}/src${stem}${ext}`)]) {
      if (this.view.has(candidate.slice(1)) || (candidate === `${output[1]}/src${rest}` && this.directories.has(candidate))) return candidate;
    }
    return mapped;
  }
}

/** The fixed parts of every tsconfig/jsconfig `paths` key and package.json `imports` key in the repository. */
function aliasWords(view: RepositoryView): string[] {
  const out = new Set<string>();
  for (const path of view.paths()) {
    const file = posix.basename(path);
    const text = /^[tj]sconfig(?:\.[\w-]+)?\.json$/.test(file) || file === "package.json" ? view.text(path) : undefined;
    if (text === undefined) continue;
    const json = file === "package.json" ? { config: parseJson(text) } : ts.parseConfigFileTextToJson(path, text);
    const keys = file === "package.json" ? Object.keys(asRecord(asRecord(json.config).imports)) : Object.keys(asRecord(asRecord(asRecord(json.config).compilerOptions).paths));
    for (const key of keys) {
      const fixed = key.split("*")[0]!;
      if (fixed) out.add(fixed);
    }
  }
  return [...out];
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isBare(specifier: string): boolean {
  return !specifier.startsWith(".") && !specifier.startsWith("/") && !specifier.startsWith("#");
}

/**
 * Package name -> folder for the repository's own packages. A name two package.json files share is
 * settled by the root's workspace globs (package.json `workspaces`, pnpm-workspace.yaml); still
 * ambiguous, the one nearest the root wins.
 */
function workspacePackages(view: RepositoryView): Map<string, string> {
  const byName = new Map<string, string[]>();
  for (const path of view.paths()) {
    if (!path.endsWith("package.json") || (path !== "package.json" && !path.endsWith("/package.json"))) continue;
    const name = jsonField(view.text(path), "name");
    if (typeof name !== "string" || name === "") continue;
    byName.set(name, [...(byName.get(name) ?? []), posix.dirname(path)]);
  }
  const globs = workspaceGlobs(view);
  const inWorkspace = globs.length ? picomatch(globs) : () => false;
  const out = new Map<string, string>();
  for (const [name, folders] of byName) {
    const listed = folders.filter((f) => inWorkspace(f));
    const pick = (listed.length ? listed : folders).sort((a, b) => a.split("/").length - b.split("/").length || (a < b ? -1 : 1))[0]!;
    out.set(name, pick === "." ? "" : pick);
  }
  return out;
}

function workspaceGlobs(view: RepositoryView): string[] {
  const root = jsonField(view.text("package.json"), "workspaces");
  const fromPackage = Array.isArray(root) ? root : (root as { packages?: unknown } | undefined)?.packages;
  const globs: unknown[] = Array.isArray(fromPackage) ? [...fromPackage] : [];
  const pnpm = view.text("pnpm-workspace.yaml");
  if (pnpm !== undefined && !yamlNestingReason(pnpm)) {
    try {
      const packages = (parseYaml(pnpm) as { packages?: unknown } | null)?.packages;
      if (Array.isArray(packages)) globs.push(...packages);
    } catch {
      // An unreadable workspace file only loses the tie-break it would have given.
    }
  }
  return globs.filter((g): g is string => typeof g === "string" && !g.startsWith("!")).map((g) => g.replace(/^\.\//, "").replace(/\/$/, ""));
}

function jsonField(text: string | undefined, field: string): unknown {
  return text === undefined ? undefined : asRecord(parseJson(text))[field];
}
