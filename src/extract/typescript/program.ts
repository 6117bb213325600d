import { ts } from "ts-morph";
import type { DeclarationRef } from "../../model/call-site.js";
import type { Problem } from "../../model/location.js";
import type { SideProgram } from "../../repository/program.js";
import { scanDirectives, type FileDirectives } from "../directives.js";
import { digest } from "../refs.js";
import { Evaluator } from "./evaluate.js";
import { fromJson } from "./json.js";
import { parseSource, sourceExtension } from "./parse.js";
import { declaredName } from "./symbol.js";
import { dynamic, throughDeclaration, withVia, type FunctionNode, type SdkValue, type Value } from "./value.js";

/** One parsed module of the side. */
export interface TsModule {
  path: string;
  sourceFile: ts.SourceFile;
  evaluator: Evaluator;
}

/** A call of a repository function found in some module of the side. */
export interface FoundCall {
  call: ts.CallExpression | ts.NewExpression;
  module: TsModule;
}

/** Importers searched for callers of one function: a wrapper imported everywhere is still bounded. */
const MAX_CALLER_FILES = 2_000;
/** Function bodies evaluated for one question (a site, a module's exports): deep or branching code stays bounded. */
const MAX_CALLS_PER_QUERY = 400;

/**
 * The TypeScript/JavaScript modules of one side, parsed at most once each (kept in the side's program),
 * so a client module imported by three hundred routes is parsed once and its values are evaluated once.
 * Cross-file questions go to the language-neutral layer: how an import resolves, where a re-exported
 * name is defined, who imports a module.
 */
export class TsProgram {
  private readonly modules = new Map<string, TsModule | Problem | null>();
  private readonly byFile = new Map<ts.SourceFile, TsModule>();
  private readonly exports = new Map<string, Value>();
  private readonly callers = new Map<FunctionNode | ts.ClassLikeDeclaration, FoundCall[]>();
  private readonly callIndexes = new Map<TsModule, Map<string, Array<ts.CallExpression | ts.NewExpression>>>();
  private readonly directives = new Map<string, FileDirectives>();
  private depth = 0;
  private calls = 0;

  private constructor(readonly side: SideProgram) {}

  /** Runs one question with its own allowance of function calls (nested questions share the outer one's). */
  query<T>(run: () => T): T {
    if (this.depth === 0) this.calls = 0;
    this.depth++;
    try {
      return run();
    } finally {
      this.depth--;
    }
  }

  /** Takes one function call from the current question's allowance; false when it is spent. */
  spendCall(): boolean {
    return ++this.calls <= MAX_CALLS_PER_QUERY;
  }

  static of(side: SideProgram): TsProgram {
    return side.memo("typescript", () => new TsProgram(side));
  }

  text(path: string): string | undefined {
    return this.side.text(path);
  }

  /**
   * The parsed module at `path` (parsing `text` when given, else the side's text); a Problem when it has
   * syntax errors; null when the side has no text for it.
   */
  module(path: string, text?: string): TsModule | Problem | null {
    const known = this.modules.get(path);
    if (known !== undefined) return known;
    const source = text ?? this.side.text(path);
    let result: TsModule | Problem | null = null;
    if (source !== undefined && sourceExtension(path) !== undefined) {
      const parsed = parseSource(path, source);
      if ("problem" in parsed) result = parsed.problem;
      else {
        const { sourceFile } = parsed;
        const module: TsModule = { path, sourceFile, evaluator: undefined as unknown as Evaluator };
        module.evaluator = new Evaluator(sourceFile, path, this);
        this.byFile.set(sourceFile, module);
        result = module;
      }
    }
    this.modules.set(path, result);
    return result;
  }

  evaluatorOf(sourceFile: ts.SourceFile): Evaluator | undefined {
    return this.byFile.get(sourceFile)?.evaluator;
  }

  directivesOf(module: TsModule): FileDirectives {
    let found = this.directives.get(module.path);
    if (!found) this.directives.set(module.path, (found = scanDirectives(module.path, module.sourceFile.text)));
    return found;
  }

  /**
   * What `import { name } from specifier` (name "*" for the module itself, "default") gives in `from`,
   * when the specifier names a module of the repository; undefined when it names a library.
   */
  importValue(from: string, specifier: string, name: string): Value | undefined {
    const target = this.side.resolveImport(from, specifier);
    if (target.kind === "library") return undefined;
    const what = name === "*" ? `"${specifier}"` : `\`${name}\``;
    if (target.kind === "unread") return dynamic(`${what} imported from ${target.path}, which could not be read (${target.reason})`);
    if (target.path.endsWith(".json")) return this.jsonModule(target.path, name);
    if (name === "*") return { kind: "module", path: target.path };
    return this.exportValue(target.path, name);
  }

  /** What module `path` exports as `name`, through re-exports, with a ref to the declaration it comes from. */
  exportValue(path: string, name: string): Value {
    const key = `${path}\u0000${name}`;
    const known = this.exports.get(key);
    if (known) return known;
    this.exports.set(key, dynamic(`\`${name}\` of ${path} refers to itself`));
    const value = this.computeExport(path, name);
    this.exports.set(key, value);
    return value;
  }

