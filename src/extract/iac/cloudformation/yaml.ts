import { LineCounter, YAMLMap, YAMLSeq, isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument, visit, type Alias, type Document, type Tags, type Node as YamlNode } from "yaml";
import type { Problem } from "../../../model/location.js";
import { nestingProblem, nested } from "../../limits.js";
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

/**
 * Nodes one document may expand to, aliases copied out: far above any real template, far below what a
 * "billion laughs" alias bomb (a few hundred bytes expanding to billions of nodes) would build.
 */
export const MAX_YAML_NODES = 200_000;

/** Parses YAML (and JSON, which is YAML) into RawNodes; a syntax error or an exceeded limit is one located problem. */
export function readYaml(file: ExtractInput): { root: RawNode } | { problem: Problem } {
  const format = file.path.endsWith(".json") ? "JSON" : "YAML";
  const tooDeep = nestingProblem(file.path, file.text, { yaml: true });
  if (tooDeep) return { problem: tooDeep };
  const lines = new LineCounter();
  const document = parseDocument(file.text, { lineCounter: lines, customTags: CUSTOM_TAGS, uniqueKeys: false });
  const error = document.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    return {
      problem: {
        path: file.path,
        ...(at ? { line: at.line, column: at.col } : {}),
        message: `${format} syntax error (${error.message.split("\n")[0]}); file skipped`,
      },
    };
  }
  const lineOf = (node: YamlNode) => (node.range ? lines.linePos(node.range[0]).line : 1);
  try {
    return { root: new RawReader(anchorsOf(document), lineOf).read(document.contents as YamlNode | null) };
  } catch (error) {
    if (!(error instanceof YamlLimit)) throw error;
    return { problem: { path: file.path, line: error.line, message: `not analysed: ${error.message}; file skipped` } };
  }
}

class YamlLimit extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** What each alias refers to: the latest node anchored with its name before it, in document order. */
function anchorsOf(document: Document): Map<Alias, YamlNode> {
  const anchored = new Map<string, YamlNode>();
  const targets = new Map<Alias, YamlNode>();
  visit(document, (_key, node) => {
    if (isAlias(node)) {
      const target = anchored.get(node.source);
      if (target) targets.set(node, target);
    } else if (isNode(node) && node.anchor) anchored.set(node.anchor, node);
  });
  return targets;
}

/** Converts a document to RawNodes, copying each alias's target in its place: cycles refused, expansion counted. */
class RawReader {
  private nodes = 0;
  private readonly expanding = new Set<YamlNode>();

  constructor(
    private readonly targets: Map<Alias, YamlNode>,
    private readonly lineOf: (node: YamlNode) => number,
  ) {}

  read(node: YamlNode | null): RawNode {
    if (node === null) return { kind: "scalar", value: null, line: 1 };
    if (++this.nodes > MAX_YAML_NODES) {
      throw new YamlLimit(`its aliases expand to more than ${MAX_YAML_NODES.toLocaleString("en-US")} nodes (an alias bomb?)`, this.lineOf(node));
    }
    if (isAlias(node)) return this.alias(node);
    return nested("a YAML node", () => this.convert(node));
  }

  private alias(node: Alias): RawNode {
    const target = this.targets.get(node);
    if (!target) return { kind: "scalar", value: null, line: this.lineOf(node) };
    if (this.expanding.has(target)) throw new YamlLimit(`the alias *${node.source} refers to a node that contains it (a cycle)`, this.lineOf(node));
    this.expanding.add(target);
    try {
      return this.read(target);
    } finally {
      this.expanding.delete(target);
    }
  }

  private convert(node: YamlNode): RawNode {
    const line = this.lineOf(node);
    let raw: RawNode;
    if (isMap(node)) {
      const entries = new Map<string, RawNode>();
      const keyLines = new Map<string, number>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        // A map or list as a key names nothing a template means; stringifying one costs time exponential in its depth.
        const key = isScalar(pair.key) ? String(pair.key.value) : `(a ${isSeq(pair.key) ? "list" : "map"} as key, line ${this.lineOf(pair.key as YamlNode)})`;
        entries.set(key, this.read(pair.value as YamlNode | null));
        keyLines.set(key, isScalar(pair.key) ? this.lineOf(pair.key) : line);
      }
      raw = { kind: "map", entries, line, keyLines };
    } else if (isSeq(node)) {
      raw = { kind: "seq", items: node.items.map((item) => this.read(item as YamlNode | null)), line };
    } else if (isScalar(node)) {
      const value = node.value;
      raw = { kind: "scalar", value: typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : value === null ? null : String(value), line };
    } else {
      raw = { kind: "scalar", value: null, line };
    }
    const longForm = node.tag ? LONG_FORM.get(node.tag) : undefined;
    return longForm ? { kind: "map", entries: new Map([[longForm, raw]]), line, keyLines: new Map([[longForm, line]]) } : raw;
  }
}

/** The entry of a map node, or undefined. */
export function entry(node: RawNode | undefined, key: string): RawNode | undefined {
  return node?.kind === "map" ? node.entries.get(key) : undefined;
}
