import type { Node, Parser } from "web-tree-sitter";
import type { Problem } from "../../../model/location.js";
import { nestingProblem, parseWithinBudget, nested } from "../../limits.js";
import type { ExtractInput } from "../../types.js";
import { concat, dynamic, scalar, type IacValue } from "../value.js";
import type { Evaluate, TfBlock } from "./module.js";

/** Longest expression text quoted in a "depends on" origin. */
const MAX_QUOTED = 60;

/**
 * Reads the top-level blocks of one `.tf` file. The evaluators close over tree nodes, so the caller
 * must evaluate everything before calling the returned `release`.
 */
export function readHclFile(
  parser: Parser,
  file: ExtractInput,
): { blocks: TfBlock[]; problem?: Problem; release: () => void } {
  const tooDeep = nestingProblem(file.path, file.text);
  if (tooDeep) return { blocks: [], problem: tooDeep, release: () => {} };
  const tree = parseWithinBudget(parser, file.text);
  if (!tree) return { blocks: [], problem: { path: file.path, message: "Terraform file could not be parsed; file skipped" }, release: () => {} };
  const release = () => tree.delete();
  if (tree.rootNode.hasError) {
    // Read the error node before the tree is freed.
    const at = firstError(tree.rootNode);
    const problem: Problem = {
      path: file.path,
      line: at.startPosition.row + 1,
      column: at.startPosition.column + 1,
      message: `Terraform syntax error (${describeError(at)}); file skipped`,
    };
    release();
    return { blocks: [], problem, release: () => {} };
  }
  const body = tree.rootNode.namedChildren.find((n) => n.type === "body");
  // A variable definitions file is a bare list of assignments: one block of them.
  if (file.path.endsWith(".tfvars")) return { blocks: body ? [toBlock(file.path, "tfvars", [], tree.rootNode, body)] : [], release };
  const blocks = (body?.namedChildren ?? []).filter((n) => n.type === "block").map((n) => {
    const children = n.namedChildren;
    const labels = children.filter((c) => c.type === "string_lit" || c.type === "identifier").slice(1).map(labelText);
    return toBlock(file.path, children[0]!.text, labels, n, children.find((c) => c.type === "body"));
  });
  return { blocks, release };
}

function describeError(node: Node): string {
  if (node.isMissing) return `missing ${node.type}`;
  return node.text.trim() === "" ? "unexpected end of file" : `unexpected "${preview(node.text)}"`;
}

function firstError(node: Node): Node {
  for (const child of node.children) {
    if (child.isError || child.isMissing) return child;
    if (child.hasError) return firstError(child);
  }
  return node;
}

function toBlock(path: string, blockType: string, labels: string[], node: Node, body: Node | undefined): TfBlock {
  const attributes = new Map<string, Node>();
  for (const item of body?.namedChildren ?? []) {
    if (item.type === "attribute") attributes.set(item.namedChildren[0]!.text, item.namedChildren[1]!);
  }
  return {
    blockType,
    labels,
    path,
    location: {
      path,
      line: node.startPosition.row + 1,
      column: node.startPosition.column + 1,
      endLine: node.endPosition.row + 1,
      endColumn: node.endPosition.column + 1,
    },
    body: (scope) => (body ? evaluateBody(body, scope) : { kind: "object", entries: new Map(), line: node.startPosition.row + 1 }),
    attribute(name) {
      const expression = attributes.get(name);
      return expression ? (scope) => evaluateExpression(expression, scope) : undefined;
    },
    attributeNames: () => [...attributes.keys()],
  };
}

function labelText(node: Node): string {
  return node.type === "string_lit" ? node.namedChildren.filter((c) => c.type === "template_literal").map((c) => c.text).join("") : node.text;
}

/** A block body as an object: attributes by name, nested blocks by type (a list when repeated). */
function evaluateBody(body: Node, scope: Parameters<Evaluate>[0]): IacValue {
  return nested("a block", () => bodyValue(body, scope));
}

function bodyValue(body: Node, scope: Parameters<Evaluate>[0]): IacValue {
  const entries = new Map<string, IacValue>();
  const nested = new Map<string, IacValue[]>();
  for (const item of body.namedChildren) {
    if (item.type === "attribute") {
      entries.set(item.namedChildren[0]!.text, evaluateExpression(item.namedChildren[1]!, scope));
    } else if (item.type === "block") {
      const kind = item.namedChildren[0]!.text;
      // `dynamic "x" { for_each … }` generates blocks from data we do not have.
      const generated = kind === "dynamic";
      const key = generated ? labelText(item.namedChildren[1]!) : kind;
      const inner = item.namedChildren.find((c) => c.type === "body");
      const value: IacValue = generated
        ? dynamic(`dynamic "${key}" block`, item.startPosition.row + 1)
        : inner
          ? evaluateBody(inner, scope)
          : { kind: "object", entries: new Map(), line: item.startPosition.row + 1 };
      nested.set(key, [...(nested.get(key) ?? []), value]);
    }
  }
  for (const [key, values] of nested) {
    entries.set(key, values.length === 1 ? values[0]! : { kind: "list", items: values, line: values[0]!.line });
  }
  return { kind: "object", entries, line: body.startPosition.row + 1 };
}

