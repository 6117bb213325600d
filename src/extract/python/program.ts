import type { Node, Parser, Tree } from "web-tree-sitter";
import type { DeclarationRef } from "../../model/call-site.js";
import type { Problem } from "../../model/location.js";
import type { SideProgram } from "../../repository/program.js";
import { nestingProblem, parseWithinBudget } from "../limits.js";
import { scanDirectives, type FileDirectives } from "../directives.js";
import { digest } from "../refs.js";
import { callsEndingIn } from "./calls.js";
import { Evaluator, nameOf } from "./evaluate.js";
import { Scopes, definitionParent } from "./scopes.js";
import { syntaxProblem } from "./syntax.js";
import { type PyValue, asConstant, dynamic, sameNode, withVia } from "./values.js";

/** One parsed Python module of the side. */
export interface PyModule {
  path: string;
  text: string;
  root: Node;
  scopes: Scopes;
  /** The module's plain evaluator: memoizes what its names hold, for itself and every importer. */
  evaluator: Evaluator;
}

/** A call of a repository function found in some module of the side. */
export interface FoundCall {
  call: Node;
  module: PyModule;
}

/**
 * Modules the recognisers and the evaluator know by name: a local file named like one never stands in
 * for it (`app/anthropic.py` importing `anthropic` means the library).
 */
const LIBRARIES = new Set([
  "boto3", "aioboto3", "botocore", "anthropic", "langchain_aws", "langchain_community", "langchain", "strands", "llama_index",
  "litellm", "dspy", "crewai", "pydantic_ai", "haystack", "haystack_integrations", "mypy_boto3_bedrock_runtime",
  "types_aiobotocore_bedrock_runtime", "os", "json", "textwrap", "pathlib", "builtins", "functools", "asyncio", "typing",
  "dataclasses", "pydantic", "pydantic_settings",
]);
/** Importers searched for callers of one function: a wrapper imported everywhere is still bounded. */
const MAX_CALLER_FILES = 2_000;
const STAR_IMPORT = /^[ \t]*from[ \t]+([.\w]+)[ \t]+import[ \t]+\*/gm;

/**
 * The Python modules of one side, each parsed at most once (kept in the side's program, trees freed
 * when the side is disposed), so a settings module imported by three hundred routes is parsed once and
 * its names are evaluated once. Cross-file questions go to the language-neutral layer: how an import
 * resolves, who imports a module.
 */
export class PyProgram {
  private readonly modules = new Map<string, PyModule | Problem | null>();
  private readonly trees: Tree[] = [];
  private readonly exports = new Map<string, PyValue>();
  private readonly refs = new Map<string, DeclarationRef>();
  private readonly returns = new Map<number, Node[] | null>();
  private readonly callers = new Map<number, FoundCall[]>();
  private readonly directives = new Map<string, FileDirectives>();

  private constructor(
    readonly side: SideProgram,
    private readonly parser: Parser,
  ) {}

  static of(side: SideProgram, parser: Parser): PyProgram {
    return side.memo("python", () => {
      const program = new PyProgram(side, parser);
      side.onDispose(() => program.dispose());
      return program;
    });
  }

  text(path: string): string | undefined {
    return this.side.text(path);
  }

  /**
   * The parsed module at `path` (parsing `text` when given, else the side's text); a Problem when it is
   * not valid Python 3; null when the side has no text for it.
   */
  module(path: string, text?: string): PyModule | Problem | null {
    const known = this.modules.get(path);
    if (known !== undefined) return known;
    const source = text ?? (path.endsWith(".py") ? this.side.text(path) : undefined);
    let result: PyModule | Problem | null = null;
    const tooDeep = source === undefined ? undefined : nestingProblem(path, source, { indented: true });
    if (tooDeep) result = tooDeep;
    else if (source !== undefined) {
      const tree = parseWithinBudget(this.parser, source);
      if (!tree) result = { path, message: "Python parser returned no tree; file skipped" };
      else {
        const root = tree.rootNode;
        const problem = syntaxProblem(root, source);
        if (problem) {
          tree.delete();
          result = { path, ...problem };
        } else {
          this.trees.push(tree);
          const module = { path, text: source, root, scopes: new Scopes() } as PyModule;
          module.evaluator = new Evaluator(module, this);
          result = module;
        }
      }
    }
    this.modules.set(path, result);
    return result;
  }

