import type { Problem } from "../../../model/location.js";
import type { ExtractInput } from "../../types.js";
import { concat, dynamic, scalar, type IacValue } from "../value.js";
import type { TfBlock, TfScope } from "./module.js";

const TRAVERSAL = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*$/;
/** Top-level block types whose JSON form nests labels as object keys: type -> number of labels. */
const LABELS: Record<string, number> = { resource: 2, data: 2, variable: 1, module: 1, output: 1, provider: 1, locals: 0 };

/**
 * Reads the top-level blocks of one `.tf.json` file (Terraform's JSON syntax). Lines are those of
 * each block's name key: every value of a block is reported at that line.
 */
export function readTfJsonFile(file: ExtractInput): { blocks: TfBlock[]; problem?: Problem } {
  let document: unknown;
  try {
    document = JSON.parse(file.text);
  } catch (error) {
    return { blocks: [], problem: { path: file.path, ...jsonErrorAt(file.text, error), message: `Terraform JSON syntax error (${(error as Error).message}); file skipped` } };
  }
  const blocks: TfBlock[] = [];
  const search = new LineFinder(file.text);
  for (const [blockType, content] of entriesOf(document)) {
    const depth = LABELS[blockType];
    if (depth === undefined) continue;
    for (const { labels, body } of unfold(content, depth)) {
      const line = search.lineOf([blockType, ...labels]);
      blocks.push(toBlock(file.path, blockType, labels, body, line));
    }
  }
  return { blocks };
}

/** `{ "a": … }` or `[{ "a": … }, …]` (both are valid Terraform JSON) as key/value pairs. */
function entriesOf(value: unknown): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.flatMap(entriesOf);
  return value !== null && typeof value === "object" ? Object.entries(value) : [];
}

function unfold(value: unknown, depth: number, labels: string[] = []): Array<{ labels: string[]; body: unknown }> {
  if (depth === 0) return Array.isArray(value) ? value.map((body) => ({ labels, body })) : [{ labels, body: value }];
  return entriesOf(value).flatMap(([label, inner]) => unfold(inner, depth - 1, [...labels, label]));
}

function toBlock(path: string, blockType: string, labels: string[], body: unknown, line: number): TfBlock {
  const attributes = new Map(entriesOf(body));
  return {
    blockType,
    labels,
    path,
    location: { path, line, column: 1, endLine: line, endColumn: 1 },
    body: (scope) => toValue(body, scope, line),
    attribute(name) {
      if (!attributes.has(name)) return undefined;
      const value = attributes.get(name);
      return (scope: TfScope) => toValue(value, scope, line);
    },
    attributeNames: () => [...attributes.keys()],
  };
}

function toValue(value: unknown, scope: TfScope, line: number): IacValue {
  if (typeof value === "string") return interpolate(value, scope, line);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return scalar(value, line);
  if (Array.isArray(value)) return { kind: "list", items: value.map((item) => toValue(item, scope, line)), line };
  if (typeof value === "object") {
    return { kind: "object", entries: new Map(Object.entries(value).map(([k, v]) => [k, toValue(v, scope, line)])), line };
  }
  return dynamic(String(value), line);
}

/** A JSON string is an HCL template: `${var.x}` interpolates, `$${` is a literal `${`. */
function interpolate(text: string, scope: TfScope, line: number): IacValue {
  const parts: IacValue[] = [];
  let rest = text;
  while (rest.length > 0) {
    const start = rest.search(/(?<!\$)\$\{/);
    if (start === -1) break;
    const end = rest.indexOf("}", start);
    if (end === -1) break;
    parts.push(scalar(rest.slice(0, start).replaceAll("$${", "${"), line));
    const expression = rest.slice(start + 2, end).trim();
    parts.push(TRAVERSAL.test(expression) ? scope.resolve(expression.split("."), line) : dynamic(`\`${expression}\``, line));
    rest = rest.slice(end + 1);
  }
  parts.push(scalar(rest.replaceAll("$${", "${"), line));
  // A string that is one interpolation and nothing else yields the value itself (a number stays a number).
  const [before, only, after] = parts;
  if (parts.length === 3 && isEmptyText(before!) && isEmptyText(after!)) return only!;
  return parts.length === 1 ? parts[0]! : concat(parts, line, () => `"${text}"`);
}

function isEmptyText(value: IacValue): boolean {
  return value.kind === "scalar" && value.value === "";
}

/** Finds the line of a block by its key path (`"resource"`, then `"type"`, then `"name"`), in order. */
class LineFinder {
  constructor(private readonly text: string) {}
  lineOf(keys: string[]): number {
    let at = 0;
    for (const key of keys) {
      const found = this.text.indexOf(JSON.stringify(key), at);
      if (found === -1) break;
      at = found;
    }
    return lineAt(this.text, at);
  }
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** Node's JSON.parse errors name a position ("at position 42"); turn it into a line. */
function jsonErrorAt(text: string, error: unknown): { line?: number } {
  const position = /position (\d+)/.exec((error as Error).message);
  return position ? { line: lineAt(text, Number(position[1])) } : {};
}