  private computeExport(path: string, name: string): Value {
    const target = this.side.exportOf(path, name);
    if (target === null) return dynamic(`\`${name}\` is not exported by ${path}`);
    if (target.library !== undefined) return { kind: "sdk", module: target.library, steps: target.name === "*" ? [] : [{ kind: "get", name: target.name }] };
    if (target.name === "*") return { kind: "module", path: target.path };
    const module = this.module(target.path);
    if (module === null) return dynamic(`\`${name}\` imported from ${target.path}, which ${this.side.unreadReason(target.path) ?? "is not a TypeScript or JavaScript module"}`);
    if (!("evaluator" in module)) return dynamic(`\`${name}\` imported from ${target.path}, which has syntax errors`);
    const { value, node } = module.evaluator.exportedDeclaration(target.name);
    return withVia(throughDeclaration(value, target.name), [refTo(module, node, target.name)]);
  }

  private jsonModule(path: string, name: string): Value {
    const text = this.side.text(path);
    if (text === undefined) return dynamic(`${path} (not readable as text)`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return dynamic(`${path} (not valid JSON)`);
    }
    const ref: DeclarationRef = { path, line: 1, name: name === "*" || name === "default" ? path : name, digest: digest(text) };
    const whole = fromJson(json, { source: "constant", names: [] });
    const value = name === "*" || name === "default" ? whole : (whole.kind === "object" ? whole.entries.get(name)?.value : undefined) ?? dynamic(`\`${name}\` (not in ${path})`);
    return withVia(value, [ref]);
  }

  /**
   * The names module `path` exports that carry Bedrock to an importer: a Bedrock SDK object that is neither
   * an invocation nor a method's result (a response; see `isBedrockObject`), a function returning one (a factory), an
   * object or class instance holding one; through `export *`, what the re-exported modules carry. Read
   * from the module's own syntax, so CommonJS modules and barrels have exact answers too. A module that
   * does not parse carries nothing (nothing can be evaluated from it either).
   */
  carryingExports(
    path: string,
    isBedrockObject: (value: SdkValue, evaluator: Evaluator) => boolean,
    objectModules: ReadonlySet<string>,
    mayCarry: (module: string) => boolean,
    seen = new Set<string>(),
  ): ReadonlySet<string> {
    const module = this.module(path);
    const out = new Set<string>();
    if (module === null || !("evaluator" in module) || seen.has(path)) return out;
    seen.add(path);
    const carries = (value: Value, depth: number): boolean => {
      if (depth > 3) return false;
      switch (value.kind) {
        case "sdk":
          return isBedrockObject(value, module.evaluator) && !isMethodResult(value);
        case "function":
          return carries(module.evaluator.callFunction(value, [], module.evaluator, value.node), depth + 1);
        case "object":
          return [...value.entries.values()].some((entry) => carries(entry.value, depth + 1));
        case "class":
        case "instance":
          return fieldValues(value).some((field) => carries(field, depth + 1));
        case "module":
          return this.carryingExports(value.path, isBedrockObject, objectModules, mayCarry, seen).size > 0;
        default:
          return false;
      }
    };
    const { names, stars, declarations } = module.evaluator.exportedNames();
    // An export can only carry a Bedrock object through a name imported from a Bedrock package or from
    // the repository: a declaration that mentions none is not evaluated.
    const carriers = [
      ...module.evaluator.carrierNames((specifier) => {
        if (objectModules.has(specifier)) return true;
        const target = this.side.resolveImport(path, specifier);
        return target.kind === "unread" || (target.kind === "module" && mayCarry(target.path));
      }),
    ];
    for (const name of names) {
      const declaration = declarations.get(name);
      if (declaration && !carriers.some((word) => declaration.getText(module.sourceFile).includes(word))) continue;
      if (this.query(() => carries(this.exportValue(path, name), 0))) out.add(name);
    }
    for (const specifier of stars) {
      const target = this.side.resolveImport(path, specifier);
      if (target.kind === "module" && mayCarry(target.path)) for (const name of this.carryingExports(target.path, isBedrockObject, objectModules, mayCarry, seen)) out.add(name);
    }
    return out;
  }

  /**
   * Every call of the repository function `fn` (or `new` of the class whose constructor it is) in its own
   * module and in the modules that import it, directly or through others.
   */
  callersOf(fn: FunctionNode): FoundCall[] {
    const target = ts.isConstructorDeclaration(fn) ? fn.parent : fn;
    const known = this.callers.get(target);
    if (known) return known;
    const found: FoundCall[] = [];
    this.callers.set(target, found);
    const name = ts.isConstructorDeclaration(fn) ? fn.parent.name?.text : declaredName(fn);
    const home = this.byFile.get(fn.getSourceFile());
    if (!home) return found;
    for (const path of this.callerFiles(home, target, name)) {
      const module = this.module(path);
      if (module === null || !("evaluator" in module)) continue;
      for (const call of this.callsIn(module, name)) {
        const callee = this.query(() => module.evaluator.evaluate(call.expression));
        const matches = ts.isNewExpression(call) ? callee.kind === "class" && callee.node === target : callee.kind === "function" && callee.node === fn;
        if (matches) found.push({ call, module });
      }
    }
    return found;
  }

