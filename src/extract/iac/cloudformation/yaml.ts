import { Alias, LineCounter, YAMLMap, YAMLSeq, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Tags, type Node as YamlNode } from "yaml";
import type { Problem } from "../../../model/location.js";
import type { ExtractInput } from "../../types.js";

/** A YAML/JSON document as plain nodes with lines; CloudFormation short tags already in their long form. */
export type RawNode =
  | { kind: "scalar"; value: string | number | boolean | null; line: number }
  | { kind: "map"; entries: Map<string, RawNode>; line: number; /** Line of each key. */ keyLines: Map<string, number> }
  | { kind: "seq"; items: RawNode[]; line: number };

/** CloudFormation's short-form intrinsics (`!Ref X` is `{ Ref: X }`, `!Sub s` is `{ "Fn::Sub": s }`). */
const INTRINSICS = [
  "Ref", "Condition", "Sub", "GetAtt", "Join", "If", "Select", "Split", "FindInMap", "ImportValue",
  "Base64", "Cidr", "GetAZs", "Equals", "And", "Or", "Not", "Transform", "Length", "ToJsonString",
];
const LONG_FORM = new Map(INTRINSICS.map((name) => [`!${name}`, name === "Ref" || name === "Condition" ? name : `Fn::${name}`]));

// Registered so the tags parse without warnings; the tagged node is kept and converted below.
const CUSTOM_TAGS: Tags = INTRINSICS.flatMap((name): Tags => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: "seq", nodeClass: YAMLSeq, resolve: (value) => value },
  { tag: `!${name}`, collection: "map", nodeClass: YAMLMap, resolve: (value) => value },
]);

/** Parses YAML (and JSON, which is YAML) into RawNodes; a syntax error is one located problem. */
export function readYaml(file: ExtractInput): { root: RawNode } | { problem: Problem } {
  const lines = new LineCounter();
  const document = parseDocument(file.text, { lineCounter: lines, customTags: CUSTOM_TAGS, uniqueKeys: false });
  const error = document.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    return {
      problem: {
        path: file.path,
        ...(at ? { line: at.line, column: at.col } : {}),
        message: `${file.path.endsWith(".json") ? "JSON" : "YAML"} syntax error (${error.message.split("\n")[0]}); file skipped`,
      },
    };
  }
  const lineOf = (node: YamlNode) => (node.range ? lines.linePos(node.range[0]).line : 1);
  return { root: toRaw(document.contents as YamlNode | null, document, lineOf) };
}

function toRaw(node: YamlNode | null, document: Document, lineOf: (node: YamlNode) => number): RawNode {
  if (node === null) return { kind: "scalar", value: null, line: 1 };
  if (isAlias(node)) return toRaw((node as Alias).resolve(document) as YamlNode | null, document, lineOf);
  const line = lineOf(node);
  let raw: RawNode;
  if (isMap(node)) {
    const entries = new Map<string, RawNode>();
    const keyLines = new Map<string, number>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      entries.set(key, toRaw(pair.value as YamlNode | null, document, lineOf));
      keyLines.set(key, isScalar(pair.key) ? lineOf(pair.key) : line);
    }
    raw = { kind: "map", entries, line, keyLines };
  } else if (isSeq(node)) {
    raw = { kind: "seq", items: node.items.map((item) => toRaw(item as YamlNode | null, document, lineOf)), line };
  } else if (isScalar(node)) {
    const value = node.value;
    raw = { kind: "scalar", value: typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : value === null ? null : String(value), line };
  } else {
    raw = { kind: "scalar", value: null, line };
  }
  const longForm = node.tag ? LONG_FORM.get(node.tag) : undefined;
  return longForm ? { kind: "map", entries: new Map([[longForm, raw]]), line, keyLines: new Map([[longForm, line]]) } : raw;
}

/** The entry of a map node, or undefined. */
export function entry(node: RawNode | undefined, key: string): RawNode | undefined {
  return node?.kind === "map" ? node.entries.get(key) : undefined;
}
