import { posix } from "node:path";
import type { Node } from "web-tree-sitter";
import type { SiblingFiles } from "../types.js";
import type { SiblingModules } from "./modules.js";
import { type Binding, type Scopes, decorators, definitionParent } from "./scopes.js";
import { contentText, dedent, stringPrefix } from "./strings.js";
import {
  ABSENT, type ObjectValue, type PyValue, type Slot, asConstant, dynamic, present, quote, read, weakerProvenance,
} from "./values.js";

/** Builtins the evaluator understands; any other unbound name is unknown. */
const BUILTINS = new Set(["dict", "int", "str", "open"]);
const STRIP_METHODS = new Set(["strip", "lstrip", "rstrip"]);
const PASS_THROUGH_METHODS = new Set(["encode", "decode", "copy"]);

/**
 * Static evaluation of Python expressions within one file: literals, names bound once, class attributes,
 * parameter defaults, string building, env fallbacks, dicts and lists — and, given `modules`, constants
 * imported from the other Python files of the change. Whatever cannot be known becomes a `dynamic` value
 * that says what it depends on — never a guess.
 */
export class Evaluator {
  private readonly memo = new Map<number, PyValue>();
  private readonly inProgress = new Set<number>();

  constructor(
    private readonly scopes: Scopes,
    private readonly path: string,
    private readonly siblings?: SiblingFiles,
    /** Follows imports into the other Python files of the change; absent, imports stay references. */
    private readonly modules?: SiblingModules,
  ) {}

  evaluate(node: Node): PyValue {
    const cached = this.memo.get(node.id);
    if (cached) return cached;
    if (this.inProgress.has(node.id)) return dynamic(`${quote(node)} refers to itself`);
    this.inProgress.add(node.id);
    try {
      const value = this.compute(node);
      this.memo.set(node.id, value);
      return value;
    } finally {
      this.inProgress.delete(node.id);
    }
  }

  /** The arguments of a call as a dict keyed by keyword (positional ones by "#0", "#1", …); `**spread`s merged. */
  arguments(call: Node): PyValue {
    const args = call.childForFieldName("arguments");
    return args?.type === "argument_list" ? this.argumentDict(args) : dictOf(new Map());
  }

  private compute(node: Node): PyValue {
    switch (node.type) {
      case "string":
        return this.string(node);
      case "concatenated_string":
        return concat(node.namedChildren.map((part) => this.evaluate(part)), node);
      case "integer":
        return number(Number(node.text.replace(/_/g, "")), node);
      case "float":
        return number(Number(node.text.replace(/_/g, "")), node);
      case "true":
      case "false":
        return { kind: "bool", value: node.type === "true", source: "literal" };
      case "none":
        return { kind: "none" };
      case "parenthesized_expression":
      case "await":
      case "expression_statement":
        return node.namedChildren[0] ? this.evaluate(node.namedChildren[0]) : dynamic(quote(node));
      case "unary_operator":
        return this.unary(node);
      case "binary_operator":
        return this.binary(node);
      case "boolean_operator":
        return this.or(node);
      case "dictionary":
        return this.dictionary(node);
      case "list":
      case "tuple":
        return this.list(node);
      case "identifier":
        return this.name(node);
      case "attribute":
        return this.attribute(node);
      case "subscript":
        return this.subscript(node);
      case "call":
        return this.call(node);
      default:
        return dynamic(quote(node));
    }
  }

  private string(node: Node): PyValue {
    const prefix = stringPrefix(node);
    if (prefix.includes("b")) return dynamic(`bytes literal ${quote(node)}`);
    const raw = prefix.includes("r");
    const parts: PyValue[] = [];
    for (const child of node.namedChildren) {
      if (child.type === "string_content") parts.push({ kind: "str", value: contentText(child, raw), source: "literal" });
      else if (child.type === "escape_interpolation") parts.push({ kind: "str", value: child.text.slice(1), source: "literal" });
      else if (child.type === "interpolation") parts.push(this.interpolation(child));
    }
    return concat(parts, node);
  }

