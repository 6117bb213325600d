import { posix } from "node:path";
import type { Node } from "web-tree-sitter";
import type { DeclarationRef } from "../../model/call-site.js";
import { arnWildcardField } from "../arn.js";
import { mergeVia } from "../refs.js";
import { ascend, descend } from "../limits.js";
import type { PyModule, PyProgram } from "./program.js";
import { type Binding, decorators, definitionParent } from "./scopes.js";
import { contentText, dedent, stringPrefix } from "./strings.js";
import {
  ABSENT, type ClassValue, type FunctionValue, type InstanceValue, type PyValue, type Slot,
  asConstant, dynamic, isStatic, present, quote, read, sameNode, weakerProvenance, withVia,
} from "./values.js";

/** Builtins the evaluator understands; any other unbound name is unknown. */
const BUILTINS = new Set(["dict", "int", "str", "open"]);
const STRIP_METHODS = new Set(["strip", "lstrip", "rstrip"]);
const PASS_THROUGH_METHODS = new Set(["encode", "decode", "copy"]);
/** Calls followed into function bodies, one inside another, before giving up (recursion, deep factory chains). */
const MAX_CALL_DEPTH = 24;
const PROPERTY_DECORATORS = /^(?:functools\.)?(?:property|cached_property)$/;
/** Decorators that change what calling the function gives; any other is taken to keep its result (caches, retries, tracing). */
const OPAQUE_DECORATORS = /contextmanager\b/;
const SETTINGS_BASE = /^pydantic(?:_settings(?:\.main)?|\.v1|\.env_settings)?\.BaseSettings$/;
const MODEL_BASE = /^pydantic(?:\.main|\.v1)?\.BaseModel$/;
const DATACLASS = /^(?:dataclasses\.)?dataclass\b/;
const FIELD = /^pydantic(?:\.fields|\.v1)?\.Field$/;
const CONFIG_DICT = /^(?:pydantic_settings(?:\.main)?\.SettingsConfigDict|pydantic(?:\.config)?\.ConfigDict)$/;

/**
 * The parameters of one call of a repository function, as its body sees them: the call's arguments
 * (evaluated by the caller) and the object a method was called on.
 */
export interface Frame {
  /** The `function_definition` called. */
  fn: Node;
  /** The call whose arguments bind the parameters; null for a property read (no arguments). */
  call: Node | null;
  caller: Evaluator;
  self?: InstanceValue | ClassValue;
  /** Positional arguments bind parameters from this index on (1 for a method called on an instance or class). */
  shift: number;
  /** Positional arguments of `call` to skip (`asyncio.to_thread(fn, …)`). */
  skip?: number;
}

/**
 * What evaluation for one site (or one caller path to it) read: the functions whose parameters it read
 * with no caller binding them — the site depends on their callers — and the declarations it went
 * through. Shared by every evaluator working for that site, in any module.
 */
export class Tracker {
  readonly readParameters = new Map<number, Node>();
  private readonly refs = new Map<string, DeclarationRef>();

  /** Set, every parameter no frame binds reads as this value: what a site would be if some caller passed something. */
  constructor(readonly probe?: PyValue) {}

  add(refs: readonly DeclarationRef[] | undefined): void {
    for (const ref of refs ?? []) {
      const key = `${ref.path}\u0000${ref.line}\u0000${ref.name}`;
      if (!this.refs.has(key)) this.refs.set(key, ref);
    }
  }

  get via(): DeclarationRef[] {
    return [...this.refs.values()];
  }
}

type ClassKind = "settings" | "fields" | "plain";

/**
 * Static evaluation of Python expressions: literals, names, class attributes, parameter defaults,
 * string building, env fallbacks, dicts and lists — and, through the side's program, what other modules
 * define: constants, clients held in module variables, factories and singletons (calling a repository
 * function evaluates what it returns with its parameters bound to the call's arguments), classes and
 * their instances, pydantic settings. Whatever cannot be known becomes a `dynamic` value that says
 * what it depends on — never a guess.
 *
 * Each module has one plain evaluator (its `module.evaluator`) that memoizes; module-level names are
 * always evaluated there. An evaluator with frames evaluates a function body as one call sees it; a
 * tracking evaluator (see `fresh`) records, in its Tracker, what a site's facts were read through.
 */
export class Evaluator {
  private readonly memo = new Map<number, PyValue>();
  private readonly inProgress = new Set<number>();
  private readonly names = new Map<string, PyValue>();
  private readonly classKinds = new Map<number, ClassKind>();
  readonly path: string;

  constructor(
    readonly module: PyModule,
    readonly program: PyProgram,
    readonly frames: readonly Frame[] = [],
    readonly tracker?: Tracker,
    /** Functions being called, outermost first: what ends recursion. */
    private readonly calling: readonly Node[] = [],
  ) {
    this.path = module.path;
  }

  get scopes() {
    return this.module.scopes;
  }

  /** The module's plain evaluator. */
  private get base(): Evaluator {
    return this.module.evaluator;
  }

  /** A new evaluator of the same module with nothing memoized and nothing bound, recording what it reads. */
  fresh(tracker = new Tracker()): Evaluator {
    return new Evaluator(this.module, this.program, [], tracker);
  }

  /** The same module as one more call sees it. */
  withFrame(frame: Frame, tracker = this.tracker, calling = this.calling): Evaluator {
    return new Evaluator(this.module, this.program, [...this.frames, frame], tracker, calling);
  }

