import type { ts } from "ts-morph";

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
}

/** One step from an imported SDK binding to the expression at hand. */
export type SdkStep =
  | { kind: "get"; name: string }
  | { kind: "call"; node: ts.CallExpression }
  | { kind: "new"; node: ts.NewExpression };

/** Something reached from an import of a tracked module: `new ConverseCommand(...)`, `rt.converse`, `bedrock("id")`. */
export interface SdkValue {
  kind: "sdk";
  module: string;
  steps: SdkStep[];
  /** Reached through a variable or field rather than written at the point of use. */
  throughDeclaration?: boolean;
}

export interface DynamicValue {
  kind: "dynamic";
  /** What the value depends on, in words: "parameter `modelId` of `answer`". */
  origin: string;
  env?: string;
}

export type StaticValue = StringValue | NumberValue | BooleanValue | NullishValue | ObjectValue | ArrayValue;
export type Value = StaticValue | JsonValue | SdkValue | DynamicValue;

export function dynamic(origin: string, env?: string): DynamicValue {
  return env === undefined ? { kind: "dynamic", origin } : { kind: "dynamic", origin, env };
}

const SOURCE_RANK: Record<StaticSource, number> = { literal: 0, constant: 1, "env-default": 2 };

/** The provenance of a value built from several parts: env-default > constant > literal. */
export function combineSources(parts: StaticValue[]): Pick<StaticBase, "source" | "env" | "names"> {
  let source: StaticSource = "literal";
  let env: string | undefined;
  const names: string[] = [];
  for (const part of parts) {
    if (SOURCE_RANK[part.source] > SOURCE_RANK[source]) source = part.source;
    env ??= part.env;
    for (const name of part.names) if (!names.includes(name)) names.push(name);
  }
  return env === undefined ? { source, names } : { source, env, names };
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

export function isStatic(value: Value): value is StaticValue {
  return value.kind !== "dynamic" && value.kind !== "sdk" && value.kind !== "json";
}

/**
 * Reads `key` of an object value. `undefined` means the key is certainly absent; a dynamic value means
 * it may be set by something we cannot see (the object itself, or a spread).
 */
export function getProperty(value: Value | undefined, key: string): Value | undefined {
  if (value === undefined || value.kind === "nullish") return undefined;
  if (value.kind === "dynamic") return dynamic(`property \`${key}\` of ${value.origin}`, value.env);
  if (value.kind !== "object") return undefined;
  const entry = value.entries.get(key);
  const spreads = value.unknownSpreads;
  if (spreads.length > 0 && (!entry || entry.spreadsBefore < spreads.length)) {
    return dynamic(`property \`${key}\` may come from ${spreads[spreads.length - 1]}`);
  }
  return entry && inheritDeclaration(entry.value, value);
}

/** A literal inside a constant object was reached through that constant's declaration. */
function inheritDeclaration(value: Value, container: StaticBase): Value {
  if (!isStatic(value) || value.source !== "literal" || container.source === "literal") return value;
  return { ...value, source: "constant", names: value.names.length ? value.names : container.names };
}

/** Follows a dotted path of keys: `getPath(input, "inferenceConfig", "maxTokens")`. */
export function getPath(value: Value | undefined, ...keys: string[]): Value | undefined {
  let current = value;
  for (const [i, key] of keys.entries()) {
    if (current?.kind === "dynamic") return dynamic(`property \`${keys.slice(i).join(".")}\` of ${current.origin}`, current.env);
    current = getProperty(current, key);
  }
  return current;
}

/** The known items of an array value; anything else has none. */
export function itemsOf(value: Value | undefined): Value[] {
  return value?.kind === "array" ? value.items : [];
}