  private interpolation(node: Node): PyValue {
    if (node.childForFieldName("format_specifier") || node.childForFieldName("type_conversion")) {
      return dynamic(`formatted ${quote(node)}`);
    }
    const expression = node.childForFieldName("expression");
    const value = expression ? this.evaluate(expression) : dynamic(quote(node));
    if (value.kind === "num") return { ...value, kind: "str", value: String(value.value) };
    return value;
  }

  private unary(node: Node): PyValue {
    const argument = node.childForFieldName("argument");
    const operand = argument ? this.evaluate(argument) : dynamic(quote(node));
    const operator = node.childForFieldName("operator")?.text;
    if (operand.kind === "num" && (operator === "-" || operator === "+")) {
      return { ...operand, value: operator === "-" ? -operand.value : operand.value };
    }
    return operand.kind === "dynamic" ? operand : dynamic(quote(node));
  }

  private binary(node: Node): PyValue {
    const left = this.evaluate(node.childForFieldName("left")!);
    const right = this.evaluate(node.childForFieldName("right")!);
    if (node.childForFieldName("operator")?.text !== "+") return firstDynamic(left, right) ?? dynamic(quote(node));
    if (left.kind === "num" && right.kind === "num") {
      return { kind: "num", value: left.value + right.value, ...weakerProvenance(left, right) };
    }
    return concat([left, right], node);
  }

  /** `a or b`: `os.environ.get("X") or "lit"` is an env default; a non-empty static left side wins. */
  private or(node: Node): PyValue {
    const left = this.evaluate(node.childForFieldName("left")!);
    if (node.childForFieldName("operator")?.text !== "or") return dynamic(quote(node));
    if (isStatic(left)) return truthy(left) ? left : this.evaluate(node.childForFieldName("right")!);
    const right = this.evaluate(node.childForFieldName("right")!);
    if (left.kind === "dynamic" && left.env !== undefined && (right.kind === "str" || right.kind === "num")) {
      return { ...right, source: "env-default", env: left.env };
    }
    return left.kind === "dynamic" ? left : dynamic(quote(node));
  }

  private dictionary(node: Node): PyValue {
    const entries = new Map<string, PyValue>();
    let unknownKeys: string | undefined;
    for (const child of node.namedChildren) {
      if (child.type === "pair") {
        const key = this.evaluate(child.childForFieldName("key")!);
        if (key.kind === "str") entries.set(key.value, this.evaluate(child.childForFieldName("value")!));
        else unknownKeys ??= `key ${quote(child.childForFieldName("key")!)}`;
      } else if (child.type === "dictionary_splat") {
        unknownKeys = spread(entries, this.evaluate(child.namedChildren[0]!), child) ?? unknownKeys;
      } else if (child.type !== "comment") {
        unknownKeys ??= quote(child);
      }
    }
    return dictOf(entries, unknownKeys);
  }

  private list(node: Node): PyValue {
    const items: PyValue[] = [];
    let unknownItems: string | undefined;
    for (const child of node.namedChildren) {
      if (child.type === "comment") continue;
      if (child.type !== "list_splat") {
        items.push(this.evaluate(child));
        continue;
      }
      const inner = this.evaluate(child.namedChildren[0]!);
      if (inner.kind === "list") {
        items.push(...inner.items);
        unknownItems ??= inner.unknownItems;
      } else unknownItems ??= inner.kind === "dynamic" ? inner.origin : quote(child);
    }
    return { kind: "list", items, source: "literal", ...(unknownItems !== undefined && { unknownItems }) };
  }

  private name(node: Node): PyValue {
    const name = node.text;
    const bindings = this.scopes.lookup(name, node);
    if (!bindings) {
      return BUILTINS.has(name) ? { kind: "ref", path: `builtins.${name}` } : dynamic(`\`${name}\` is not defined in this file`);
    }
    const [first] = bindings;
    if (bindings.length === 1 && first) return this.binding(first, name);
    if (bindings.every((b) => b.kind === "import" && first?.kind === "import" && b.path === first.path)) {
      return this.binding(first!, name);
    }
    return dynamic(`\`${name}\` is assigned more than once`);
  }

