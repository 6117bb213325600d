import type { Node } from "web-tree-sitter";
import type { DeclarationRef } from "../../model/call-site.js";
import { mergeVia } from "../refs.js";
import type { Evaluator } from "./evaluate.js";

/** How a static value was obtained; `dynamic` values are their own kind. */
export type StaticSource = "literal" | "constant" | "env-default";

/** Declarations (in any module) a value was read through; the extractor keeps those of other files. */
export interface Refs {
  via?: DeclarationRef[];
}

export interface Provenance extends Refs {
  source: StaticSource;
  /** Environment variable the value falls back from (env-default). */
  env?: string;
  /** Set when the source alone does not say enough, e.g. "default of parameter `model_id`". */
  origin?: string;
  /** The constant the value was first reached through, e.g. "SYSTEM_PROMPT". */
  name?: string;
}

/**
 * A call to something a library defines (a client, a model class), kept so recognisers can read its
 * arguments: `evaluator` is the one that met the call, whose frames bind the parameters its arguments
 * may read (a client made inside a factory from the factory's arguments).
 */
export interface ObjectValue extends Refs {
  kind: "object";
  /** Dotted import path of what was called, e.g. "boto3.client", "anthropic.AnthropicBedrock". */
  type: string;
  call: Node;
  evaluator: Evaluator;
  /** Set when the object came out of a call of a repository function (a factory): one object per call. */
  factory?: { call: Node; fn: Node };
}

/** A function or method of the repository: calling it evaluates what it returns, its parameters bound. */
export interface FunctionValue extends Refs {
  kind: "function";
  /** The `function_definition`. */
  node: Node;
  /** The evaluator of the module (and frames) it was read in: where its body is evaluated. */
  evaluator: Evaluator;
  /** The instance (or class, for a classmethod) a method was read from: bound to its first parameter. */
  self?: InstanceValue | ClassValue;
}

/** A class of the repository (also `cls` in a classmethod). */
export interface ClassValue extends Refs {
  kind: "class";
  node: Node;
  evaluator: Evaluator;
}

/**
 * An instance of a repository class (also `self` inside it). `construct` is the call that made it,
 * when known: its arguments bind `__init__`'s parameters and a dataclass's or pydantic model's fields.
 */
export interface InstanceValue extends Refs {
  kind: "instance";
  node: Node;
  evaluator: Evaluator;
  construct?: { call: Node; caller: Evaluator };
}

/** A module of the repository as a whole (`from app.core import settings`, `import app.settings as s`). */
export interface ModuleValue extends Refs {
  kind: "module";
  path: string;
}

/** What the evaluator knows about a Python expression without running it. */
export type PyValue =
  | ({ kind: "str"; value: string } & Provenance)
  | ({ kind: "num"; value: number } & Provenance)
  | ({ kind: "bool"; value: boolean } & Provenance)
  | ({ kind: "none" } & Refs)
  | ({ kind: "dict"; entries: Map<string, PyValue>; /** why keys beyond `entries` may exist */ unknownKeys?: string } & Provenance)
  | ({ kind: "list"; items: PyValue[]; /** why items beyond `items` may exist */ unknownItems?: string } & Provenance)
  /** Text read from a file at a literal path; `text` only when the side holds the file. */
  | ({ kind: "file"; path: string; text?: string } & Refs)
  /**
   * Something reached from an import that is not a module of the repository (a library, or a module
   * the side does not have); `receiver` is the object a method was read from; `from` is the module
   * whose import it is (relative paths resolve from there).
   */
  | ({ kind: "ref"; path: string; receiver?: ObjectValue; from?: string } & Refs)
  | ObjectValue
  | FunctionValue
  | ClassValue
  | InstanceValue
  | ModuleValue
  | ({
      kind: "dynamic";
      origin: string;
      env?: string;
      /** A parameter with a `None` default read with no caller bound: its value when nothing is passed. */
      unpassed?: PyValue;
    } & Refs);

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
  const via = mergeVia(a.via, b.via);
  return {
    source: weaker.source,
    ...(env !== undefined && { env }),
    ...(origin !== undefined && { origin }),
    ...(name !== undefined && { name }),
    ...(via !== undefined && { via }),
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

/** Whether the value is plain data (what a constant can hold). */
export function isStatic(value: PyValue): boolean {
  return value.kind === "str" || value.kind === "num" || value.kind === "bool" || value.kind === "none" || value.kind === "dict" || value.kind === "list" || value.kind === "file";
}

/** The same value, also read through `refs`. */
export function withVia<V extends PyValue>(value: V, refs: readonly DeclarationRef[] | undefined): V {
  const via = mergeVia(value.via, refs);
  return via === undefined || via === value.via ? value : { ...value, via };
}

/** Short quoted source text for origins, e.g. "`settings.model_id`". */
export function quote(node: Node): string {
  const text = node.text.replace(/\s+/g, " ");
  return "`" + (text.length > 60 ? text.slice(0, 57) + "..." : text) + "`";
}

/** The same syntax node (web-tree-sitter makes a new wrapper object at every access). */
export function sameNode(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.id === b.id && a.tree === b.tree;
}