  /** This evaluator, recording into `tracker` (another module's evaluator asked on behalf of a site). */
  private joined(tracker: Tracker | undefined, calling: readonly Node[]): Evaluator {
    if (tracker === this.tracker && calling === this.calling) return this;
    return new Evaluator(this.module, this.program, this.frames, tracker, calling);
  }

  evaluate(node: Node): PyValue {
    const cached = this.memo.get(node.id);
    if (cached) return this.record(cached);
    if (this.inProgress.has(node.id)) return dynamic(`${quote(node)} refers to itself`);
    this.inProgress.add(node.id);
    descend("an expression");
    try {
      const value = this.compute(node);
      this.memo.set(node.id, value);
      return this.record(value);
    } finally {
      ascend();
      this.inProgress.delete(node.id);
    }
  }

  private record(value: PyValue): PyValue {
    if (this.tracker && value.via) this.tracker.add(value.via);
    return value;
  }

  /** The arguments of a call as a dict keyed by keyword (positional ones by "#0", "#1", …); `**spread`s merged. */
  arguments(call: Node, skip = 0): PyValue {
    const args = call.childForFieldName("arguments");
    return args?.type === "argument_list" ? this.argumentDict(args, skip) : dictOf(new Map());
  }

  /**
   * One argument of a call, by keyword or else at `position`, evaluating only that argument (what the
   * call's other arguments read is not what this one was read through); a spread evaluates them all.
   */
  argument(call: Node, keyword: string, position?: number): Slot {
    const args = call.childForFieldName("arguments");
    if (args?.type !== "argument_list") return ABSENT;
    const children = args.namedChildren.filter((c) => c.type !== "comment");
    if (children.some((c) => c.type === "dictionary_splat" || c.type === "list_splat")) {
      const all = present(this.arguments(call));
      const slot = read(all, keyword);
      return slot.state === "absent" && position !== undefined ? read(all, `#${position}`) : slot;
    }
    const named = children.find((c) => c.type === "keyword_argument" && c.childForFieldName("name")?.text === keyword);
    if (named) return present(this.evaluate(named.childForFieldName("value")!));
    const positional = position === undefined ? undefined : children.filter((c) => c.type !== "keyword_argument")[position];
    return positional ? present(this.evaluate(positional)) : ABSENT;
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
        return this.boolean(node);
      case "not_operator":
        return this.not(node);
      case "comparison_operator":
        return this.comparison(node);
      case "conditional_expression":
        return this.conditional(node);
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

  /**
   * `a or b`: `os.environ.get("X") or "lit"` is an env default; a non-empty static left side wins; a
   * parameter defaulting to None that no caller binds is taken as not passed (`model_id or DEFAULT`).
   */
  private boolean(node: Node): PyValue {
    const leftNode = node.childForFieldName("left")!;
    const rightNode = node.childForFieldName("right")!;
    const written = this.evaluate(leftNode);
    if (node.childForFieldName("operator")?.text !== "or") return dynamic(quote(node));
    return this.orElse(written, () => this.evaluate(rightNode), node);
  }

  private orElse(written: PyValue, right: () => PyValue, node: Node): PyValue {
    const left = unpassed(written);
    if (isScalar(left)) return truthy(left) ? left : right();
    // An object, instance, function or class is truthy; a library value or a container may not be.
    if (left.kind !== "dynamic") return left.kind === "dict" || left.kind === "list" || left.kind === "ref" ? dynamic(quote(node)) : left;
    const value = right();
    if (left.env !== undefined && (value.kind === "str" || value.kind === "num")) {
      return { ...value, source: "env-default", env: left.env };
    }
    return left;
  }

  private not(node: Node): PyValue {
    const operand = unpassed(this.evaluate(node.childForFieldName("argument")!));
    return isScalar(operand) ? { kind: "bool", value: !truthy(operand), source: "literal" } : dynamic(quote(node));
  }

  /** `x is None`, `x is not None`, `x == "lit"`, `x != "lit"` on static operands. */
  private comparison(node: Node): PyValue {
    const operands = node.namedChildren.filter((c) => c.type !== "comment");
    const operators = node.children.filter((c) => !c.isNamed).map((c) => c.text).join(" ");
    if (operands.length !== 2) return dynamic(quote(node));
    const [a, b] = operands.map((operand) => unpassed(this.evaluate(operand))) as [PyValue, PyValue];
    if (!isScalar(a) || !isScalar(b)) return firstDynamic(a, b) ?? dynamic(quote(node));
    const equal = a.kind === b.kind && (a.kind === "none" || (a as { value: unknown }).value === (b as { value: unknown }).value);
    switch (operators) {
      case "is":
      case "==":
        return { kind: "bool", value: equal, source: "literal" };
      case "is not":
      case "!=":
        return { kind: "bool", value: !equal, source: "literal" };
      default:
        return dynamic(quote(node));
    }
  }

  /** `a if c else b`: the branch a static condition picks, or the value both branches agree on. */
  private conditional(node: Node): PyValue {
    const [whenTrue, condition, whenFalse] = node.namedChildren.filter((c) => c.type !== "comment");
    if (!whenTrue || !condition || !whenFalse) return dynamic(quote(node));
    const test = unpassed(this.evaluate(condition));
    if (isScalar(test)) return this.evaluate(truthy(test) ? whenTrue : whenFalse);
    const a = this.evaluate(whenTrue);
    const b = this.evaluate(whenFalse);
    return sameValue(a, b) ? a : dynamic(quote(node));
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
    const found = this.scopes.lookupScope(name, node);
    if (!found) {
      return BUILTINS.has(name) ? { kind: "ref", path: `builtins.${name}` } : dynamic(`\`${name}\` is not defined in this file`);
    }
    if (found.scope.type === "module") return this.record(this.base.moduleName(name));
    return this.resolve(name, found.bindings, node);
  }

  /**
   * What the module-level name `name` of this module holds, with a ref to each declaration of it:
   * memoized on the module's plain evaluator, for this file and every file importing it. Assignments in
   * functions declaring it `global` count (a singleton made on first use).
   */
  moduleName(name: string): PyValue {
    if (this !== this.base) return this.base.moduleName(name);
    const known = this.names.get(name);
    if (known) return known;
    this.names.set(name, dynamic(`\`${name}\` refers to itself`));
    const bindings = [...(this.scopes.moduleBindings(this.module.root, name) ?? []), ...this.scopes.globalAssignments(this.module.root, name)];
    let value = bindings.length === 0 ? dynamic(`\`${name}\` is not defined in this file`) : this.resolve(name, bindings, null);
    const refs = bindings.flatMap((binding) => {
      const statement = statementOf(binding);
      return statement ? [this.program.refTo(this.module, statement, name)] : [];
    });
    value = withVia(value, refs);
    this.names.set(name, value);
    return value;
  }

  /**
   * One value for the bindings of a name, read at `at` (null: anywhere, for module-level names).
   * An assignment whose own right side reads the name (`x = x or DEFAULT`) sees the bindings before it;
   * a parameter filled in once when not passed (`x = x or D`, `if x is None: x = D`) is that; bindings
   * that all hold one object (a lazily made client) are that object; anything else is dynamic.
   */
  private resolve(name: string, bindings: Binding[], at: Node | null): PyValue {
    let list = bindings;
    if (at) {
      const before = list.filter((b) => !(b.kind === "value" && contains(b.statement, at)));
      if (before.length > 0 && before.length < list.length) list = before;
    }
    if (list.some((b) => b.kind === "global")) return this.record(this.base.moduleName(name));
    const [first] = list;
    if (!first) return dynamic(`\`${name}\` is not defined in this file`);
    if (list.length === 1) return this.binding(first, name);
    if (list.every((b) => b.kind === "import" && first.kind === "import" && b.path === first.path)) return this.binding(first, name);
    const filled = at ? this.filledParameter(name, list, at) : undefined;
    if (filled) return filled;
    const agreed = agree(list.map((b) => this.binding(b, name)));
    if (agreed && !isStatic(agreed)) return agreed;
    return dynamic(`\`${name}\` is assigned more than once`);
  }

  /** `model_id = model_id or DEFAULT` / `if not model_id: model_id = DEFAULT` after a parameter. */
  private filledParameter(name: string, list: Binding[], at: Node): PyValue | undefined {
    if (list.length !== 2) return undefined;
    const param = list.find((b) => b.kind === "param");
    const fill = list.find((b): b is Extract<Binding, { kind: "value" }> => b.kind === "value");
    if (!param || !fill) return undefined;
    if (at.startIndex < fill.statement.startIndex) return this.binding(param, name);
    if (at.startIndex < fill.statement.endIndex) return undefined;
    if (readsName(fill.node, name)) return this.binding(fill, name);
    if (guardedByEmptyTest(fill.statement, name)) return this.orElse(this.binding(param, name), () => this.binding(fill, name), fill.node);
    return undefined;
  }

  private binding(binding: Binding, name: string): PyValue {
    switch (binding.kind) {
      case "value":
        return asConstant(this.evaluate(binding.node), { name });
      case "import":
        return this.importedFrom(this.path, binding.path);
      case "class":
        return { kind: "class", node: binding.node, evaluator: this };
      case "function":
        return { kind: "function", node: binding.node, evaluator: this };
      case "global":
        return this.record(this.base.moduleName(name));
      case "opaque":
        return dynamic(binding.why);
      case "param":
        return this.parameter(binding);
    }
  }

  /** An import path as written in `from`: what a module of the repository defines, else a reference to a library. */
  private importedFrom(from: string, path: string): PyValue {
    return this.program.importValue(from, path) ?? { kind: "ref", path, ...(from !== this.path && { from }) };
  }

  private parameter(param: Extract<Binding, { kind: "param" }>): PyValue {
    const owner = definitionParent(param.fn);
    const decorated = decorators(param.fn);
    const isMethod = owner?.type === "class_definition" && !decorated.includes("staticmethod");
    const frame = this.frames.findLast((f) => sameNode(f.fn, param.fn));
    if (isMethod && param.index === 0) {
      if (frame?.self) return frame.self;
      if (frame && frame.shift === 0 && frame.call) return this.argumentOf(frame, param) ?? dynamic(`parameter \`${param.name}\``);
      if (decorated.includes("classmethod")) return { kind: "class", node: owner, evaluator: this };
      return { kind: "instance", node: owner, evaluator: this };
    }
    if (frame) {
      const value = this.argumentOf(frame, param);
      if (value) return value;
      if (param.default) return asConstant(this.evaluate(param.default), { origin: `default of parameter \`${param.name}\`` });
      return this.typed(param.node) ?? dynamic(`parameter \`${param.name}\` (not passed)`);
    }
    this.tracker?.readParameters.set(param.fn.id, param.fn);
    if (this.tracker?.probe) return this.tracker.probe;
    if (!param.default) return this.typed(param.node) ?? dynamic(`parameter \`${param.name}\``);
    const value = this.evaluate(param.default);
    if (value.kind === "none") return { kind: "dynamic", origin: `parameter \`${param.name}\``, unpassed: value };
    if (value.kind === "dynamic") return dynamic(`parameter \`${param.name}\``);
    return asConstant(value, { origin: `default of parameter \`${param.name}\`` });
  }

  /**
   * What a parameter's annotation says about a value nothing binds in sight: a repository class
   * (`bedrock: BedrockClient`, `Optional[BedrockClient]`, injected by a framework or passed in) is an
   * instance of it without known constructor arguments.
   */
  private typed(param: Node): PyValue | undefined {
    let type = param.childForFieldName("type")?.namedChildren[0] ?? null;
    if (type?.type === "subscript" && /^(?:typing\.)?Optional$/.test(type.childForFieldName("value")?.text ?? "")) type = type.childForFieldName("subscript");
    if (type?.type === "binary_operator" && type.childForFieldName("operator")?.text === "|") {
      const sides = [type.childForFieldName("left"), type.childForFieldName("right")].filter((side) => side && side.type !== "none");
      type = sides.length === 1 ? sides[0]! : null;
    }
    if (type?.type !== "identifier" && type?.type !== "attribute") return undefined;
    const cls = this.evaluate(type);
    return cls.kind === "class" ? { kind: "instance", node: cls.node, evaluator: cls.evaluator, ...(cls.via && { via: cls.via }) } : undefined;
  }

  /** The argument a frame passes for a parameter; undefined when it passes none. */
  private argumentOf(frame: Frame, param: Extract<Binding, { kind: "param" }>): PyValue | undefined {
    if (!frame.call) return undefined;
    const args = present(frame.caller.arguments(frame.call, frame.skip));
    let slot = read(args, param.name);
    const position = param.index - frame.shift;
    if (slot.state === "absent" && position >= 0) slot = read(args, `#${position}`);
    if (slot.state === "present") return asConstant(slot.value, {});
    if (slot.state === "unknown") return dynamic(slot.origin);
    return undefined;
  }

  private attribute(node: Node): PyValue {
    const object = this.evaluate(node.childForFieldName("object")!);
    return this.attributeOf(object, node.childForFieldName("attribute")!.text, node);
  }

  /** `value.name`, as this evaluator reads it. */
  attributeOf(object: PyValue, attribute: string, at?: Node): PyValue {
    switch (object.kind) {
      case "ref":
        if (!object.receiver) return withVia(this.importedFrom(object.from ?? this.path, `${object.path}.${attribute}`), object.via);
        return { kind: "ref", path: `${object.path}.${attribute}`, receiver: object.receiver };
      case "object":
        return { kind: "ref", path: `${object.type}.${attribute}`, receiver: object };
      case "module":
        return withVia(this.program.exportValue(object.path, attribute), object.via);
      case "class":
      case "instance":
        return withVia(this.inModuleOf(object.evaluator).member(object.node, attribute, object, at), object.via);
      case "function":
        return dynamic(`attribute \`${attribute}\` of function \`${nameOf(object.node)}\``);
      case "dynamic":
        return withVia(dynamic(at ? quote(at) : `${object.origin}.${attribute}`, object.env), object.via);
      default:
        return dynamic(at ? quote(at) : `attribute \`${attribute}\` of a ${object.kind}`);
    }
  }

  /** The evaluator of another value's module, recording for the same site as this one. */
  private inModuleOf(evaluator: Evaluator): Evaluator {
    return evaluator.module === this.module ? this : evaluator.joined(this.tracker, this.calling);
  }

  /**
   * Attribute `name` of a repository class or of an instance of it: a dataclass or pydantic field given
   * to the constructor, a class-body assignment (a pydantic-settings field is an env default), a
   * `self.name = …` in a method (`__init__`'s parameters bound to the constructor's arguments when the
   * instance says what they were), a method, a property; inherited from the repository classes it
   * derives from.
   */
  member(cls: Node, name: string, self: InstanceValue | ClassValue, at?: Node, depth = 0): PyValue {
    const className = nameOf(cls);
    const kind = this.classKind(cls);
    if (self.kind === "instance" && self.construct && kind !== "plain") {
      const given = read(present(self.construct.caller.arguments(self.construct.call)), name);
      if (given.state === "present") return asConstant(given.value, {});
      if (given.state === "unknown") return dynamic(given.origin);
    }
    const bindings = this.scopes.member(cls, name);
    if (bindings.length === 0) {
      for (const base of depth > 8 ? [] : this.bases(cls)) {
        if (base.kind !== "class") continue;
        const inherited = this.inModuleOf(base.evaluator).member(base.node, name, self, at, depth + 1);
        if (!(inherited.kind === "dynamic" && inherited.origin.includes("is not assigned in class"))) return inherited;
      }
      return dynamic(`${at ? quote(at) : `\`${name}\``} is not assigned in class \`${className}\``);
    }
    const values = bindings.map((binding) => {
      const value = this.memberBinding(binding, name, cls, self);
      const statement = statementOf(binding);
      const withField = kind === "settings" && binding.kind === "value" && !enclosingFunction(binding.statement, cls) ? this.settingsField(cls, name, binding, value) : value;
      return statement ? withVia(withField, [this.program.refTo(this.module, statement, `${className}.${name}`)]) : withField;
    });
    if (values.length === 1) return values[0]!;
    const agreed = agree(values);
    if (agreed && !isStatic(agreed)) return agreed;
    return dynamic(`${at ? quote(at) : `\`${name}\``} is assigned more than once in class \`${className}\``);
  }

  private memberBinding(binding: Binding, name: string, cls: Node, self: InstanceValue | ClassValue): PyValue {
    if (binding.kind === "value") {
      const method = enclosingFunction(binding.statement, cls);
      let evaluator: Evaluator = this;
      if (method && self.kind === "instance" && !this.frames.some((f) => sameNode(f.fn, method))) {
        // `__init__`'s parameters are the constructor call's arguments; any method's `self` is this instance.
        if (nameOf(method) === "__init__" && self.construct) {
          evaluator = this.withFrame({ fn: method, call: self.construct.call, caller: self.construct.caller, self, shift: 1 });
        } else if (self.construct) {
          evaluator = this.withFrame({ fn: method, call: null, caller: this, self, shift: 1 });
        }
      }
      return asConstant(evaluator.evaluate(binding.node), { name });
    }
    if (binding.kind === "function") {
      const decorated = decorators(binding.node);
      if (decorated.some((d) => PROPERTY_DECORATORS.test(d))) {
        return this.callFunction({ kind: "function", node: binding.node, evaluator: this, ...(self.kind === "instance" && { self }) }, null, binding.node);
      }
      if (decorated.includes("staticmethod")) return { kind: "function", node: binding.node, evaluator: this };
      if (decorated.includes("classmethod")) return { kind: "function", node: binding.node, evaluator: this, self: { kind: "class", node: cls, evaluator: this } };
      return { kind: "function", node: binding.node, evaluator: this, ...(self.kind === "instance" && { self }) };
    }
    return this.binding(binding, name);
  }

  /** The repository classes (and library references) a class derives from, in order. */
  private bases(cls: Node): PyValue[] {
    const list = cls.childForFieldName("superclasses");
    if (!list) return [];
    return list.namedChildren.filter((c) => c.type !== "keyword_argument" && c.type !== "comment").map((c) => this.evaluate(c));
  }

  /** Whether a class's fields are set by its constructor (dataclass, pydantic model) or read from the environment (pydantic-settings). */
  private classKind(cls: Node, seen = 0): ClassKind {
    const known = this.classKinds.get(cls.id);
    if (known) return known;
    this.classKinds.set(cls.id, "plain");
    let kind: ClassKind = decorators(cls).some((d) => DATACLASS.test(d)) ? "fields" : "plain";
    for (const base of seen > 8 ? [] : this.bases(cls)) {
      if (base.kind === "ref" && SETTINGS_BASE.test(base.path)) kind = "settings";
      else if (base.kind === "ref" && MODEL_BASE.test(base.path) && kind === "plain") kind = "fields";
      else if (base.kind === "class") {
        const inherited = this.inModuleOf(base.evaluator).classKind(base.node, seen + 1);
        if (inherited === "settings" || (inherited === "fields" && kind === "plain")) kind = inherited;
      }
    }
    this.classKinds.set(cls.id, kind);
    return kind;
  }

  /**
   * A pydantic-settings field's default is what the app runs with unless the environment sets the
   * variable pydantic-settings reads: the field name with `env_prefix` (upper-cased unless
   * `case_sensitive`), or the field's `alias` / `validation_alias`.
   */
  private settingsField(cls: Node, name: string, binding: Extract<Binding, { kind: "value" }>, value: PyValue): PyValue {
    const config = this.settingsConfig(cls);
    const alias = this.fieldAlias(binding.node);
    const written = alias ?? `${config.prefix}${name}`;
    const env = config.caseSensitive ? written : written.toUpperCase();
    const via = value.via;
    switch (value.kind) {
      case "str":
      case "num":
      case "bool":
        return { ...value, source: "env-default", env };
      case "none":
        return withVia(dynamic(`environment variable \`${env}\``, env), via);
      case "dynamic":
        return withVia(dynamic(`environment variable \`${env}\` (default ${value.origin})`, env), via);
      default:
        return value;
    }
  }

  private settingsConfig(cls: Node, depth = 0): { prefix: string; caseSensitive: boolean } {
    const out = { prefix: "", caseSensitive: false };
    const config = this.scopes.member(cls, "model_config").find((b) => b.kind === "value");
    if (config?.kind === "value") {
      // Only the two keys that name the variables are read: `env_file` and the rest are not what a field was read through.
      const key = (name: string) => (config.node.type === "call" ? this.argument(config.node, name) : read(present(this.evaluate(config.node)), name));
      const prefix = key("env_prefix");
      const sensitive = key("case_sensitive");
      if (prefix.state === "present" && prefix.value.kind === "str") out.prefix = prefix.value.value;
      if (sensitive.state === "present" && sensitive.value.kind === "bool") out.caseSensitive = sensitive.value.value;
      return out;
    }
    const nested = this.scopes.member(cls, "Config").find((b) => b.kind === "class");
    if (nested?.kind === "class") {
      for (const [key, field] of [["env_prefix", "prefix"], ["case_sensitive", "caseSensitive"]] as const) {
        const binding = this.scopes.member(nested.node, key).find((b) => b.kind === "value");
        const value = binding?.kind === "value" ? this.evaluate(binding.node) : undefined;
        if (field === "prefix" && value?.kind === "str") out.prefix = value.value;
        if (field === "caseSensitive" && value?.kind === "bool") out.caseSensitive = value.value;
      }
      return out;
    }
    for (const base of depth > 8 ? [] : this.bases(cls)) {
      if (base.kind === "class") return this.inModuleOf(base.evaluator).settingsConfig(base.node, depth + 1);
    }
    return out;
  }

  /** `Field(…, alias="X")` / `validation_alias="X"`: the name pydantic reads instead of the field's. */
  private fieldAlias(node: Node): string | undefined {
    if (node.type !== "call") return undefined;
    const callee = this.evaluate(node.childForFieldName("function")!);
    if (callee.kind !== "ref" || !FIELD.test(callee.path)) return undefined;
    const args = present(this.arguments(node));
    for (const key of ["validation_alias", "alias"]) {
      const slot = read(args, key);
      if (slot.state === "present" && slot.value.kind === "str") return slot.value.value;
    }
    return undefined;
  }

  private subscript(node: Node): PyValue {
    const object = this.evaluate(node.childForFieldName("value")!);
    const index = this.evaluate(node.childForFieldName("subscript")!);
    if (object.kind === "ref" && object.path === "os.environ" && index.kind === "str") {
      return dynamic(`environment variable \`${index.value}\``, index.value);
    }
    if (object.kind === "dict" && index.kind === "str") return withVia(slotValue(read(present(object), index.value), node), object.via);
    if (object.kind === "list" && index.kind === "num" && !object.unknownItems) {
      const item = object.items.at(index.value);
      if (item) return withVia(item, object.via);
    }
    return firstDynamic(object, index) ?? dynamic(quote(node));
  }

  private call(node: Node): PyValue {
    const fn = node.childForFieldName("function")!;
    const callee = this.evaluate(fn);
    if (callee.kind === "ref") return withVia(this.callRef(callee, node), callee.via);
    if (callee.kind === "function") return this.callFunction(callee, node, node);
    if (callee.kind === "class") {
      return { kind: "instance", node: callee.node, evaluator: callee.evaluator, construct: { call: node, caller: this }, ...(callee.via && { via: callee.via }) };
    }
    if (fn.type === "attribute") {
      const receiver = this.evaluate(fn.childForFieldName("object")!);
      const result = callMethod(receiver, fn.childForFieldName("attribute")!.text, this.arguments(node));
      if (result) return result;
    }
    return withVia(dynamic(`result of ${quote(node)}`), callee.via);
  }

  /**
   * Calls a repository function: what it returns with its parameters bound to the call's arguments
   * (`call` null: a property, no arguments). Several returns that agree (a cache and the object it
   * caches) are that value. An object it returns is marked as made by this call (one per call).
   */
  callFunction(fn: FunctionValue, call: Node | null, at: Node): PyValue {
    const name = nameOf(fn.node);
    if (this.calling.length >= MAX_CALL_DEPTH || this.calling.filter((n) => sameNode(n, fn.node)).length >= 2) {
      return dynamic(`the result of \`${name}(…)\` (calls nested too deep to follow)`);
    }
    if (decorators(fn.node).some((d) => OPAQUE_DECORATORS.test(d))) return dynamic(`result of ${quote(at)}`);
    const frame: Frame = { fn: fn.node, call, caller: this, ...(fn.self && { self: fn.self }), shift: fn.self ? 1 : 0 };
    const inner = fn.evaluator.withFrame(frame, this.tracker, [...this.calling, fn.node]);
    // What a function returns was followed through its declaration: a literal there is a constant here.
    let value = asConstant(inner.returnValue(fn.node) ?? dynamic(`result of ${quote(at)}`), {});
    if (value.kind === "object" && call) value = { ...value, factory: { call, fn: fn.node } };
    return withVia(value, fn.via);
  }

  /** What a function body returns; undefined when its returns disagree or it is a generator. */
  private returnValue(fn: Node): PyValue | undefined {
    const returns = this.program.returnsOf(fn);
    if (returns === null) return undefined;
    if (returns.length === 0) return { kind: "none" };
    return agree(returns.map((r) => (r.namedChildren[0] ? this.evaluate(r.namedChildren[0]) : { kind: "none" })));
  }

  private callRef(callee: Extract<PyValue, { kind: "ref" }>, node: Node): PyValue {
    // Entering a context manager by hand (`await session.client(…).__aenter__()`) gives the client itself.
    if (callee.receiver && /\.__a?enter__$/.test(callee.path)) return callee.receiver;
    let args: PyValue | undefined;
    const arg = (position: number, keyword?: string): Slot => {
      args ??= this.arguments(node);
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
        return keywordsOnly(this.arguments(node), mapping.state === "absent" ? dictOf(new Map()) : slotValue(mapping, node));
      }
      case "textwrap.dedent": {
        const value = slotValue(arg(0, "text"), node);
        return value.kind === "str" ? { ...value, value: dedent(value.value) } : value;
      }
      case "builtins.open.read":
      case "pathlib.Path.read_text":
        return this.fileRead(callee.receiver, node);
    }
    // Strands' content blocks and pydantic's config dicts are TypedDicts: calling one builds a plain dict.
    if (callee.path.startsWith("strands.types.") || CONFIG_DICT.test(callee.path)) return keywordsOnly(this.arguments(node), dictOf(new Map()));
    if (FIELD.test(callee.path)) {
      const factory = arg(-1, "default_factory");
      // `Field(default_factory=AwsSettings)`: nested settings, an instance of that class with its own defaults.
      if (factory.state === "present" && factory.value.kind === "class") {
        const cls = factory.value;
        return { kind: "instance", node: cls.node, evaluator: cls.evaluator, construct: { call: node, caller: this }, ...(cls.via && { via: cls.via }) };
      }
      if (factory.state !== "absent") return dynamic(`default made by ${quote(node)}`);
      const value = arg(0, "default");
      return value.state === "absent" ? dynamic(`field without a default ${quote(node)}`) : slotValue(value, node);
    }
    if (/^langchain_aws\..*ChatBedrockConverse\.create_cache_point$/.test(callee.path)) {
      return dictOf(new Map([["cachePoint", dictOf(new Map([["type", { kind: "str", value: "default", source: "literal" }]]))]]));
    }
    return { kind: "object", type: callee.path, call: node, evaluator: this };
  }

  private fileRead(receiver: Extract<PyValue, { kind: "object" }> | undefined, node: Node): PyValue {
    const pathArg = receiver ? receiver.evaluator.argument(receiver.call, "file", 0) : ABSENT;
    const path = pathArg.state === "present" ? pathArg.value : null;
    if (path?.kind !== "str") return dynamic(`file read by ${quote(node)}`);
    const text = this.fileText(path.value);
    return { kind: "file", path: path.value, ...(text !== undefined && { text }) };
  }

  /** A prompt file path is relative to the process's working directory: try the file's folder, then the root. */
  private fileText(path: string): string | undefined {
    const nearby = posix.normalize(posix.join(posix.dirname(this.path), path));
    return this.program.text(nearby) ?? this.program.text(posix.normalize(path));
  }

  private argumentDict(args: Node, skip: number): PyValue {
    const entries = new Map<string, PyValue>();
    let unknownKeys: string | undefined;
    let position = -skip;
    for (const child of args.namedChildren) {
      if (child.type === "keyword_argument") {
        entries.set(child.childForFieldName("name")!.text, this.evaluate(child.childForFieldName("value")!));
      } else if (child.type === "dictionary_splat") {
        unknownKeys = spread(entries, this.evaluate(child.namedChildren[0]!), child) ?? unknownKeys;
      } else if (child.type === "list_splat") {
        unknownKeys ??= `positional arguments ${quote(child)}`;
      } else if (child.type !== "comment") {
        if (position >= 0) entries.set(`#${position}`, this.evaluate(child));
        position++;
      }
    }
    return dictOf(entries, unknownKeys);
  }

  /**
   * Whether the object an expression names comes from outside this file's own making: a parameter, or
   * a module of the repository (a client injected or imported, even when its value is unknown).
   */
  comesFromElsewhere(node: Node, depth = 0): boolean {
    if (depth > 4) return false;
    if (node.type === "attribute") {
      const object = node.childForFieldName("object")!;
      if (object.type === "identifier") {
        const found = this.scopes.lookup(object.text, object);
        const self = found?.length === 1 && found[0]!.kind === "param" && found[0]!.index === 0 && definitionParent(found[0]!.fn)?.type === "class_definition";
        if (self) {
          const cls = definitionParent((found[0] as Extract<Binding, { kind: "param" }>).fn)!;
          const attribute = node.childForFieldName("attribute")!.text;
          return this.scopes.member(cls, attribute).some((b) => b.kind === "value" && this.comesFromElsewhere(b.node, depth + 1));
        }
      }
      return this.comesFromElsewhere(object, depth + 1);
    }
    if (node.type === "call") return this.comesFromElsewhere(node.childForFieldName("function")!, depth + 1);
    if (node.type !== "identifier") return false;
    const bindings = this.scopes.lookup(node.text, node) ?? [];
    return bindings.some((b) => {
      if (b.kind === "param") return true;
      if (b.kind === "value") return this.comesFromElsewhere(b.node, depth + 1);
      if (b.kind !== "import") return false;
      return b.path.startsWith(".") || this.importedFrom(this.path, b.path).kind !== "ref";
    });
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
    entries.set(key, slot.state === "present" ? withVia(slot.value, value.via) : entry);
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
      if (entry.state !== "absent") return entry.state === "present" ? withVia(entry.value, receiver.via) : dynamic(entry.origin);
      const fallback = read(present(args), "#1");
      return fallback.state === "present" ? fallback.value : { kind: "none" };
    }
  }
  if (receiver.kind === "dynamic") return withVia(dynamic(receiver.origin, receiver.env), receiver.via);
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
  let provenance: { source: "literal" | "constant" | "env-default"; env?: string; origin?: string; via?: DeclarationRef[] } = { source: "literal" };
  const wildcards: string[] = [];
  for (const [i, part] of parts.entries()) {
    if (part.kind !== "str") {
      const next = parts[i + 1];
      const field = next?.kind === "str" ? arnWildcardField(value, next.value) : undefined;
      if (!field) return part.kind === "dynamic" ? part : dynamic(quote(node));
      wildcards.push(`the ARN's ${field} comes from ${part.kind === "dynamic" ? part.origin : "an expression"}`);
      value += "*";
      continue;
    }
    value += part.value;
    provenance = weakerProvenance(provenance, part);
  }
  return { kind: "str", value, ...provenance, ...(wildcards.length ? { origin: wildcards.join("; ") } : {}) };
}