  /** What a name bound as `binding` evaluates to (also used for a module's names imported elsewhere). */
  bindingValue(binding: Binding, name: string): PyValue {
    return this.binding(binding, name);
  }

  private binding(binding: Binding, name: string): PyValue {
    switch (binding.kind) {
      case "value":
        return asConstant(this.evaluate(binding.node), { name });
      case "import":
        return this.imported(binding.path);
      case "class":
        return { kind: "class", node: binding.node };
      case "function":
        return dynamic(`function \`${name}\``);
      case "opaque":
        return dynamic(binding.why);
      case "param":
        return this.parameter(binding);
    }
  }

  /** An import path: a constant of a sibling module when it names one, else a reference. */
  private imported(path: string): PyValue {
    return this.modules?.resolve(this.path, path) ?? { kind: "ref", path };
  }

  private parameter(param: Extract<Binding, { kind: "param" }>): PyValue {
    const owner = definitionParent(param.fn);
    const isMethod = owner?.type === "class_definition" && !decorators(param.fn).includes("staticmethod");
    if (isMethod && param.index === 0) return { kind: "class", node: owner };
    if (!param.default) return dynamic(`parameter \`${param.name}\``);
    const value = this.evaluate(param.default);
    if (value.kind === "dynamic" || value.kind === "none") {
      return dynamic(`parameter \`${param.name}\``);
    }
    return asConstant(value, { origin: `default of parameter \`${param.name}\`` });
  }

  private attribute(node: Node): PyValue {
    const object = this.evaluate(node.childForFieldName("object")!);
    const attribute = node.childForFieldName("attribute")!.text;
    switch (object.kind) {
      case "ref":
        if (!object.receiver) return this.imported(`${object.path}.${attribute}`);
        return { kind: "ref", path: `${object.path}.${attribute}`, receiver: object.receiver };
      case "object":
        return { kind: "ref", path: `${object.type}.${attribute}`, receiver: object };
      case "class":
        return this.member(object.node, attribute, node);
      case "dynamic":
        return dynamic(quote(node), object.env);
      default:
        return dynamic(quote(node));
    }
  }

  private member(cls: Node, member: string, at: Node): PyValue {
    const bindings = this.scopes.member(cls, member);
    if (bindings.length === 1) return this.binding(bindings[0]!, member);
    const className = cls.childForFieldName("name")?.text ?? "?";
    if (bindings.length === 0) return dynamic(`${quote(at)} is not assigned in class \`${className}\``);
    return dynamic(`${quote(at)} is assigned more than once in class \`${className}\``);
  }

  private subscript(node: Node): PyValue {
    const object = this.evaluate(node.childForFieldName("value")!);
    const index = this.evaluate(node.childForFieldName("subscript")!);
    if (object.kind === "ref" && object.path === "os.environ" && index.kind === "str") {
      return dynamic(`environment variable \`${index.value}\``, index.value);
    }
    if (object.kind === "dict" && index.kind === "str") return slotValue(read(present(object), index.value), node);
    if (object.kind === "list" && index.kind === "num" && !object.unknownItems) {
      const item = object.items.at(index.value);
      if (item) return item;
    }
    return firstDynamic(object, index) ?? dynamic(quote(node));
  }

  private call(node: Node): PyValue {
    const callee = this.evaluate(node.childForFieldName("function")!);
    const args = this.arguments(node);
    if (callee.kind === "ref") return this.callRef(callee, args, node);
    const fn = node.childForFieldName("function")!;
    if (fn.type === "attribute") {
      const receiver = this.evaluate(fn.childForFieldName("object")!);
      const method = fn.childForFieldName("attribute")!.text;
      const result = callMethod(receiver, method, args);
      if (result) return result;
    }
    return dynamic(`result of ${quote(node)}`);
  }

