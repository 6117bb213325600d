import type { ts } from "ts-morph";
import type { DeclarationRef } from "../../model/call-site.js";
import { mergeVia } from "../refs.js";
import type { Evaluator } from "./evaluate.js";

/** How a static value was obtained; ordered so the weakest provenance wins when parts combine. */
export type StaticSource = "literal" | "constant" | "env-default";

interface StaticBase {
  source: StaticSource;
  /** Environment variable whose fallback this value is. */
  env?: string;
  /** Names of the declarations followed to reach the value, outermost first ("SUPPORT_PROMPT"). */
  names: string[];
  /** Set when the value was read from a file ("prompts/support.md"). */
  file?: string;
  /** Why a value that is static still deserves a word, e.g. "default of parameter `model`". */
  origin?: string;
  /** Declarations in other files this value was read through. */
  via?: DeclarationRef[];
}

export interface StringValue extends StaticBase {
  kind: "string";
  value: string;
}
export interface NumberValue extends StaticBase {
  kind: "number";
  value: number;
}
export interface BooleanValue extends StaticBase {
  kind: "boolean";
  value: boolean;
}
/** `undefined` / `null` written out; reads as "absent". */
export interface NullishValue extends StaticBase {
  kind: "nullish";
}

export interface ObjectEntry {
  value: Value;
  /** How many unresolvable spreads came before this key was last set. */
  spreadsBefore: number;
}
export interface ObjectValue extends StaticBase {
  kind: "object";
  entries: Map<string, ObjectEntry>;
  /** Spreads that could not be resolved, in order, described ("spread of `opts`"). */
  unknownSpreads: string[];
}
export interface ArrayValue extends StaticBase {
  kind: "array";
  items: Value[];
  /** Parts of the array that could not be resolved (spreads of unknown arrays). */
  unknownParts: string[];
}
/** The text that `JSON.stringify(value)` produces, kept structured so request bodies stay readable. */
export interface JsonValue {
  kind: "json";
  value: Value;
  via?: DeclarationRef[];
}

/**
 * One step from an imported SDK binding to the expression at hand. A call or `new` keeps the evaluator
 * it was evaluated by, whose frames bind the parameters its arguments may read (a client made inside a
 * factory from the factory's arguments). A `new` without a node is an instance known by its declared
 * type (`constructor(private readonly client: AnthropicBedrock)`).
 */
export type SdkStep =
  | { kind: "get"; name: string }
  | { kind: "call"; node: ts.CallExpression; evaluator?: Evaluator }
  | { kind: "new"; node?: ts.NewExpression; evaluator?: Evaluator };

/** Something reached from an import of a tracked module: `new ConverseCommand(...)`, `rt.converse`, `bedrock("id")`. */
export interface SdkValue {
  kind: "sdk";
  module: string;
  steps: SdkStep[];
  /** Reached through a variable or field rather than written at the point of use. */
  throughDeclaration?: boolean;
  via?: DeclarationRef[];
}

export interface DynamicValue {
  kind: "dynamic";
  /** What the value depends on, in words: "parameter `modelId` of `answer`". */
  origin: string;
  env?: string;
  via?: DeclarationRef[];
}

/** Any function-like declaration with a body: function declarations and expressions, arrows, methods, accessors. */
export type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration | ts.GetAccessorDeclaration | ts.ConstructorDeclaration;

/**
 * A function of the repository. Calling it evaluates what it returns with its parameters bound to the
 * call's arguments (factories, singletons); `evaluator` is where it was made, whose frames hold the
 * parameters of enclosing functions it closes over; `self` is the object a method was read from.
 */
export interface FunctionValue {
  kind: "function";
  node: FunctionNode;
  evaluator: Evaluator;
  self?: Value;
  via?: DeclarationRef[];
}

/** A class of the repository: its static members, and `new` makes an instance. */
export interface ClassValue {
  kind: "class";
  node: ts.ClassLikeDeclaration;
  evaluator: Evaluator;
  via?: DeclarationRef[];
}

/** An instance of a repository class; `construct` holds the `new` call's arguments when known (they bind the constructor's parameters). */
export interface InstanceValue {
  kind: "instance";
  node: ts.ClassLikeDeclaration;
  evaluator: Evaluator;
  construct?: { args: readonly ts.Expression[]; caller: Evaluator };
  via?: DeclarationRef[];
}