/** A parameter defaulting to None that no caller binds, taken as not passed; any other value as it is. */
function unpassed(value: PyValue): PyValue {
  return value.kind === "dynamic" && value.unpassed ? value.unpassed : value;
}

function isScalar(value: PyValue): boolean {
  return value.kind === "str" || value.kind === "num" || value.kind === "bool" || value.kind === "none";
}

function truthy(value: PyValue): boolean {
  return value.kind !== "none" && "value" in value && Boolean(value.value);
}

function firstDynamic(...values: PyValue[]): PyValue | undefined {
  return values.find((v) => v.kind === "dynamic");
}

/**
 * One value for several that should be the same thing: all equal, or one object where the rest are
 * nothing or unknown (a cache before and after it is filled). Undefined when they differ.
 */
export function agree(values: PyValue[]): PyValue | undefined {
  if (values.length === 1) return values[0];
  const something = values.filter((v) => v.kind !== "none");
  if (something.length === 0) return values[0];
  const [first] = something;
  if (!first) return undefined;
  if (something.every((v) => sameValue(v, first))) return withVia(first, mergeVia(...something.map((v) => v.via)));
  const made = something.filter((v) => v.kind !== "dynamic");
  return made.length > 0 && made.every((v) => sameValue(v, made[0]!)) && !isStatic(made[0]!) ? made[0] : undefined;
}