function evaluateExpression(node: Node, scope: Parameters<Evaluate>[0]): IacValue {
  return nested("an expression", () => expressionValue(node, scope));
}

function expressionValue(node: Node, scope: Parameters<Evaluate>[0]): IacValue {
  const line = node.startPosition.row + 1;
  const parts = node.namedChildren;
  const first = parts[0];
  if (!first) return dynamic(`\`${preview(node.text)}\``, line);
  switch (first.type) {
    case "literal_value":
      return literal(first.namedChildren[0]!, line);
    case "template_expr":
      return template(first.namedChildren[0]!, scope, line);
    case "collection_value":
      return collection(first.namedChildren[0]!, scope, line);
    case "variable_expr":
      return traversal(parts, scope, line, node.text);
    case "expression":
      return evaluateExpression(first, scope);
    default:
      return dynamic(`\`${preview(node.text)}\``, line);
  }
}

function literal(node: Node, line: number): IacValue {
  switch (node.type) {
    case "numeric_lit":
      return scalar(Number(node.text), line);
    case "bool_lit":
      return scalar(node.text === "true", line);
    case "null_lit":
      return scalar(null, line);
    default:
      return scalar(unescape(node.namedChildren.filter((c) => c.type === "template_literal").map((c) => c.text).join("")), line);
  }
}

function template(node: Node, scope: Parameters<Evaluate>[0], line: number): IacValue {
  const parts: IacValue[] = [];
  for (const child of node.namedChildren) {
    if (child.type === "template_literal") parts.push(scalar(unescape(child.text), line));
    else if (child.type === "template_interpolation") {
      const expression = child.namedChildren.find((c) => c.type === "expression");
      parts.push(expression ? evaluateExpression(expression, scope) : dynamic(child.text, line));
    } else if (child.type === "template_directive") parts.push(dynamic(`template directive \`${preview(child.text)}\``, line));
  }
  // `"${var.units}"` alone yields the value itself, as in Terraform (a number stays a number).
  const interpolations = node.namedChildren.filter((c) => c.type !== "quoted_template_start" && c.type !== "quoted_template_end");
  if (node.type === "quoted_template" && interpolations.length === 1 && interpolations[0]!.type === "template_interpolation") return parts[0]!;
  if (node.type === "heredoc_template") {
    // The last literal ends with the newline before the closing identifier.
    const last = parts.at(-1);
    if (last?.kind === "scalar" && typeof last.value === "string") parts[parts.length - 1] = { ...last, value: last.value.replace(/\n$/, "") };
  }
  return concat(parts, line, () => `"${preview(node.text)}"`);
}

function collection(node: Node, scope: Parameters<Evaluate>[0], line: number): IacValue {
  if (node.type === "tuple") {
    return { kind: "list", items: node.namedChildren.filter((c) => c.type === "expression").map((c) => evaluateExpression(c, scope)), line };
  }
  if (node.type !== "object") return dynamic(`\`${preview(node.text)}\``, line);
  const entries = new Map<string, IacValue>();
  for (const element of node.namedChildren.filter((c) => c.type === "object_elem")) {
    const key = element.childForFieldName("key");
    const value = element.childForFieldName("val");
    if (!key || !value) continue;
    const keyValue = objectKey(key, scope);
    if (keyValue === undefined) return dynamic(`object with a computed key \`${preview(key.text)}\``, line);
    entries.set(keyValue, evaluateExpression(value, scope));
  }
  return { kind: "object", entries, line };
}

/** `{ MODEL_ID = … }` keys are bare names; `{ "MODEL_ID" = … }` are strings; `{ (var.k) = … }` are computed. */
function objectKey(key: Node, scope: Parameters<Evaluate>[0]): string | undefined {
  const first = key.namedChildren[0];
  if (first?.type === "variable_expr" && key.namedChildren.length === 1) return first.text;
  const value = evaluateExpression(key, scope);
  return value.kind === "scalar" && typeof value.value === "string" ? value.value : undefined;
}

function traversal(parts: Node[], scope: Parameters<Evaluate>[0], line: number, text: string): IacValue {
  const names = [parts[0]!.text];
  for (const step of parts.slice(1)) {
    // Only plain attribute access resolves; indexes and splats depend on values we do not evaluate.
    if (step.type !== "get_attr") return dynamic(`\`${preview(text)}\``, line);
    names.push(step.namedChildren[0]!.text);
  }
  return scope.resolve(names, line);
}

function unescape(text: string): string {
  return text.replace(/\\(["\\nt])/g, (_, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : c));
}

function preview(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_QUOTED ? `${oneLine.slice(0, MAX_QUOTED - 1)}…` : oneLine;
}
