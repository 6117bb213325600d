import { posix } from "node:path";
import { ts } from "ts-morph";
import type { DeclarationRef } from "../../model/call-site.js";
import { arnWildcardField } from "../arn.js";
import { mergeVia } from "../refs.js";
import { ascend, descend } from "../limits.js";
import { builtinCall } from "./node-builtins.js";
import type { TsProgram } from "./program.js";
import { createScopeIndex, type Binding, type ScopeIndex } from "./scope.js";
import { declaredName, propertyNameText } from "./symbol.js";
import {
  combineSources,
  dynamic,
  getProperty,
  inheritDeclaration,
  isStatic,
  throughDeclaration,
  withVia,
  type ArrayValue,
  type ClassValue,
  type FunctionNode,
  type FunctionValue,
  type InstanceValue,
  type ObjectValue,
  type StaticValue,
  type Value,
} from "./value.js";

const STRING_METHODS = new Map<string, (s: string) => string>([
  ["trim", (s) => s.trim()],
  ["trimStart", (s) => s.trimStart()],
  ["trimEnd", (s) => s.trimEnd()],
  ["toString", (s) => s],
]);

/** Calls followed into function bodies before giving up (recursion, very deep factory chains). */
const MAX_FRAMES = 12;

/**
 * The parameters of one call of a repository function, as the function's body sees them: the call's
 * arguments (evaluated by the caller's evaluator) and the object a method was called on.
 */
export interface Frame {
  fn: FunctionNode;
  args: readonly ts.Expression[];
  caller: Evaluator;
  self?: Value;
  /** Binds every parameter of `fn` to an unknown value, defaults too: shows whether a site's facts depend on them. */
  probe?: boolean;
}

/** What a probing frame binds each parameter to. */
export const PROBED = "a value its caller passes";

export interface EvaluatorOptions {
  scopes?: ScopeIndex;
  frames?: readonly Frame[];
  /** Record what evaluation reads (parameters without a frame, refs of other files): for pricing per caller. */
  tracking?: boolean;
}

/**
 * Statically evaluates expressions of one file: literals, templates, concatenation, declarations found
 * through the lexical scopes, object and array literals, enums, classes and their fields, default
 * parameters, `process.env` fallbacks — and, through the program, what other modules of the repository
 * export: constants, clients, factories (calling a repository function evaluates what it returns with
 * its parameters bound to the arguments), classes and their instances. Anything else is dynamic with an
 * origin in words — never guessed. Bindings imported from libraries evaluate to `sdk` references, so
 * recognisers can see SDK objects through variables, fields, factories and modules alike.
 *
 * An evaluator with frames evaluates the body of a function as one call sees it; a tracking evaluator
 * notes the parameters it read that no frame binds (the site depends on its callers) and the refs of
 * everything it read. Both are made fresh for that purpose; the plain evaluator of a file memoizes.
 */
export class Evaluator {
  readonly scopes: ScopeIndex;
  readonly frames: readonly Frame[];
  private readonly declarations = new Map<ts.Node, Value>();
  private readonly classAssignments = new Map<ts.ClassLikeDeclaration, Map<string, ts.BinaryExpression[]>>();
  private readonly tracking: boolean;
  /** Functions whose parameters were read with no frame binding them (tracking only). */
  readonly readParameters = new Set<FunctionNode>();
  /** Refs of everything evaluated (tracking only). */
  private collected: DeclarationRef[] | undefined;
  /** The file's folder as an absolute path with the repository root at "/". */
  readonly folder: string;

  constructor(
    readonly sourceFile: ts.SourceFile,
    readonly path: string,
    readonly program?: TsProgram,
    options: EvaluatorOptions = {},
  ) {
    this.scopes = options.scopes ?? createScopeIndex(sourceFile);
    this.frames = options.frames ?? [];
    this.tracking = options.tracking ?? false;
    this.folder = posix.dirname(posix.join("/", path));
  }

  /** A new evaluator of the same file with nothing memoized and nothing bound: it records what it reads. */
  fresh(): Evaluator {
    return new Evaluator(this.sourceFile, this.path, this.program, { scopes: this.scopes, tracking: true });
  }

  /** The same file as one more call sees it. */
  withFrame(frame: Frame): Evaluator {
    return new Evaluator(this.sourceFile, this.path, this.program, { scopes: this.scopes, frames: [...this.frames, frame], tracking: this.tracking });
  }

  /** Refs of what a tracking evaluator read, and of what the evaluators of its frames' arguments read. */
  get via(): DeclarationRef[] | undefined {
    return mergeVia(this.collected, ...this.frames.map((f) => f.caller.via));
  }

  evaluate(node: ts.Expression): Value {
    descend("an expression");
    try {
      const value = this.compute(node);
      if (this.tracking && value.via) this.collected = mergeVia(this.collected, value.via);
      return value;
    } finally {
      ascend();
    }
  }

