import type { Node } from "web-tree-sitter";

/** How a static value was obtained; `dynamic` values are their own kind. */
export type StaticSource = "literal" | "constant" | "env-default";

export interface Provenance {
  source: StaticSource;
  /** Environment variable the value falls back from (env-default). */
  env?: string;
  /** Set when the source alone does not say enough, e.g. "default of parameter `model_id`". */
  origin?: string;
  /** The constant the value was first reached through, e.g. "SYSTEM_PROMPT". */
  name?: string;
}

/** A call to something imported (a client, a model class), kept so recognisers can read its arguments. */
export interface ObjectValue {
  kind: "object";
  /** Dotted import path of what was called, e.g. "boto3.client", "anthropic.AnthropicBedrock". */
  type: string;
  call: Node;
}

/** What the evaluator knows about a Python expression without running it. */
export type PyValue =
  | ({ kind: "str"; value: string } & Provenance)
  | ({ kind: "num"; value: number } & Provenance)
  | ({ kind: "bool"; value: boolean } & Provenance)
  | { kind: "none" }
  | ({ kind: "dict"; entries: Map<string, PyValue>; /** why keys beyond `entries` may exist */ unknownKeys?: string } & Provenance)
  | ({ kind: "list"; items: PyValue[]; /** why items beyond `items` may exist */ unknownItems?: string } & Provenance)
  /** Text read from a file at a literal path; `text` only when a sibling file of the change holds it. */
  | { kind: "file"; path: string; text?: string }
  /** A module or an attribute path reached from an import; `receiver` is the object a method was read from. */
  | { kind: "ref"; path: string; receiver?: ObjectValue }
  | ObjectValue
  /** A class defined in this file, or `self` / `cls` inside it. */
  | { kind: "class"; node: Node }
  | { kind: "dynamic"; origin: string; env?: string };

/** The outcome of reading one argument or dict key. */
export type Slot =
  | { state: "present"; value: PyValue }
  | { state: "absent" }
  /** Not written visibly, but an unresolved `**kwargs` / dict spread may supply it. */
  | { state: "unknown"; origin: string };

export const ABSENT: Slot = { state: "absent" };

export function dynamic(origin: string, env?: string): PyValue {
  return env === undefined ? { kind: "dynamic", origin } : { kind: "dynamic", origin, env };
}

/** Reads `keys` one after another through nested dicts. */
export function read(slot: Slot, ...keys: string[]): Slot {
  let current = slot;
  for (const key of keys) {
    if (current.state !== "present") return current;
    const value = current.value;
    if (value.kind === "dynamic") return { state: "unknown", origin: value.origin };
    if (value.kind !== "dict") return ABSENT;
    const entry = value.entries.get(key);
    if (entry) current = { state: "present", value: entry };
    else if (value.unknownKeys) return { state: "unknown", origin: value.unknownKeys };
    else return ABSENT;
  }
  return current;
}

export function present(value: PyValue): Slot {
  return { state: "present", value };
}

const RANK: Record<StaticSource, number> = { literal: 0, constant: 1, "env-default": 2 };

/** The weaker of two provenances: a literal inside a constant dict is itself a constant. */
export function weakerProvenance(a: Provenance, b: Provenance): Provenance {
  const weaker = RANK[a.source] >= RANK[b.source] ? a : b;
  const env = a.env ?? b.env;
  const origin = a.origin ?? b.origin;
  const name = a.name ?? b.name;
  return {
    source: weaker.source,
    ...(env !== undefined && { env }),
    ...(origin !== undefined && { origin }),
    ...(name !== undefined && { name }),
  };
}

/**
 * A value reached through a name is a constant, not a literal at the call, all the way down: the text
 * inside a constant dict is constant too. `origin` explains non-obvious ones ("default of parameter …").
 */
export function asConstant(value: PyValue, via: { name?: string; origin?: string }): PyValue {
  if (!("source" in value)) return value;
  const converted = {
    ...value,
    source: value.source === "literal" ? ("constant" as const) : value.source,
    ...(via.origin !== undefined && value.origin === undefined && { origin: via.origin }),
    ...(via.name !== undefined && value.name === undefined && { name: via.name }),
  };
  if (converted.kind === "dict") {
    converted.entries = new Map([...converted.entries].map(([key, entry]) => [key, asConstant(entry, via)]));
  } else if (converted.kind === "list") {
    converted.items = converted.items.map((item) => asConstant(item, via));
  }
  return converted;
}

/** Short quoted source text for origins, e.g. "`settings.model_id`". */
export function quote(node: Node): string {
  const text = node.text.replace(/\s+/g, " ");
  return "`" + (text.length > 60 ? text.slice(0, 57) + "..." : text) + "`";
}