/** Whether two values are the same for cost: equal data, or the same kind of library object, function, class, instance or module. */
export function sameValue(a: PyValue, b: PyValue): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "str":
    case "num":
    case "bool":
      return a.value === (b as typeof a).value;
    case "none":
      return true;
    case "ref":
      return a.path === (b as typeof a).path;
    case "object": {
      const other = b as typeof a;
      return a.type === other.type && firstArgumentText(a.call) === firstArgumentText(other.call);
    }
    case "function":
    case "class":
    case "instance":
      return sameNode(a.node, (b as typeof a).node);
    case "module":
      return a.path === (b as typeof a).path;
    case "dict": {
      const other = b as typeof a;
      if (a.unknownKeys || other.unknownKeys || a.entries.size !== other.entries.size) return false;
      return [...a.entries].every(([key, value]) => {
        const match = other.entries.get(key);
        return match !== undefined && sameValue(value, match);
      });
    }
    case "list": {
      const other = b as typeof a;
      return !a.unknownItems && !other.unknownItems && a.items.length === other.items.length && a.items.every((item, i) => sameValue(item, other.items[i]!));
    }
    default:
      return false;
  }
}

/** `boto3.client("bedrock-runtime", …)` and `boto3.client(service_name="bedrock-runtime")` make the same kind of client. */
function firstArgumentText(call: Node): string {
  const args = call.childForFieldName("arguments")?.namedChildren ?? [];
  const first = args.find((a) => a.type !== "comment" && (a.type !== "keyword_argument" || a.childForFieldName("name")?.text === "service_name"));
  const value = first?.type === "keyword_argument" ? first.childForFieldName("value") : first;
  return value?.text ?? "";
}