  private compute(node: ts.Expression): Value {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node) || ts.isAwaitExpression(node)) {
      return this.evaluate(node.expression);
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { kind: "string", value: node.text, source: "literal", names: [] };
    if (ts.isNumericLiteral(node)) return { kind: "number", value: Number(node.text), source: "literal", names: [] };
    if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) {
      return { kind: "boolean", value: node.kind === ts.SyntaxKind.TrueKeyword, source: "literal", names: [] };
    }
    if (node.kind === ts.SyntaxKind.NullKeyword) return { kind: "nullish", source: "literal", names: [] };
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) {
      const operand = this.evaluate(node.operand);
      return operand.kind === "number" ? { ...operand, value: -operand.value } : this.notStatic(node, operand);
    }
    if (ts.isTemplateExpression(node)) return this.template(node);
    if (ts.isBinaryExpression(node)) return this.binary(node);
    if (ts.isConditionalExpression(node)) return this.conditional(node, this.evaluate(node.whenTrue), this.evaluate(node.whenFalse));
    if (ts.isIdentifier(node)) return this.identifier(node);
    if (ts.isPropertyAccessExpression(node)) return this.propertyAccess(node, node.name.text);
    if (ts.isElementAccessExpression(node)) {
      const key = this.evaluate(node.argumentExpression);
      if (key.kind === "string" || key.kind === "number") return this.propertyAccess(node, String(key.value));
      return dynamic(`computed property \`${describe(node)}\``);
    }
    if (ts.isObjectLiteralExpression(node)) return this.object(node);
    if (ts.isArrayLiteralExpression(node)) return this.array(node);
    if (ts.isCallExpression(node)) return this.call(node);
    if (ts.isNewExpression(node)) return this.construct(node);
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return { kind: "function", node, evaluator: this };
    if (ts.isClassExpression(node)) return { kind: "class", node, evaluator: this };
    return dynamic(`expression \`${describe(node)}\``);
  }

  /** Evaluates a node of this file or of another file of the program (as that file's own evaluator sees it). */
  evaluateAnywhere(node: ts.Expression): Value {
    const file = node.getSourceFile();
    const owner = file === this.sourceFile ? this : this.program?.evaluatorOf(file);
    return owner ? owner.evaluate(node) : dynamic(`expression \`${describe(node)}\` in ${file.fileName}`);
  }

  /**
   * What this module exports under `name`, with the declaration it comes from: `export const`, `export
   * { a as name }`, `export default …`, and CommonJS `module.exports = …` / `exports.name = …`.
   */
  exportedDeclaration(name: string): { value: Value; node: ts.Node } {
    const file = this.sourceFile;
    if (name === "default") {
      for (const statement of file.statements) {
        if (ts.isExportAssignment(statement)) return { value: this.evaluate(statement.expression), node: statement };
        if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && hasModifier(statement, ts.SyntaxKind.DefaultKeyword)) {
          return { value: ts.isFunctionDeclaration(statement) ? { kind: "function", node: statement, evaluator: this } : { kind: "class", node: statement, evaluator: this }, node: statement };
        }
      }
    }
    const local = this.localExportNames().get(name) ?? name;
    const binding = this.scopes.lookup(local, file);
    if (binding) return { value: this.bound(binding), node: declarationNode(binding) ?? file };
    const commonJs = this.commonJsExport(name);
    if (commonJs) return commonJs;
    return { value: dynamic(`\`${name}\` (not found in ${this.path})`), node: file };
  }

  #localExportNames: Map<string, string> | undefined;

  /** Exported name -> local name, from `export { local as name }` lists (the last list naming it wins); read once per module. */
  private localExportNames(): Map<string, string> {
    if (this.#localExportNames) return this.#localExportNames;
    const out = new Map<string, string>();
    for (const statement of this.sourceFile.statements) {
      if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
      for (const element of statement.exportClause.elements) out.set(element.name.text, element.propertyName?.getText() ?? element.name.text);
    }
    return (this.#localExportNames = out);
  }

  /**
   * The names this module exports, read from its syntax: ESM declarations and export lists, `export
   * default`, CommonJS `module.exports = { … }` keys and `exports.name = …`; plus the specifiers it
   * re-exports everything of (`export * from`).
   */
  exportedNames(): { names: Set<string>; stars: string[]; declarations: Map<string, ts.Node> } {
    const names = new Set<string>();
    const stars: string[] = [];
    const declarations = new Map<string, ts.Node>();
    for (const statement of this.sourceFile.statements) {
      const before = names.size;
      if (ts.isExportAssignment(statement)) names.add("default");
      else if (ts.isExportDeclaration(statement)) {
        const clause = statement.exportClause;
        if (!clause) {
          if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) stars.push(statement.moduleSpecifier.text);
        } else if (ts.isNamedExports(clause)) {
          for (const element of clause.elements) if (!element.isTypeOnly && !statement.isTypeOnly) names.add(element.name.text);
        } else names.add(clause.name.text);
      } else if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
        if (hasModifier(statement, ts.SyntaxKind.DefaultKeyword)) names.add("default");
        else if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) addBindingNames(d.name, names);
        else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) names.add(statement.name.text);
      } else if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const { left, right } = statement.expression;
        if (isModuleExports(left)) {
          names.add("default");
          if (ts.isObjectLiteralExpression(right)) for (const property of right.properties) if (property.name && propertyNameText(property.name)) names.add(propertyNameText(property.name)!);
        } else if (ts.isPropertyAccessExpression(left) && (isModuleExports(left.expression) || (ts.isIdentifier(left.expression) && left.expression.text === "exports"))) {
          names.add(left.name.text);
        }
      }
      // Declarations exported where they stand; names listed elsewhere are found through the scopes.
      if (names.size > before && !ts.isExportDeclaration(statement)) for (const name of names) if (!declarations.has(name)) declarations.set(name, statement);
    }
    for (const name of names) {
      const binding = declarations.has(name) ? undefined : this.scopes.lookup(name, this.sourceFile);
      const node = binding && declarationNode(binding);
      if (node) declarations.set(name, node);
    }
    return { names, stars, declarations };
  }

  /**
   * The module-level names through which an export can carry a Bedrock object: those bound to what it
   * imports from a Bedrock package or from the repository (`isCarrier`), and the module's own
   * declarations that mention one of them (`const bedrock = createAmazonBedrock(…)`), transitively.
   */
  carrierNames(isCarrier: (specifier: string) => boolean): Set<string> {
    const out = this.importedNames(isCarrier);
    const declared: Array<{ names: Set<string>; text: string }> = [];
    for (const statement of this.sourceFile.statements) {
      const names = new Set<string>();
      if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) addBindingNames(d.name, names);
      else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) names.add(statement.name.text);
      if (names.size) declared.push({ names, text: statement.getText(this.sourceFile) });
    }
    for (let grew = out.size > 0; grew; ) {
      grew = false;
      for (const { names, text } of declared) {
        if ([...names].every((n) => out.has(n)) || ![...out].some((word) => text.includes(word))) continue;
        for (const name of names) out.add(name);
        grew = true;
      }
    }
    return out;
  }

  /** Local names bound to what the module imports from specifiers `isCarrier` accepts (ESM imports and top-level requires). */
  private importedNames(isCarrier: (specifier: string) => boolean): Set<string> {
    const out = new Set<string>();
    for (const statement of this.sourceFile.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && isCarrier(statement.moduleSpecifier.text) && statement.importClause) {
        const clause = statement.importClause;
        if (clause.name) out.add(clause.name.text);
        const named = clause.namedBindings;
        if (named && ts.isNamespaceImport(named)) out.add(named.name.text);
        else if (named) for (const element of named.elements) out.add(element.name.text);
      } else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          const init = declaration.initializer;
          const required = init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "require" ? init.arguments[0] : undefined;
          if (required && ts.isStringLiteralLike(required) && isCarrier(required.text)) addBindingNames(declaration.name, out);
        }
      }
    }
    return out;
  }

  /** `module.exports = { name }`, `module.exports = name` (as default), `exports.name = …`, `module.exports.name = …`. */
  private commonJsExport(name: string): { value: Value; node: ts.Node } | undefined {
    for (const statement of this.sourceFile.statements) {
      if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
      const { left, right, operatorToken } = statement.expression;
      if (operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      if (isModuleExports(left)) {
        const whole = this.evaluate(right);
        return { value: name === "default" ? whole : this.member(whole, name), node: statement };
      }
      if (ts.isPropertyAccessExpression(left) && left.name.text === name && (isModuleExports(left.expression) || (ts.isIdentifier(left.expression) && left.expression.text === "exports"))) {
        return { value: this.evaluate(right), node: statement };
      }
    }
    return undefined;
  }

  /** `value.key` with SDK references followed; absent keys of known objects read as undefined. */
  member(value: Value, key: string, node?: ts.Expression): Value {
    switch (value.kind) {
      case "sdk":
        return { ...value, steps: [...value.steps, { kind: "get", name: key }] };
      case "dynamic": {
        const of = node ? `\`${describe(node)}\`` : value.origin;
        return withVia(dynamic(`property \`${key}\` of ${of}`, value.env), value.via);
      }
      case "module":
        return withVia(this.program?.exportValue(value.path, key) ?? dynamic(`\`${key}\` of ${value.path}`), value.via);
      case "class":
        return withVia(value.evaluator.staticMember(value, key), value.via);
      case "instance":
        return withVia(value.evaluator.instanceMember(value, key), value.via);
      case "function":
        return dynamic(`property \`${key}\` of function \`${declaredName(value.node) ?? "anonymous"}\``);
      case "json":
        return dynamic(`property \`${key}\` of a JSON string`);
      case "array": {
        const index = Number(key);
        if (Number.isInteger(index) && value.unknownParts.length === 0) return value.items[index] ?? { kind: "nullish", source: value.source, names: value.names };
        return dynamic(`element ${key} of an array built at run time`);
      }
      case "object":
      case "nullish":
        return getProperty(value, key) ?? { kind: "nullish", source: value.source, names: value.names };
      default:
        return dynamic(`property \`${key}\` of a ${value.kind}`);
    }
  }

  private notStatic(node: ts.Expression, part: Value): Value {
    return part.kind === "dynamic" ? part : dynamic(`expression \`${describe(node)}\``);
  }

  private template(node: ts.TemplateExpression): Value {
    let text = node.head.text;
    const parts: StaticValue[] = [];
    const wildcards: string[] = [];
    for (const span of node.templateSpans) {
      const part = this.evaluate(span.expression);
      if (part.kind !== "string" && part.kind !== "number" && part.kind !== "boolean") {
        const field = arnWildcardField(text, span.literal.text);
        if (!field) return this.notStatic(span.expression, part);
        wildcards.push(`the ARN's ${field} comes from \`${describe(span.expression)}\``);
        text += "*" + span.literal.text;
        continue;
      }
      parts.push(part);
      text += String(part.value) + span.literal.text;
    }
    return { kind: "string", value: text, ...combineSources(parts), ...(wildcards.length ? { origin: wildcards.join("; ") } : {}) };
  }

  private binary(node: ts.BinaryExpression): Value {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) return this.fallback(node, op);
    // `x ??= make()` holds what it made from the first call on: the singleton idiom.
    if (op === ts.SyntaxKind.QuestionQuestionEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken) return this.evaluate(node.right);
    // `cond && { … }` spreads the object or nothing.
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
      const right = this.evaluate(node.right);
      return right.kind === "object" ? this.conditional(node, right, { kind: "nullish", source: "literal", names: [] }) : dynamic(`expression \`${describe(node)}\``);
    }
    const arithmetic = ARITHMETIC[op];
    if (op !== ts.SyntaxKind.PlusToken && !arithmetic) return dynamic(`expression \`${describe(node)}\``);
    const left = this.evaluate(node.left);
    const right = this.evaluate(node.right);
    if (left.kind === "dynamic") return left;
    if (right.kind === "dynamic") return right;
    if (op === ts.SyntaxKind.PlusToken && (left.kind === "string" || right.kind === "string")) {
      if ((left.kind === "string" || left.kind === "number") && (right.kind === "string" || right.kind === "number")) {
        return { kind: "string", value: String(left.value) + String(right.value), ...combineSources([left, right]) };
      }
    }
    if (left.kind === "number" && right.kind === "number") {
      const value = op === ts.SyntaxKind.PlusToken ? left.value + right.value : arithmetic!(left.value, right.value);
      return { kind: "number", value, ...combineSources([left, right]) };
    }
    return dynamic(`expression \`${describe(node)}\``);
  }

  /**
   * `c ? a : b` (and `c && a`): the same value on both branches is that value; two objects (a
   * conditional spread) merge, keys whose value depends on the condition being dynamic and the others
   * known, so a spread like `...(cached ? { system } : {})` does not hide the rest of the request.
   */
  private conditional(node: ts.Expression, a: Value, b: Value): Value {
    const condition = ts.isConditionalExpression(node) ? node.condition : ts.isBinaryExpression(node) ? node.left : node;
    if (sameValue(a, b)) return a;
    const objects = [a, b].map((v) => (v.kind === "nullish" ? emptyObject() : v));
    if (objects.every((v): v is ObjectValue => v.kind === "object")) {
      const [x, y] = objects as [ObjectValue, ObjectValue];
      const entries: ObjectValue["entries"] = new Map();
      for (const key of new Set([...x.entries.keys(), ...y.entries.keys()])) {
        const left = x.entries.get(key)?.value;
        const right = y.entries.get(key)?.value;
        const value = left && right && sameValue(left, right) ? left : dynamic(`\`${key}\` depends on \`${describe(condition)}\``);
        entries.set(key, { value, spreadsBefore: 0 });
      }
      return { kind: "object", entries, unknownSpreads: [...x.unknownSpreads, ...y.unknownSpreads], source: "literal", names: [] };
    }
    return dynamic(`conditional expression \`${describe(node)}\``);
  }

  /** `a ?? b` / `a || b`: an environment variable with a literal fallback becomes an env-default. */
  private fallback(node: ts.BinaryExpression, op: ts.SyntaxKind): Value {
    const left = this.evaluate(node.left);
    if (isStatic(left)) {
      const useRight = left.kind === "nullish" || (op === ts.SyntaxKind.BarBarToken && "value" in left && !left.value);
      return useRight ? this.evaluate(node.right) : left;
    }
    if (left.kind !== "dynamic") return left.kind === "sdk" || left.kind === "instance" || left.kind === "function" ? left : dynamic(`expression \`${describe(node)}\``);
    if (left.env === undefined) return left;
    const right = this.evaluate(node.right);
    if (right.kind === "string" || right.kind === "number" || right.kind === "boolean") return withVia({ ...right, source: "env-default", env: left.env }, left.via);
    return right.kind === "dynamic" ? dynamic(`${left.origin}, else ${right.origin}`, left.env) : left;
  }

  private identifier(node: ts.Identifier): Value {
    const name = node.text;
    if (name === "undefined") return { kind: "nullish", source: "literal", names: [] };
    const binding = this.scopes.lookup(name, node);
    if (!binding) {
      if (name === "__dirname") return { kind: "string", value: this.folder, source: "constant", names: [] };
      return dynamic(`\`${name}\` (not declared in this file)`);
    }
    return this.bound(binding);
  }

  private bound(binding: Binding): Value {
    const key = memoKey(binding);
    if (!key) return this.binding(binding);
    return this.declarations.get(key) ?? this.memo(key, () => this.binding(binding));
  }

  private memo(key: ts.Node, compute: () => Value): Value {
    // Mark in progress first so self-referencing declarations end as dynamic instead of looping.
    this.declarations.set(key, dynamic("a circular reference"));
    const value = compute();
    this.declarations.set(key, value);
    return value;
  }

  private binding(binding: Binding): Value {
    switch (binding.kind) {
      case "variable": {
        const { declaration, name } = binding;
        if (!binding.isConst && this.scopes.isReassigned(name)) return this.reassigned(binding);
        if (!declaration.initializer) return this.typed(declaration.type) ?? dynamic(`variable \`${name}\` (no initializer)`);
        const whole = this.evaluate(declaration.initializer);
        const value = binding.element ? this.destructure(whole, binding.element, declaration) : whole;
        return throughDeclaration(value, name);
      }
      case "parameter":
        return this.parameter(binding.parameter, binding.name, binding.element);
      case "enum":
        return this.enumObject(binding.declaration);
      case "import":
        return this.imported(binding);
      case "function":
        return { kind: "function", node: binding.node, evaluator: this };
      case "class":
        return { kind: "class", node: binding.node, evaluator: this };
      case "other":
        return dynamic(`${binding.what} \`${binding.name}\``);
    }
  }

  /**
   * A `let` assigned elsewhere: a client cache (`let client; … client ??= new X()`) holds one kind of
   * object whatever the assignment, so when every value it is given is that object or nothing, it is
   * that object. Any other disagreement is dynamic.
   */
  private reassigned(binding: Extract<Binding, { kind: "variable" }>): Value {
    const { declaration, name } = binding;
    const reassignedDynamic = dynamic(`variable \`${name}\`, which is reassigned`);
    if (binding.element) return reassignedDynamic;
    const values: Value[] = [declaration.initializer ? this.evaluate(declaration.initializer) : (this.typed(declaration.type) ?? { kind: "nullish", source: "literal", names: [] })];
    for (const assigned of this.scopes.assignmentsTo(name)) {
      if (!assigned) return reassignedDynamic;
      values.push(this.evaluate(assigned));
    }
    const agreed = agree(values);
    return agreed && !isStatic(agreed) ? agreed : reassignedDynamic;
  }

  private parameter(parameter: ts.ParameterDeclaration, name: string, element?: ts.BindingElement): Value {
    const fn = parameter.parent as FunctionNode;
    const frame = this.frames.findLast((f) => f.fn === fn);
    const initializer = element ? element.initializer : parameter.initializer;
    if (frame?.probe) return dynamic(PROBED);
    if (frame) {
      const bound = this.argument(frame, parameter);
      if (bound !== undefined) {
        const value = element ? this.destructure(bound, element, parameter) : bound;
        if (value.kind !== "nullish" || !initializer) return throughDeclaration(value, name, `argument \`${name}\` of \`${declaredName(fn) ?? "a function"}\``);
      }
      if (initializer) return throughDeclaration(this.evaluate(initializer), name, `default of parameter \`${name}\``);
      return { kind: "nullish", source: "literal", names: [] };
    }
    if (this.tracking) this.readParameters.add(fn);
    if (initializer) return throughDeclaration(this.evaluate(initializer), name, `default of parameter \`${name}\``);
    const typed = element ? undefined : this.typed(parameter.type);
    if (typed) return typed;
    const owner = declaredName(fn);
    return dynamic(`parameter \`${name}\` of ${owner === undefined ? "an anonymous function" : `\`${owner}\``}`);
  }

  /** The argument a frame passes for a parameter (the whole object for a destructured one); undefined when not passed. */
  private argument(frame: Frame, parameter: ts.ParameterDeclaration): Value | undefined {
    const index = frame.fn.parameters.indexOf(parameter);
    const spread = frame.args.findIndex((arg) => ts.isSpreadElement(arg));
    if (spread !== -1 && spread <= index) return dynamic(`arguments spread at \`${describe(frame.args[spread]!)}\``);
    if (parameter.dotDotDotToken) return dynamic(`rest parameter \`${parameter.name.getText()}\``);
    const arg = frame.args[index];
    return arg === undefined ? undefined : frame.caller.evaluate(arg);
  }

  /**
   * What a declared type says about a value nothing assigns in sight: a library class (`client:
   * BedrockRuntimeClient`, injected by a framework or passed in) is an instance of it; a repository class
   * is an instance without known constructor arguments.
   */
  private typed(type: ts.TypeNode | undefined): Value | undefined {
    if (!type) return undefined;
    if (ts.isUnionTypeNode(type)) {
      const members = type.types.filter((t) => !(ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword) && t.kind !== ts.SyntaxKind.UndefinedKeyword);
      return members.length === 1 ? this.typed(members[0]) : undefined;
    }
    if (!ts.isTypeReferenceNode(type)) return undefined;
    const names: string[] = [];
    let root: ts.EntityName = type.typeName;
    while (ts.isQualifiedName(root)) {
      names.unshift(root.right.text);
      root = root.left;
    }
    const binding = this.scopes.lookup(root.text, type);
    let value: Value | undefined;
    if (binding?.kind === "import") value = this.imported(binding);
    else if (binding?.kind === "class") value = { kind: "class", node: binding.node, evaluator: this };
    if (!value) return undefined;
    for (const name of names) value = this.member(value, name);
    if (value.kind === "sdk") return { ...value, steps: [...value.steps, { kind: "new" }], throughDeclaration: true };
    if (value.kind === "class") return withVia({ kind: "instance", node: value.node, evaluator: value.evaluator }, value.via);
    return undefined;
  }

  /** Follows a destructuring element (`const { a: { b = 1 } } = X`) from the value of the whole initializer. */
  private destructure(whole: Value, element: ts.BindingElement, root: ts.Node): Value {
    const chain: ts.BindingElement[] = [];
    for (let current: ts.Node = element; current !== root; current = current.parent.parent) {
      if (!ts.isBindingElement(current)) break;
      chain.unshift(current);
    }
    let value = whole;
    for (const step of chain) {
      if (step.dotDotDotToken) return dynamic("the rest of a destructuring pattern");
      const pattern = step.parent;
      const key = ts.isArrayBindingPattern(pattern)
        ? String(pattern.elements.indexOf(step))
        : propertyNameText(step.propertyName ?? (step.name as ts.Identifier));
      if (key === undefined) return dynamic("a computed destructuring key");
      value = this.member(value, key);
      if (value.kind === "nullish" && step.initializer) value = this.evaluate(step.initializer);
    }
    return value;
  }

  private enumObject(declaration: ts.EnumDeclaration): Value {
    const entries: ObjectValue["entries"] = new Map();
    for (const member of declaration.members) {
      const key = propertyNameText(member.name);
      if (key === undefined) continue;
      const value = member.initializer ? this.evaluate(member.initializer) : dynamic(`auto-numbered enum member \`${key}\``);
      entries.set(key, { value: throughDeclaration(value, `${declaration.name.text}.${key}`), spreadsBefore: 0 });
    }
    return { kind: "object", entries, unknownSpreads: [], source: "constant", names: [declaration.name.text] };
  }

  /** An import: a module of the repository is evaluated there (through barrels); a library is an SDK reference. */
  private imported(binding: Extract<Binding, { kind: "import" }>): Value {
    const repoValue = this.program?.importValue(this.path, binding.module, binding.imported);
    if (repoValue) return throughDeclaration(repoValue, binding.imported === "*" ? binding.name : binding.imported);
    if (binding.module.startsWith(".") || binding.module.startsWith("/")) {
      return dynamic(`\`${binding.imported === "*" ? binding.name : binding.imported}\` imported from "${binding.module}"`);
    }
    return { kind: "sdk", module: binding.module, steps: binding.imported === "*" ? [] : [{ kind: "get", name: binding.imported }] };
  }

  private propertyAccess(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, key: string): Value {
    const target = node.expression;
    if (isProcessEnv(target)) return dynamic(`environment variable ${key}`, key);
    if (target.kind === ts.SyntaxKind.ThisKeyword) return this.thisMember(node, key);
    return this.member(this.evaluate(target), key, target);
  }

  /** `this` inside the current frame's method, when a caller said what object it was called on. */
  private self(cls: ts.ClassLikeDeclaration): InstanceValue | undefined {
    for (const frame of [...this.frames].reverse()) {
      if (frame.self?.kind === "instance" && frame.self.node === cls) return frame.self;
    }
    return undefined;
  }

  /** `this.key`, through the class's field initialiser, its constructor, or its methods and getters. */
  private thisMember(node: ts.Node, key: string): Value {
    const cls = enclosingClass(node);
    if (!cls) return dynamic(`\`this.${key}\` outside a class`);
    return this.memberOf(cls, key, this.self(cls));
  }

  /** A member of an instance of a repository class (`service.client`, `service.chat`). */
  instanceMember(instance: InstanceValue, key: string): Value {
    return this.memberOf(instance.node, key, instance);
  }

  private memberOf(cls: ts.ClassLikeDeclaration, key: string, self: InstanceValue | undefined): Value {
    const name = `this.${key}`;
    const assignments = this.assignmentsIn(cls).get(key) ?? [];
    const ctor = cls.members.find(ts.isConstructorDeclaration);
    // The constructor's parameters are the `new` call's arguments, when the instance says what they were.
    const inCtor = self?.construct && ctor ? this.withFrame({ fn: ctor, args: self.construct.args, caller: self.construct.caller, self }) : this;
    for (const member of cls.members) {
      if (ts.isMethodDeclaration(member) && propertyNameText(member.name) === key && member.body && !isStaticMember(member)) {
        return { kind: "function", node: member, evaluator: this, ...(self ? { self } : {}) };
      }
      if (ts.isGetAccessorDeclaration(member) && propertyNameText(member.name) === key && member.body && !isStaticMember(member)) {
        return this.callFunction({ kind: "function", node: member, evaluator: this, ...(self ? { self } : {}) }, [], this, member);
      }
      if (ts.isPropertyDeclaration(member) && propertyNameText(member.name) === key && !isStaticMember(member)) {
        const initializer = member.initializer;
        if (initializer) {
          if (assignments.length > 0) return this.lazyMember(name, [initializer, ...assignments.map((a) => a.right)], inCtor);
          return this.memo(member, () => throughDeclaration(inCtor.evaluate(initializer), name));
        }
        if (assignments.length === 0) return this.typed(member.type) ?? dynamic(`\`${name}\` (not set in the class)`);
      }
      if (ts.isConstructorDeclaration(member)) {
        const property = member.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === key && ts.getModifiers(p)?.length);
        if (property) return assignments.length > 0 ? dynamic(`\`${name}\`, which is reassigned`) : inCtor.parameter(property, key);
      }
    }
    const [only] = assignments;
    if (assignments.length === 0 || !only) return dynamic(`\`${name}\` (not set in the class)`);
    const setter = enclosingFunction(only);
    if (assignments.length === 1 && setter && ts.isConstructorDeclaration(setter)) {
      return this.memo(only, () => throughDeclaration(inCtor.evaluate(only.right), name));
    }
    return this.lazyMember(name, assignments.map((a) => a.right), inCtor, assignments.length > 1 ? "assigned in several places" : "assigned outside the constructor");
  }

  /** A field given its value in several places: a lazily made client (`this.client ??= new X()`) when they agree on one object. */
  private lazyMember(name: string, values: ts.Expression[], evaluator: Evaluator, why = "which is reassigned"): Value {
    const agreed = agree(values.map((v) => evaluator.evaluate(v)));
    return agreed && !isStatic(agreed) ? throughDeclaration(agreed, name) : dynamic(`\`${name}\`, ${why}`);
  }

  /** `Class.key`: a static field or method. */
  staticMember(cls: ClassValue, key: string): Value {
    for (const member of cls.node.members) {
      if (!isStaticMember(member) || !member.name || propertyNameText(member.name) !== key) continue;
      if (ts.isPropertyDeclaration(member)) {
        const initializer = member.initializer;
        return initializer ? this.memo(member, () => throughDeclaration(this.evaluate(initializer), `${cls.node.name?.text ?? "class"}.${key}`)) : dynamic(`static \`${key}\` (not set)`);
      }
      if (ts.isMethodDeclaration(member) && member.body) return { kind: "function", node: member, evaluator: this, self: cls };
    }
    return dynamic(`\`${cls.node.name?.text ?? "class"}.${key}\` (not a static member)`);
  }

  private assignmentsIn(cls: ts.ClassLikeDeclaration): Map<string, ts.BinaryExpression[]> {
    let found = this.classAssignments.get(cls);
    if (found) return found;
    const map = new Map<string, ts.BinaryExpression[]>();
    const visit = (node: ts.Node): void => {
      if (node !== cls && ts.isClassLike(node)) return;
      if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
        const left = node.left;
        if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword) {
          map.set(left.name.text, [...(map.get(left.name.text) ?? []), node]);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(cls);
    found = map;
    this.classAssignments.set(cls, found);
    return found;
  }

  private object(node: ts.ObjectLiteralExpression): ObjectValue {
    const entries: ObjectValue["entries"] = new Map();
    const unknownSpreads: string[] = [];
    let via: DeclarationRef[] | undefined;
    const set = (key: string, value: Value): void => {
      entries.delete(key); // keep insertion order = last write order
      entries.set(key, { value, spreadsBefore: unknownSpreads.length });
      via = mergeVia(via, value.via);
    };
    for (const property of node.properties) {
      if (ts.isSpreadAssignment(property)) {
        const spread = this.evaluate(property.expression);
        if (spread.kind === "object") {
          unknownSpreads.push(...spread.unknownSpreads);
          for (const [key, entry] of spread.entries) set(key, inheritDeclaration(entry.value, spread));
        } else if (spread.kind !== "nullish") {
          unknownSpreads.push(`spread of \`${describe(property.expression)}\``);
          via = mergeVia(via, spread.via);
        }
        continue;
      }
      const key = property.name ? this.propertyKey(property.name) : undefined;
      if (key === undefined) {
        unknownSpreads.push(`computed key \`${describe(property.name ?? property)}\``);
        continue;
      }
      if (ts.isPropertyAssignment(property)) set(key, this.evaluate(property.initializer));
      else if (ts.isShorthandPropertyAssignment(property)) set(key, this.evaluate(property.name));
      else if (ts.isMethodDeclaration(property) && property.body) set(key, { kind: "function", node: property, evaluator: this });
      else set(key, dynamic(`method \`${key}\``));
    }
    return { kind: "object", entries, unknownSpreads, source: "literal", names: [], ...(via ? { via } : {}) };
  }

  private propertyKey(name: ts.PropertyName): string | undefined {
    const text = propertyNameText(name);
    if (text !== undefined || !ts.isComputedPropertyName(name)) return text;
    const key = this.evaluate(name.expression);
    return key.kind === "string" || key.kind === "number" ? String(key.value) : undefined;
  }

  private array(node: ts.ArrayLiteralExpression): ArrayValue {
    const items: Value[] = [];
    const unknownParts: string[] = [];
    let via: DeclarationRef[] | undefined;
    for (const element of node.elements) {
      if (ts.isSpreadElement(element)) {
        const spread = this.evaluate(element.expression);
        via = mergeVia(via, spread.via);
        if (spread.kind === "array") {
          items.push(...spread.items);
          unknownParts.push(...spread.unknownParts);
        } else {
          unknownParts.push(`spread of \`${describe(element.expression)}\``);
        }
      } else if (!ts.isOmittedExpression(element)) {
        const item = this.evaluate(element);
        via = mergeVia(via, item.via);
        items.push(item);
      }
    }
    return { kind: "array", items, unknownParts, source: "literal", names: [], ...(via ? { via } : {}) };
  }

  private construct(node: ts.NewExpression): Value {
    const callee = this.evaluate(node.expression);
    if (callee.kind === "sdk") return { ...callee, steps: [...callee.steps, { kind: "new", node, evaluator: this }] };
    if (callee.kind === "class") {
      return withVia({ kind: "instance", node: callee.node, evaluator: callee.evaluator, construct: { args: node.arguments ?? [], caller: this } }, callee.via);
    }
    return dynamic(`\`${describe(node)}\``);
  }

  private call(node: ts.CallExpression): Value {
    const callee = node.expression;
    const [first] = node.arguments;
    if (ts.isIdentifier(callee) && callee.text === "require" && first && ts.isStringLiteralLike(first) && !this.scopes.lookup("require", node)) {
      return this.program?.importValue(this.path, first.text, "*") ?? { kind: "sdk", module: first.text, steps: [] };
    }
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      const target = callee.expression;
      if (isGlobal(this, target, "JSON") && method === "stringify" && first) return { kind: "json", value: this.evaluate(first) };
      // Encoding a body to bytes keeps its content: Buffer.from(s) and new TextEncoder().encode(s).
      if (first && ((isGlobal(this, target, "Buffer") && method === "from") || (method === "encode" && ts.isNewExpression(target) && isGlobal(this, target.expression, "TextEncoder")))) {
        return this.evaluate(first);
      }
      // Long static prompts are often built as "…".repeat(n) or "…".concat(…); both stay static.
      if (method === "repeat" && node.arguments.length === 1) {
        const receiver = this.evaluate(target);
        const count = this.evaluate(first!);
        if (receiver.kind === "string" && count.kind === "number" && Number.isInteger(count.value) && count.value >= 0 && count.value <= 100_000) {
          return { ...receiver, ...combineSources([receiver, count]), value: receiver.value.repeat(count.value) };
        }
      }
      const transform = STRING_METHODS.get(method);
      if (transform && node.arguments.length === 0) {
        const receiver = this.evaluate(target);
        if (receiver.kind === "string") return { ...receiver, value: transform(receiver.value) };
        if (receiver.kind === "dynamic") return receiver;
      }
    }
    const fn = this.evaluate(callee);
    if (fn.kind === "function") return this.callFunction(fn, node.arguments, this, node);
    if (fn.kind !== "sdk") return withVia(dynamic(`the result of \`${describe(callee)}(…)\``), fn.via);
    const library = builtinCall(fn.module, fn.steps, node, this);
    // The call's result is made here, even when the function came through a declaration (an imported provider).
    return library ?? { ...fn, steps: [...fn.steps, { kind: "call", node, evaluator: this }], throughDeclaration: false };
  }

  /**
   * Calls a repository function: what it returns, with its parameters bound to `args` (evaluated by
   * `caller`). Several returns that agree (a cache and the object it caches) are that value.
   */
  callFunction(fn: FunctionValue, args: readonly ts.Expression[], caller: Evaluator, at: ts.Node): Value {
    const name = declaredName(fn.node) ?? "an anonymous function";
    if (fn.evaluator.frames.length >= MAX_FRAMES || fn.evaluator.frames.filter((f) => f.fn === fn.node).length >= 2) {
      return dynamic(`the result of \`${name}(…)\` (calls nested too deep to follow)`);
    }
    if (this.program && !this.program.spendCall()) return dynamic(`the result of \`${name}(…)\` (too many calls to follow)`);
    const inner = fn.evaluator.withFrame({ fn: fn.node, args, caller, ...(fn.self ? { self: fn.self } : {}) });
    const returned = inner.returnValue(fn.node);
    const value = returned ?? dynamic(`the result of \`${describe(at)}\``);
    return withVia(value, fn.via);
  }

  /** What a function body returns; undefined when it returns different things. */
  private returnValue(fn: FunctionNode): Value | undefined {
    const body = fn.body;
    if (!body) return undefined;
    if (!ts.isBlock(body)) return this.evaluate(body);
    const values: Value[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
      if (ts.isReturnStatement(node)) values.push(node.expression ? this.evaluate(node.expression) : { kind: "nullish", source: "literal", names: [] });
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(body, visit);
    if (values.length === 0) return { kind: "nullish", source: "literal", names: [] };
    return agree(values);
  }
}