  private callRef(callee: Extract<PyValue, { kind: "ref" }>, args: PyValue, node: Node): PyValue {
    const arg = (position: number, keyword?: string): Slot => {
      const byKeyword = keyword ? read(present(args), keyword) : ABSENT;
      return byKeyword.state === "absent" ? read(present(args), `#${position}`) : byKeyword;
    };
    switch (callee.path) {
      case "os.environ.get":
      case "os.getenv":
        return envLookup(arg(0, "key"), arg(1, "default"), node);
      case "json.dumps":
      case "builtins.str":
        return slotValue(arg(0, "obj"), node);
      case "builtins.int": {
        const value = slotValue(arg(0), node);
        if (value.kind === "str" && /^\s*[+-]?\d+\s*$/.test(value.value)) return { ...value, kind: "num", value: Number(value.value) };
        return value.kind === "num" || value.kind === "dynamic" ? value : dynamic(`result of ${quote(node)}`);
      }
      case "builtins.dict": {
        const mapping = arg(0);
        return keywordsOnly(args, mapping.state === "absent" ? dictOf(new Map()) : slotValue(mapping, node));
      }
      case "textwrap.dedent": {
        const value = slotValue(arg(0, "text"), node);
        return value.kind === "str" ? { ...value, value: dedent(value.value) } : value;
      }
      case "builtins.open.read":
      case "pathlib.Path.read_text":
        return this.fileRead(callee.receiver, node);
    }
    // Strands' content blocks are TypedDicts: calling one builds a plain dict.
    if (callee.path.startsWith("strands.types.")) return keywordsOnly(args, dictOf(new Map()));
    if (/^langchain_aws\..*ChatBedrockConverse\.create_cache_point$/.test(callee.path)) {
      return dictOf(new Map([["cachePoint", dictOf(new Map([["type", { kind: "str", value: "default", source: "literal" }]]))]]));
    }
    return { kind: "object", type: callee.path, call: node };
  }

  private fileRead(receiver: ObjectValue | undefined, node: Node): PyValue {
    const pathArg = receiver ? read(present(this.arguments(receiver.call)), "#0") : ABSENT;
    const path = pathArg.state === "present" ? pathArg.value : null;
    if (path?.kind !== "str") return dynamic(`file read by ${quote(node)}`);
    const text = this.siblingText(path.value);
    return { kind: "file", path: path.value, ...(text !== undefined && { text }) };
  }

  /** A prompt file path is relative to the process's working directory: try the file's folder, then the root. */
  private siblingText(path: string): string | undefined {
    if (!this.siblings) return undefined;
    const nearby = posix.normalize(posix.join(posix.dirname(this.path), path));
    return this.siblings.get(nearby) ?? this.siblings.get(posix.normalize(path));
  }

  private argumentDict(args: Node): PyValue {
    const entries = new Map<string, PyValue>();
    let unknownKeys: string | undefined;
    let position = 0;
    for (const child of args.namedChildren) {
      if (child.type === "keyword_argument") {
        entries.set(child.childForFieldName("name")!.text, this.evaluate(child.childForFieldName("value")!));
      } else if (child.type === "dictionary_splat") {
        unknownKeys = spread(entries, this.evaluate(child.namedChildren[0]!), child) ?? unknownKeys;
      } else if (child.type === "list_splat") {
        unknownKeys ??= `positional arguments ${quote(child)}`;
      } else if (child.type !== "comment") {
        entries.set(`#${position++}`, this.evaluate(child));
      }
    }
    return dictOf(entries, unknownKeys);
  }
}

function dictOf(entries: Map<string, PyValue>, unknownKeys?: string): PyValue {
  return { kind: "dict", entries, source: "literal", ...(unknownKeys !== undefined && { unknownKeys }) };
}

/** Merges a `**value` spread into `entries`; returns why further keys may exist, if they may. */
function spread(entries: Map<string, PyValue>, value: PyValue, at: Node): string | undefined {
  if (value.kind !== "dict") return value.kind === "dynamic" ? value.origin : quote(at);
  for (const [key, entry] of value.entries) {
    const slot = read(present(value), key);
    entries.set(key, slot.state === "present" ? slot.value : entry);
  }
  return value.unknownKeys;
}