  directivesOf(module: PyModule): FileDirectives {
    let found = this.directives.get(module.path);
    if (!found) this.directives.set(module.path, (found = scanDirectives(module.path, module.text)));
    return found;
  }

  /**
   * What an import path bound in `from` (`app.core.clients.bedrock`, `.settings.MODEL_ID`, `app`) names
   * when it reaches a module of the repository: the module, or what the module defines under the rest
   * of the path. Undefined when it names a library or nothing in the repository.
   */
  importValue(from: string, path: string): PyValue | undefined {
    const level = /^\.*/.exec(path)![0].length;
    const dots = path.slice(0, level);
    const names = path.slice(level).split(".").filter((name) => name !== "");
    if (level === 0 && (names.length === 0 || LIBRARIES.has(names[0]!))) return undefined;
    for (let k = names.length; k >= (level > 0 ? 0 : 1); k--) {
      const specifier = dots + names.slice(0, k).join(".");
      const target = this.side.resolveImport(from, specifier);
      if (target.kind === "library") continue;
      if (target.path === from && k === names.length) return undefined; // a file never imports itself
      const rest = names.slice(k);
      if (target.kind === "unread") return dynamic(`\`${rest.join(".") || specifier}\` imported from ${target.path}, which was not read (${target.reason})`);
      let value: PyValue = { kind: "module", path: target.path };
      for (const name of rest) {
        if (value.kind === "module") value = withVia(this.exportValue(value.path, name), value.via);
        else {
          const module = this.module(target.path);
          value = module && "evaluator" in module ? module.evaluator.attributeOf(value, name) : dynamic(`\`${name}\` of ${target.path}`);
        }
      }
      return value;
    }
    return undefined;
  }

  /** What module `path` defines under `name` as an importer sees it, with refs to its declarations. */
  exportValue(path: string, name: string): PyValue {
    const key = `${path}\u0000${name}`;
    const known = this.exports.get(key);
    if (known) return known;
    this.exports.set(key, dynamic(`\`${name}\` is imported in a cycle through ${path}`));
    const value = this.computeExport(path, name);
    this.exports.set(key, value);
    return value;
  }

  private computeExport(path: string, name: string): PyValue {
    const module = this.module(path);
    if (module === null) return dynamic(`\`${name}\` imported from ${path}, which ${this.side.unreadReason(path) ?? "has no text"}`);
    if (!("evaluator" in module)) return dynamic(`\`${name}\` imported from ${path}, which has syntax errors`);
    const bindings = [...(module.scopes.moduleBindings(module.root, name) ?? []), ...module.scopes.globalAssignments(module.root, name)];
    if (bindings.length === 0) {
      // `from app import settings` names the submodule when the package does not define the name.
      if (path.endsWith("__init__.py")) {
        const sub = this.side.resolveImport(path, `.${name}`);
        if (sub.kind === "module") return { kind: "module", path: sub.path };
        if (sub.kind === "unread") return dynamic(`\`${name}\` imported from ${sub.path}, which was not read (${sub.reason})`);
      }
      const stars = [...module.text.matchAll(STAR_IMPORT)].map((m) => m[1]!);
      for (const star of stars) {
        const target = this.side.resolveImport(path, star);
        if (target.kind !== "module") continue;
        const value = this.exportValue(target.path, name);
        if (!(value.kind === "dynamic" && value.origin.startsWith(`\`${name}\` is not defined in`))) return value;
      }
      const star = stars.length > 0 ? " (it may come from a `*` import there)" : "";
      return dynamic(`\`${name}\` is not defined in ${path}${star}`);
    }
    return exported(module.evaluator.moduleName(name), name, path);
  }