const ARITHMETIC: Partial<Record<ts.SyntaxKind, (a: number, b: number) => number>> = {
  [ts.SyntaxKind.MinusToken]: (a, b) => a - b,
  [ts.SyntaxKind.AsteriskToken]: (a, b) => a * b,
  [ts.SyntaxKind.SlashToken]: (a, b) => a / b,
};

function emptyObject(): ObjectValue {
  return { kind: "object", entries: new Map(), unknownSpreads: [], source: "literal", names: [] };
}

/**
 * One value for several that should be the same thing: all equal, or all one object where the rest
 * are nothing (a cache before and after it is filled). Undefined when they differ.
 */
function agree(values: Value[]): Value | undefined {
  const something = values.filter((v) => v.kind !== "nullish");
  if (something.length === 0) return values[0];
  const [first] = something;
  if (!first || first.kind === "dynamic") return first;
  if (something.every((v) => sameValue(v, first))) return withVia(first, mergeVia(...something.map((v) => v.via)));
  // A dynamic part (`cached ?? make()`) with the made object: the object.
  const objects = something.filter((v) => v.kind !== "dynamic");
  return objects.length > 0 && objects.every((v) => sameValue(v, objects[0]!)) && !isStatic(objects[0]!) ? objects[0] : undefined;
}

