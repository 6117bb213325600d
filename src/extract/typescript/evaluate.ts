import { posix } from "node:path";
import { ts } from "ts-morph";
import type { SiblingFiles } from "../types.js";
import type { ModuleResolver } from "./modules.js";
import { builtinCall } from "./node-builtins.js";
import { createScopeIndex, type Binding, type ScopeIndex } from "./scope.js";
import { declaredName, propertyNameText } from "./symbol.js";
import {
  combineSources,
  dynamic,
  getProperty,
  isStatic,
  throughDeclaration,
  type ArrayValue,
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

/**
 * Statically evaluates expressions of one file: literals, templates, concatenation, declarations found
 * through the lexical scopes, object and array literals, enums, class fields, default parameters and
 * `process.env` fallbacks. Anything else is dynamic with an origin in words — never guessed.
 * Bindings imported from packages evaluate to `sdk` references, so callers can recognise SDK objects
 * through variables, fields and destructuring with the same machinery.
 */
export class Evaluator {
  readonly scopes: ScopeIndex;
  private readonly declarations = new Map<ts.Node, Value>();
  private readonly classAssignments = new Map<ts.ClassLikeDeclaration, Map<string, ts.BinaryExpression[]>>();
  /** The file's folder as an absolute path with the repository root at "/". */
  readonly folder: string;

  constructor(
    readonly sourceFile: ts.SourceFile,
    readonly path: string,
    readonly siblings?: SiblingFiles,
    private readonly modules?: ModuleResolver,
  ) {
    this.scopes = createScopeIndex(sourceFile);
    this.folder = posix.dirname(posix.join("/", path));
  }

  evaluate(node: ts.Expression): Value {
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
    if (ts.isConditionalExpression(node)) return dynamic(`conditional expression \`${describe(node)}\``);
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
    if (ts.isNewExpression(node)) {
      const callee = this.evaluate(node.expression);
      if (callee.kind === "sdk") return { ...callee, steps: [...callee.steps, { kind: "new", node }] };
      return dynamic(`\`${describe(node)}\``);
    }
    return dynamic(`expression \`${describe(node)}\``);
  }

  /** Evaluates a node of this file or of a sibling file reached through an import. */
  evaluateAnywhere(node: ts.Expression): Value {
    const file = node.getSourceFile();
    const owner = file === this.sourceFile ? this : this.modules?.evaluatorOf(file);
    return owner ? owner.evaluate(node) : dynamic(`expression \`${describe(node)}\` in ${file.fileName}`);
  }

  /** What this file exports under `name` (`export const`, `export { a as name }`, `export default`). */
  exportedValue(name: string): Value {
    let local = name;
    for (const statement of this.sourceFile.statements) {
      if (name === "default" && ts.isExportAssignment(statement)) return this.evaluate(statement.expression);
      if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
      const element = statement.exportClause.elements.find((e) => e.name.text === name);
      if (element) local = element.propertyName?.getText() ?? local;
    }
    const binding = this.scopes.lookup(local, this.sourceFile);
    return binding ? this.bound(binding) : dynamic(`\`${name}\` (not found in ${this.path})`);
  }

  /** `value.key` with SDK references followed; absent keys of known objects read as undefined. */
  member(value: Value, key: string, node?: ts.Expression): Value {
    if (value.kind === "sdk") return { ...value, steps: [...value.steps, { kind: "get", name: key }] };
    if (value.kind === "dynamic") {
      const of = node ? `\`${describe(node)}\`` : value.origin;
      return dynamic(`property \`${key}\` of ${of}`, value.env);
    }
    if (value.kind === "array") {
      const index = Number(key);
      if (Number.isInteger(index) && value.unknownParts.length === 0) return value.items[index] ?? { kind: "nullish", source: value.source, names: value.names };
      return dynamic(`element ${key} of an array built at run time`);
    }
    if (value.kind !== "object" && value.kind !== "nullish") return dynamic(`property \`${key}\` of a ${value.kind}`);
    return getProperty(value, key) ?? { kind: "nullish", source: value.source, names: value.names };
  }

  private notStatic(node: ts.Expression, part: Value): Value {
    return part.kind === "dynamic" ? part : dynamic(`expression \`${describe(node)}\``);
  }

  private template(node: ts.TemplateExpression): Value {
    let text = node.head.text;
    const parts: StaticValue[] = [];
    for (const span of node.templateSpans) {
      const part = this.evaluate(span.expression);
      if (part.kind !== "string" && part.kind !== "number" && part.kind !== "boolean") return this.notStatic(span.expression, part);
      parts.push(part);
      text += String(part.value) + span.literal.text;
    }
    return { kind: "string", value: text, ...combineSources(parts) };
  }

  private binary(node: ts.BinaryExpression): Value {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) return this.fallback(node, op);
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

  /** `a ?? b` / `a || b`: an environment variable with a literal fallback becomes an env-default. */
  private fallback(node: ts.BinaryExpression, op: ts.SyntaxKind): Value {
    const left = this.evaluate(node.left);
    if (isStatic(left)) {
      const useRight = left.kind === "nullish" || (op === ts.SyntaxKind.BarBarToken && "value" in left && !left.value);
      return useRight ? this.evaluate(node.right) : left;
    }
    if (left.kind !== "dynamic") return dynamic(`expression \`${describe(node)}\``);
    if (left.env === undefined) return left;
    const right = this.evaluate(node.right);
    if (right.kind === "string" || right.kind === "number" || right.kind === "boolean") return { ...right, source: "env-default", env: left.env };
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
        if (!binding.isConst && this.scopes.isReassigned(name)) return dynamic(`variable \`${name}\`, which is reassigned`);
        if (!declaration.initializer) return dynamic(`variable \`${name}\` (no initializer)`);
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
      case "other":
        return dynamic(`${binding.what} \`${binding.name}\``);
    }
  }

  private parameter(parameter: ts.ParameterDeclaration, name: string, element?: ts.BindingElement): Value {
    const initializer = element ? element.initializer : parameter.initializer;
    if (initializer) return throughDeclaration(this.evaluate(initializer), name, `default of parameter \`${name}\``);
    const fn = declaredName(parameter.parent);
    return dynamic(`parameter \`${name}\` of ${fn === undefined ? "an anonymous function" : `\`${fn}\``}`);
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

  private imported(binding: Extract<Binding, { kind: "import" }>): Value {
    if (binding.module.startsWith(".")) {
      const imported = binding.imported === "*" ? undefined : this.modules?.importedValue(this.path, binding.module, binding.imported);
      if (imported) return throughDeclaration(imported, binding.imported);
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

  /** `this.key`, through the class's field initialiser or its single constructor assignment. */
  private thisMember(node: ts.Node, key: string): Value {
    const cls = enclosingClass(node);
    if (!cls) return dynamic(`\`this.${key}\` outside a class`);
    const name = `this.${key}`;
    const assignments = this.assignmentsIn(cls).get(key) ?? [];
    for (const member of cls.members) {
      if (ts.isPropertyDeclaration(member) && propertyNameText(member.name) === key && member.initializer) {
        if (assignments.length > 0) return dynamic(`\`${name}\`, which is reassigned`);
        const initializer = member.initializer;
        return this.memo(member, () => throughDeclaration(this.evaluate(initializer), name));
      }
      if (ts.isConstructorDeclaration(member)) {
        const property = member.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === key && ts.getModifiers(p)?.length);
        if (property) return assignments.length > 0 ? dynamic(`\`${name}\`, which is reassigned`) : this.parameter(property, key);
      }
    }
    const [only] = assignments;
    if (assignments.length !== 1 || !only) return dynamic(assignments.length ? `\`${name}\`, assigned in several places` : `\`${name}\` (not set in the class)`);
    const setter = enclosingFunction(only);
    if (!setter || !ts.isConstructorDeclaration(setter)) return dynamic(`\`${name}\`, assigned outside the constructor`);
    return this.memo(only, () => throughDeclaration(this.evaluate(only.right), name));
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
    const set = (key: string, value: Value): void => {
      entries.delete(key); // keep insertion order = last write order
      entries.set(key, { value, spreadsBefore: unknownSpreads.length });
    };
    for (const property of node.properties) {
      if (ts.isSpreadAssignment(property)) {
        const spread = this.evaluate(property.expression);
        if (spread.kind === "object") {
          unknownSpreads.push(...spread.unknownSpreads);
          for (const [key, entry] of spread.entries) set(key, entry.value);
        } else if (spread.kind !== "nullish") {
          unknownSpreads.push(`spread of \`${describe(property.expression)}\``);
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
      else set(key, dynamic(`method \`${key}\``));
    }
    return { kind: "object", entries, unknownSpreads, source: "literal", names: [] };
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
    for (const element of node.elements) {
      if (ts.isSpreadElement(element)) {
        const spread = this.evaluate(element.expression);
        if (spread.kind === "array") {
          items.push(...spread.items);
          unknownParts.push(...spread.unknownParts);
        } else {
          unknownParts.push(`spread of \`${describe(element.expression)}\``);
        }
      } else if (!ts.isOmittedExpression(element)) {
        items.push(this.evaluate(element));
      }
    }
    return { kind: "array", items, unknownParts, source: "literal", names: [] };
  }

  private call(node: ts.CallExpression): Value {
    const callee = node.expression;
    const [first] = node.arguments;
    if (ts.isIdentifier(callee) && callee.text === "require" && first && ts.isStringLiteralLike(first) && !this.scopes.lookup("require", node)) {
      return { kind: "sdk", module: first.text, steps: [] };
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
    if (fn.kind !== "sdk") return dynamic(`the result of \`${describe(callee)}(…)\``);
    const library = builtinCall(fn.module, fn.steps, node, this);
    return library ?? { ...fn, steps: [...fn.steps, { kind: "call", node }] };
  }
}

const ARITHMETIC: Partial<Record<ts.SyntaxKind, (a: number, b: number) => number>> = {
  [ts.SyntaxKind.MinusToken]: (a, b) => a - b,
  [ts.SyntaxKind.AsteriskToken]: (a, b) => a * b,
  [ts.SyntaxKind.SlashToken]: (a, b) => a / b,
};

/** The declaration node a binding's value is cached under; imports and the like are cheap and not cached. */
function memoKey(binding: Binding): ts.Node | undefined {
  if (binding.kind === "variable") return binding.element ?? binding.declaration;
  if (binding.kind === "parameter") return binding.element ?? binding.parameter;
  if (binding.kind === "enum") return binding.declaration;
  return undefined;
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