  /** A ref to a declaration: its line, and a digest of its text (a class's header only: its members have refs of their own). */
  refTo(module: PyModule, node: Node, name: string): DeclarationRef {
    const key = `${module.path}\u0000${node.startIndex}\u0000${name}`;
    let ref = this.refs.get(key);
    if (!ref) {
      const definition = node.type === "decorated_definition" ? node.childForFieldName("definition") : node;
      const body = definition?.type === "class_definition" ? definition.childForFieldName("body") : null;
      const text = body ? module.text.slice(node.startIndex, body.startIndex) : node.text;
      ref = { path: module.path, line: node.startPosition.row + 1, name, digest: digest(text) };
      this.refs.set(key, ref);
    }
    return ref;
  }

  /** The return statements of a function body (not of functions nested in it); null for a generator. */
  returnsOf(fn: Node): Node[] | null {
    const known = this.returns.get(fn.id);
    if (known !== undefined) return known;
    const found: Node[] = [];
    let generator = false;
    const visit = (node: Node): void => {
      for (const child of node.namedChildren) {
        if (child.type === "function_definition" || child.type === "class_definition" || child.type === "lambda") continue;
        if (child.type === "return_statement") found.push(child);
        else if (child.type === "yield") generator = true;
        visit(child);
      }
    };
    const body = fn.childForFieldName("body");
    if (body) visit(body);
    const result = generator ? null : found;
    this.returns.set(fn.id, result);
    return result;
  }

  /**
   * Every call of the repository function `fn` (for `__init__`, every call of its class) in its own
   * module and in the modules that import it, directly or through others. Only modules whose text
   * names the function (or an alias of it) are parsed.
   */
  callersOf(fn: Node, home: PyModule): FoundCall[] {
    const known = this.callers.get(fn.id);
    if (known) return known;
    const found: FoundCall[] = [];
    this.callers.set(fn.id, found);
    const owner = definitionParent(fn);
    const target = nameOf(fn) === "__init__" && owner?.type === "class_definition" ? owner : fn;
    const name = nameOf(target);
    // In path order, so caller paths (and their keys' ordinals) do not depend on how the graph was built.
    const paths = [...this.side.graph.closure([home.path], "importers")].filter((path) => path.endsWith(".py")).sort().slice(0, MAX_CALLER_FILES);
    // A file that calls it names it, or an alias a file naming it made (`from x import f as g`, maybe re-exported).
    const texts = new Map(paths.map((path) => [path, path === home.path ? home.text : this.side.text(path)]));
    const names = new Set([name]);
    for (const text of texts.values()) {
      if (!text?.includes(name)) continue;
      for (const match of text.matchAll(new RegExp(`\\b${name}\\s+as\\s+(\\w+)`, "g"))) names.add(match[1]!);
    }
    const mentions = (text: string) => [...names].some((n) => text.includes(n));
    for (const path of paths) {
      const text = texts.get(path);
      if (text === undefined || !mentions(text)) continue;
      const module = path === home.path ? home : this.module(path);
      if (module === null || !("evaluator" in module)) continue;
      for (const { call, fn: callee } of callsEndingIn(module.root, module.text, names)) {
        const value = module.evaluator.evaluate(callee);
        const matches = target === fn ? value.kind === "function" && sameNode(value.node, fn) : value.kind === "class" && sameNode(value.node, target);
        if (matches) found.push({ call, module });
      }
    }
    return found;
  }

  dispose(): void {
    for (const tree of this.trees.splice(0)) tree.delete();
    this.modules.clear();
    this.exports.clear();
    this.returns.clear();
    this.callers.clear();
  }
}

/** A module's name as an importer sees it: data as a constant naming its module, unknowns saying where they were read. */
function exported(value: PyValue, name: string, path: string): PyValue {
  switch (value.kind) {
    case "str":
    case "num":
    case "bool":
    case "none":
    case "dict":
    case "list":
    case "file":
      return asConstant(value, { origin: `constant ${name} from ${path}` });
    case "dynamic": {
      if (value.origin === `\`${name}\` is assigned more than once`) return { ...value, origin: `${value.origin} in ${path}` };
      if (value.origin.includes(" (via `")) return value;
      return { ...value, origin: `${value.origin} (via \`${name}\` from ${path})` };
    }
    default:
      return value;
  }
}