/** Whether two values are the same for cost: equal static data, or the same SDK object, function, class or instance. */
export function sameValue(a: Value, b: Value): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "string":
    case "number":
    case "boolean":
      return a.value === (b as typeof a).value;
    case "nullish":
      return true;
    case "sdk": {
      const other = b as typeof a;
      return a.module === other.module && a.steps.length === other.steps.length && a.steps.every((s, i) => s.kind === other.steps[i]!.kind && (s.kind !== "get" || s.name === (other.steps[i] as typeof s).name));
    }
    case "function":
    case "class":
    case "instance":
      return a.node === (b as typeof a).node;
    case "module":
      return a.path === (b as typeof a).path;
    case "object": {
      const other = b as typeof a;
      if (a.unknownSpreads.length || other.unknownSpreads.length || a.entries.size !== other.entries.size) return false;
      return [...a.entries].every(([key, entry]) => {
        const match = other.entries.get(key);
        return match !== undefined && sameValue(entry.value, match.value);
      });
    }
    case "array": {
      const other = b as typeof a;
      return !a.unknownParts.length && !other.unknownParts.length && a.items.length === other.items.length && a.items.every((item, i) => sameValue(item, other.items[i]!));
    }
    default:
      return false;
  }
}

/** The declaration node a binding's value is cached under; imports and the like are cheap and not cached. */
function memoKey(binding: Binding): ts.Node | undefined {
  if (binding.kind === "variable") return binding.element ?? binding.declaration;
  if (binding.kind === "parameter") return binding.element ?? binding.parameter;
  if (binding.kind === "enum") return binding.declaration;
  return undefined;
}