/** The statement a binding's ref points at (its line and text); none for parameters and opaque bindings. */
function statementOf(binding: Binding): Node | undefined {
  switch (binding.kind) {
    case "value":
      return binding.statement.type === "assignment" && binding.statement.parent?.type === "expression_statement" ? binding.statement.parent : binding.statement;
    case "function":
    case "class":
      return binding.node.parent?.type === "decorated_definition" ? binding.node.parent : binding.node;
    default:
      return undefined;
  }
}

function contains(outer: Node, inner: Node): boolean {
  return outer.tree === inner.tree && outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** The method of `cls` (directly in its body) that holds `node`; null for the class body itself. */
function enclosingFunction(node: Node, cls: Node): Node | null {
  let fn: Node | null = null;
  for (let current = node.parent; current && !sameNode(current, cls); current = current.parent) {
    if (current.type === "function_definition") fn = current;
  }
  return fn;
}

function readsName(node: Node, name: string): boolean {
  if (node.type === "identifier") return node.text === name;
  return node.namedChildren.some((child) => readsName(child, name));
}

/** `if not x:` / `if x is None:` / `if x == None:` directly around the statement. */
function guardedByEmptyTest(statement: Node, name: string): boolean {
  let node: Node | null = statement.parent;
  if (node?.type === "expression_statement") node = node.parent;
  if (node?.type !== "block") return false;
  const test = node.parent?.type === "if_statement" && node.parent.childForFieldName("consequence")?.id === node.id ? node.parent.childForFieldName("condition") : null;
  if (!test) return false;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^(?:not\\s+${escaped}|${escaped}\\s+is\\s+None|${escaped}\\s*==\\s*None)$`).test(test.text.trim());
}

export function nameOf(definition: Node): string {
  return definition.childForFieldName("name")?.text ?? "?";
}