/** A module of the repository as a whole (`import * as cfg`, `require("./cfg")`): its members are its exports. */
export interface ModuleValue {
  kind: "module";
  path: string;
  via?: DeclarationRef[];
}

export type StaticValue = StringValue | NumberValue | BooleanValue | NullishValue | ObjectValue | ArrayValue;
export type Value = StaticValue | JsonValue | SdkValue | DynamicValue | FunctionValue | ClassValue | InstanceValue | ModuleValue;

export function dynamic(origin: string, env?: string): DynamicValue {
  return env === undefined ? { kind: "dynamic", origin } : { kind: "dynamic", origin, env };
}

/** The same value, also read through `refs` (a declaration in another file). */
export function withVia<V extends Value>(value: V, refs: readonly DeclarationRef[] | undefined): V {
  const via = mergeVia(value.via, refs);
  return via === undefined || via === value.via ? value : { ...value, via };
}

const SOURCE_RANK: Record<StaticSource, number> = { literal: 0, constant: 1, "env-default": 2 };

/** The provenance of a value built from several parts: env-default > constant > literal. */
export function combineSources(parts: StaticValue[]): Pick<StaticBase, "source" | "env" | "names" | "via"> {
  let source: StaticSource = "literal";
  let env: string | undefined;
  const names: string[] = [];
  for (const part of parts) {
    if (SOURCE_RANK[part.source] > SOURCE_RANK[source]) source = part.source;
    env ??= part.env;
    for (const name of part.names) if (!names.includes(name)) names.push(name);
  }
  const via = mergeVia(...parts.map((p) => p.via));
  return { source, names, ...(env === undefined ? {} : { env }), ...(via ? { via } : {}) };
}

/** The same value, marked as reached through the declaration `name`. */
export function throughDeclaration<V extends Value>(value: V, name: string, origin?: string): V {
  if (value.kind === "sdk") return { ...value, throughDeclaration: true };
  if (value.kind === "json") return { ...value, value: throughDeclaration(value.value, name, origin) };
  if (!isStatic(value)) return value;
  const source: StaticSource = value.source === "env-default" ? "env-default" : "constant";
  const marked = { ...value, source, names: [name, ...value.names.filter((n) => n !== name)] };
  if (origin !== undefined && marked.origin === undefined) marked.origin = origin;
  return marked;
}

const STATIC_KINDS = new Set(["string", "number", "boolean", "nullish", "object", "array"]);

export function isStatic(value: Value): value is StaticValue {
  return STATIC_KINDS.has(value.kind);
}

/**
 * Reads `key` of an object value. `undefined` means the key is certainly absent; a dynamic value means
 * it may be set by something we cannot see (the object itself, or a spread).
 */
export function getProperty(value: Value | undefined, key: string): Value | undefined {
  if (value === undefined || value.kind === "nullish") return undefined;
  if (value.kind === "dynamic") return withVia(dynamic(`property \`${key}\` of ${value.origin}`, value.env), value.via);
  if (value.kind !== "object") return isStatic(value) || value.kind === "json" ? undefined : dynamic(`property \`${key}\` of a ${value.kind}`);
  const entry = value.entries.get(key);
  const spreads = value.unknownSpreads;
  if (spreads.length > 0 && (!entry || entry.spreadsBefore < spreads.length)) {
    return dynamic(`property \`${key}\` may come from ${spreads[spreads.length - 1]}`);
  }
  return entry && inheritDeclaration(entry.value, value);
}

/** A literal inside a constant object was reached through that constant's declaration (and the refs it was read through). */
export function inheritDeclaration(value: Value, container: StaticBase): Value {
  const inherited = withVia(value, container.via);
  if (!isStatic(inherited) || inherited.source !== "literal" || container.source === "literal") return inherited;
  return { ...inherited, source: "constant", names: inherited.names.length ? inherited.names : container.names };
}

/** Follows a dotted path of keys: `getPath(input, "inferenceConfig", "maxTokens")`. */
export function getPath(value: Value | undefined, ...keys: string[]): Value | undefined {
  let current = value;
  for (const [i, key] of keys.entries()) {
    if (current?.kind === "dynamic") return withVia(dynamic(`property \`${keys.slice(i).join(".")}\` of ${current.origin}`, current.env), current.via);
    current = getProperty(current, key);
  }
  return current;
}

/** The known items of an array value; anything else has none. */
export function itemsOf(value: Value | undefined): Value[] {
  return value?.kind === "array" ? value.items : [];
}