/** `dict(x, a=1)` / `TypedDict(a=1)`: keyword arguments over an optional positional mapping. */
function keywordsOnly(args: PyValue, base: PyValue): PyValue {
  if (args.kind !== "dict") return args;
  const entries = new Map<string, PyValue>();
  let unknownKeys = args.unknownKeys;
  if (base.kind === "dict") {
    for (const [key, value] of base.entries) entries.set(key, value);
    unknownKeys ??= base.unknownKeys;
  } else if (base.kind === "dynamic") unknownKeys ??= base.origin;
  for (const [key, value] of args.entries) if (!key.startsWith("#")) entries.set(key, value);
  return dictOf(entries, unknownKeys);
}

function envLookup(name: Slot, fallback: Slot, node: Node): PyValue {
  if (name.state !== "present" || name.value.kind !== "str") return dynamic(`environment variable named by ${quote(node)}`);
  const env = name.value.value;
  if (fallback.state === "present") {
    const value = fallback.value;
    if (value.kind === "str" || value.kind === "num") return { ...value, source: "env-default", env };
  }
  if (fallback.state === "unknown" || (fallback.state === "present" && fallback.value.kind !== "none")) {
    return dynamic(`environment variable \`${env}\` (fallback ${fallback.state === "present" ? "not static" : "unknown"})`, env);
  }
  return dynamic(`environment variable \`${env}\``, env);
}

function callMethod(receiver: PyValue, method: string, args: PyValue): PyValue | undefined {
  if (receiver.kind === "str" && STRIP_METHODS.has(method) && args.kind === "dict" && args.entries.size === 0) {
    const value = method === "strip" ? receiver.value.trim() : method === "lstrip" ? receiver.value.trimStart() : receiver.value.trimEnd();
    return { ...receiver, value };
  }
  if ((receiver.kind === "str" || receiver.kind === "dict" || receiver.kind === "file") && PASS_THROUGH_METHODS.has(method)) {
    return receiver;
  }
  if (receiver.kind === "dict" && method === "get") {
    const key = read(present(args), "#0");
    if (key.state === "present" && key.value.kind === "str") {
      const entry = read(present(receiver), key.value.value);
      if (entry.state !== "absent") return entry.state === "present" ? entry.value : dynamic(entry.origin);
      const fallback = read(present(args), "#1");
      return fallback.state === "present" ? fallback.value : { kind: "none" };
    }
  }
  if (receiver.kind === "dynamic") return dynamic(receiver.origin, receiver.env);
  return undefined;
}

function slotValue(slot: Slot, node: Node): PyValue {
  if (slot.state === "present") return slot.value;
  if (slot.state === "unknown") return dynamic(slot.origin);
  return dynamic(`missing value in ${quote(node)}`);
}

function number(value: number, node: Node): PyValue {
  return Number.isFinite(value) ? { kind: "num", value, source: "literal" } : dynamic(quote(node));
}

/** Joins string parts; the result is as static as its weakest part. */
function concat(parts: PyValue[], node: Node): PyValue {
  let value = "";
  let provenance: { source: "literal" | "constant" | "env-default"; env?: string; origin?: string } = { source: "literal" };
  for (const part of parts) {
    if (part.kind === "dynamic") return part;
    if (part.kind !== "str") return dynamic(quote(node));
    value += part.value;
    provenance = weakerProvenance(provenance, part);
  }
  return { kind: "str", value, ...provenance };
}

function isStatic(value: PyValue): boolean {
  return value.kind === "str" || value.kind === "num" || value.kind === "bool" || value.kind === "none";
}

function truthy(value: PyValue): boolean {
  return value.kind !== "none" && "value" in value && Boolean(value.value);
}

function firstDynamic(...values: PyValue[]): PyValue | undefined {
  return values.find((v) => v.kind === "dynamic");
}