/** The statement that declares a binding, for the line and text of a cross-file ref. */
function declarationNode(binding: Binding): ts.Node | undefined {
  switch (binding.kind) {
    case "variable":
      return binding.declaration.parent?.parent ?? binding.declaration;
    case "parameter":
      return binding.parameter;
    case "enum":
    case "function":
    case "class":
      return binding.kind === "enum" ? binding.declaration : binding.node;
    default:
      return undefined;
  }
}

function isStaticMember(member: ts.ClassElement): boolean {
  return hasModifier(member, ts.SyntaxKind.StaticKeyword);
}

function addBindingNames(name: ts.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) into.add(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBindingNames(element.name, into);
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

function isModuleExports(node: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(node) && node.name.text === "exports" && ts.isIdentifier(node.expression) && node.expression.text === "module";
}

function isProcessEnv(node: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(node) && node.name.text === "env" && ts.isIdentifier(node.expression) && node.expression.text === "process";
}

/** An identifier naming a global (`JSON`, `Buffer`) that the file does not shadow. */
function isGlobal(evaluator: Evaluator, node: ts.Expression, name: string): boolean {
  return ts.isIdentifier(node) && node.text === name && !evaluator.scopes.lookup(name, node);
}

function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return current;
    // A plain function has its own `this`; arrow functions see the class's.
    if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) return undefined;
  }
  return undefined;
}

function enclosingFunction(node: ts.Node): ts.Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current) && !ts.isArrowFunction(current)) return current;
  }
  return undefined;
}

/** Source text of a node on one line, shortened for messages. */
export function describe(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, " ");
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