  /**
   * The modules that can call `target` (a function, or a class whose method or constructor it is): its
   * own, those that import a name it is exported as — following re-exports through barrels — and, for a
   * class, the modules one import further that name the method or class (an instance made in one module
   * and used in another). Only those whose text names it are parsed; the search never walks the whole
   * importer tree of a widely imported module.
   */
  private callerFiles(home: TsModule, target: ts.Node, name: string | undefined): string[] {
    const { graph } = this.side;
    const cls = ts.isClassLike(target) ? target : ts.isClassLike(target.parent) ? target.parent : undefined;
    const exported = (path: string): string[] => {
      const module = this.module(path);
      if (module === null || !("evaluator" in module)) return [];
      return [...module.evaluator.exportedNames().names].filter((exportName) => {
        const value = this.exportValue(path, exportName);
        return (value.kind === "function" || value.kind === "class") && (value.node === target || value.node === cls);
      });
    };
    const files = new Set<string>([home.path]);
    const taking = new Set<string>([home.path]);
    const queue: Array<{ path: string; names: string[] }> = [{ path: home.path, names: exported(home.path) }];
    while (queue.length > 0 && files.size < MAX_CALLER_FILES) {
      const { path, names } = queue.shift()!;
      if (names.length === 0) continue;
      for (const importer of graph.importers(path)) {
        const taken = graph.importedNames(importer, path);
        if (taken !== "*" && !names.some((n) => taken.has(n))) continue;
        if (taking.has(importer)) continue;
        taking.add(importer);
        files.add(importer);
        // A barrel passes the names on; a module taking the class may pass on an instance of it.
        const passedOn = graph.scanOf(importer);
        const renamed = [...(passedOn?.reexports ?? [])].filter(([, r]) => graph.resolve(importer, r.specifier) === path && names.includes(r.name)).map(([alias]) => alias);
        const starred = passedOn?.stars.some((specifier) => graph.resolve(importer, specifier) === path) ? names : [];
        queue.push({ path: importer, names: [...renamed, ...starred] });
        if (cls) for (const next of graph.importers(importer)) files.add(next);
      }
    }
    const word = name ?? "";
    return [...files].filter((path) => path === home.path || word === "" || (this.side.text(path) ?? "").includes(word));
  }

  /** Calls in a module whose callee is named `name`, or is an imported binding (which may be an alias of it). */
  private callsIn(module: TsModule, name: string | undefined): Array<ts.CallExpression | ts.NewExpression> {
    let index = this.callIndexes.get(module);
    if (!index) {
      index = new Map();
      const add = (key: string, node: ts.CallExpression | ts.NewExpression) => index!.set(key, [...(index!.get(key) ?? []), node]);
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
          const callee = node.expression;
          if (ts.isIdentifier(callee)) {
            add(callee.text, node);
            if (module.evaluator.scopes.lookup(callee.text, callee)?.kind === "import") add("\u0000import", node);
          } else if (ts.isPropertyAccessExpression(callee)) add(callee.name.text, node);
        }
        ts.forEachChild(node, visit);
      };
      visit(module.sourceFile);
      this.callIndexes.set(module, index);
    }
    const named = name === undefined ? [] : (index.get(name) ?? []);
    return [...new Set([...named, ...(index.get("\u0000import") ?? [])])];
  }
}

/** The result of calling a method on an SDK object (`client.send(…)`): a response, not a client. */
function isMethodResult(value: SdkValue): boolean {
  const made = value.steps.findIndex((step) => step.kind === "new");
  return made !== -1 && value.steps.slice(made + 1).some((step) => step.kind === "call");
}

/** The values a class's instances hold: field initialisers and constructor assignments. */
function fieldValues(value: Extract<Value, { kind: "class" | "instance" }>): Value[] {
  const out: Value[] = [];
  for (const member of value.node.members) {
    if (ts.isPropertyDeclaration(member) && member.initializer) out.push(value.evaluator.evaluate(member.initializer));
    if (ts.isConstructorDeclaration(member) && member.body) {
      for (const statement of member.body.statements) {
        if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && ts.isPropertyAccessExpression(statement.expression.left)) {
          out.push(value.evaluator.evaluate(statement.expression.right));
        }
      }
    }
  }
  return out;
}

export function refTo(module: TsModule, node: ts.Node, name: string): DeclarationRef {
  const line = module.sourceFile.getLineAndCharacterOfPosition(node.getStart(module.sourceFile)).line + 1;
  return { path: module.path, line, name, digest: digest(node.getText(module.sourceFile)) };
}
