import type { Node, Parser } from "web-tree-sitter";
import type { Problem, SourceLocation } from "../../../model/location.js";
import { nestingProblem, parseWithinBudget } from "../../limits.js";
import type { ExtractInput } from "../../types.js";
import type { Declaration } from "../describe.js";
import type { EnvBinding } from "../types.js";
import { concat, dynamic, scalar, type IacValue } from "../value.js";
import { isModelMember, objectValue, profileFromConfig, readConstruct, staticMember } from "./constructs.js";

const MAX_QUOTED = 60;

export function isCdkPythonPath(path: string): boolean {
  return path.endsWith(".py");
}

/** Whether a Python file imports the CDK at all (the cheap gate before parsing). */
export function mayBeCdkPython(text: string): boolean {
  // Both module names contain "_cdk": one pass rejects the common case.
  return text.includes("_cdk") && (text.includes("aws_cdk") || text.includes("generative_ai_cdk_constructs"));
}

/**
 * The npm name of a CDK Python module, so the construct table serves both languages:
 * `aws_cdk.aws_bedrock` -> `aws-cdk-lib/aws-bedrock`, `aws_cdk.aws_bedrock_alpha` -> `@aws-cdk/aws-bedrock-alpha`.
 */
export function npmModuleOf(pythonModule: string): string {
  if (pythonModule.startsWith("cdklabs.generative_ai_cdk_constructs")) return "@cdklabs/generative-ai-cdk-constructs";
  const [root, sub] = pythonModule.split(".");
  if (root !== "aws_cdk") return pythonModule;
  if (!sub) return "aws-cdk-lib";
  const dashed = sub.replace(/_/g, "-");
  return dashed.endsWith("-alpha") ? `@aws-cdk/${dashed}` : `aws-cdk-lib/${dashed}`;
}

/** CDK constructs and Lambda environment bindings of one Python file. */
export function readCdkPython(parser: Parser, file: ExtractInput): { declarations: Declaration[]; envBindings: EnvBinding[]; problems: Problem[] } {
  const tooDeep = nestingProblem(file.path, file.text, { indented: true });
  if (tooDeep) return { declarations: [], envBindings: [], problems: [tooDeep] };
  const tree = parseWithinBudget(parser, file.text);
  if (!tree) return { declarations: [], envBindings: [], problems: [{ path: file.path, message: "Python file could not be parsed; file skipped" }] };
  try {
    if (tree.rootNode.hasError) {
      const at = firstError(tree.rootNode);
      return {
        declarations: [],
        envBindings: [],
        problems: [{ path: file.path, line: at.startPosition.row + 1, column: at.startPosition.column + 1, message: "Python syntax error; file skipped" }],
      };
    }
    return new CdkPythonFile(file.path).read(tree.rootNode);
  } finally {
    tree.delete();
  }
}

function firstError(node: Node): Node {
  for (const child of node.children) {
    if (child.isError || child.isMissing) return child;
    if (child.hasError) return firstError(child);
  }
  return node;
}

class CdkPythonFile {
  /** Local name -> Python module it stands for. */
  private readonly imports = new Map<string, string>();
  private readonly assignments = new Map<string, Node>();
  private readonly resolving = new Set<string>();
  private readonly declarations: Declaration[] = [];
  private readonly envBindings: EnvBinding[] = [];

  constructor(private readonly path: string) {}

  read(root: Node) {
    this.collect(root);
    this.visit(root);
    return { declarations: this.declarations, envBindings: this.envBindings, problems: [] };
  }

  /** Imports, and every `name = …` of the file by name (first one wins). */
  private collect(node: Node): void {
    if (node.type === "import_from_statement") {
      const from = node.childForFieldName("module_name")?.text ?? "";
      for (const imported of node.childrenForFieldName("name")) {
        const [name, alias] = importedName(imported);
        // `from aws_cdk import aws_bedrock` imports a module; `from aws_cdk.aws_bedrock import CfnAgent` a class.
        this.imports.set(alias, /^[a-z_]+$/.test(name) ? `${from}.${name}` : from);
      }
    } else if (node.type === "import_statement") {
      for (const imported of node.childrenForFieldName("name")) {
        const [name, alias] = importedName(imported);
        this.imports.set(alias, name);
      }
    } else if (node.type === "assignment") {
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      if (left?.type === "identifier" && right && !this.assignments.has(left.text)) this.assignments.set(left.text, right);
    }
    for (const child of node.namedChildren) this.collect(child);
  }

  private visit(node: Node): void {
    if (node.type === "call") this.construct(node);
    for (const child of node.namedChildren) this.visit(child);
  }

  private construct(node: Node): void {
    const callee = this.qualifiedName(node.childForFieldName("function"));
    if (!callee) return;
    const args = node.childForFieldName("arguments")?.namedChildren ?? [];
    const positional = args.filter((a) => a.type !== "keyword_argument");
    const id = positional[1];
    const read = readConstruct({
      path: this.path,
      format: "cdk-python",
      className: callee.className,
      module: npmModuleOf(callee.module),
      id: id?.type === "string" && !hasInterpolation(id) ? stringText(id) : undefined,
      location: this.location(node),
      props: () => this.keywordArguments(args, this.line(node)),
    });
    this.declarations.push(...read.declarations);
    this.envBindings.push(...read.envBindings);
  }

  /** `X`, `ns.X`, `cdk.aws_bedrock.X` -> the class name and the Python module its root was imported from. */
  private qualifiedName(node: Node | null): { className: string; module: string } | undefined {
    const names: string[] = [];
    let current = node;
    while (current?.type === "attribute") {
      names.unshift(current.childForFieldName("attribute")!.text);
      current = current.childForFieldName("object");
    }
    if (current?.type !== "identifier") return undefined;
    const root = this.imports.get(current.text);
    if (root === undefined) return undefined;
    const className = names.pop() ?? current.text;
    return { className, module: [root, ...names.filter((n) => n.startsWith("aws_"))].join(".") };
  }

  private keywordArguments(args: Node[], line: number): IacValue {
    const entries: Record<string, IacValue> = {};
    for (const arg of args.filter((a) => a.type === "keyword_argument")) {
      entries[arg.childForFieldName("name")!.text] = this.value(arg.childForFieldName("value")!);
    }
    return objectValue(entries, line);
  }

  private value(node: Node): IacValue {
    const line = this.line(node);
    switch (node.type) {
      case "string":
        return this.string(node, line);
      case "concatenated_string":
        return concat(node.namedChildren.map((part) => this.value(part)), line, () => quote(node.text));
      case "integer":
      case "float":
        return scalar(Number(node.text.replace(/_/g, "")), line);
      case "true":
      case "false":
        return scalar(node.type === "true", line);
      case "none":
        return scalar(null, line);
      case "parenthesized_expression":
        return node.namedChildren[0] ? this.value(node.namedChildren[0]) : dynamic(quote(node.text), line);
      case "binary_operator":
        if (node.childForFieldName("operator")?.text === "+") {
          return concat([this.value(node.childForFieldName("left")!), this.value(node.childForFieldName("right")!)], line, () => quote(node.text));
        }
        return dynamic(quote(node.text), line);
      case "dictionary":
        return this.dictionary(node, line);
      case "list":
      case "tuple":
        return { kind: "list", items: node.namedChildren.map((item) => this.value(item)), line };
      case "identifier":
        return this.identifier(node.text, line);
      case "attribute":
        return this.attribute(node, line);
      case "call":
        return this.call(node, line);
      default:
        return dynamic(quote(node.text), line);
    }
  }

  private string(node: Node, line: number): IacValue {
    const parts: IacValue[] = [];
    for (const child of node.namedChildren) {
      if (child.type === "string_content") parts.push(scalar(child.text, line));
      else if (child.type === "interpolation") {
        const expression = child.childForFieldName("expression");
        parts.push(expression ? this.value(expression) : dynamic(child.text, line));
      }
    }
    return parts.length === 0 ? scalar("", line) : parts.length === 1 ? parts[0]! : concat(parts, line, () => quote(node.text));
  }

  private dictionary(node: Node, line: number): IacValue {
    const entries = new Map<string, IacValue>();
    for (const pair of node.namedChildren) {
      const key = pair.childForFieldName("key");
      const value = pair.childForFieldName("value");
      if (pair.type !== "pair" || key?.type !== "string" || hasInterpolation(key) || !value) return dynamic(`dict with a computed key or ** ${quote(pair.text)}`, line);
      entries.set(stringText(key), this.value(value));
    }
    return { kind: "object", entries, line };
  }

  private identifier(name: string, line: number): IacValue {
    const right = this.assignments.get(name);
    if (!right || this.resolving.has(name)) return dynamic(`\`${name}\``, line);
    this.resolving.add(name);
    try {
      const value = this.value(right);
      return value.kind === "scalar" ? { ...value, line, via: value.via ?? name } : { ...value, line };
    } finally {
      this.resolving.delete(name);
    }
  }

  private attribute(node: Node, line: number): IacValue {
    const member = node.childForFieldName("attribute")!.text;
    const object = node.childForFieldName("object")!;
    const owner = object.type === "attribute" ? object.childForFieldName("attribute")!.text : object.text;
    const known = staticMember(owner, member, line);
    if (known) return known;
    if (isModelMember(member)) return { ...this.value(object), line };
    return dynamic(quote(node.text), line);
  }

  /** `BedrockFoundationModel("id")`, `CrossRegionInferenceProfile.from_config(…)`, `XProperty(…)`, `os.environ.get("X", "lit")`. */
  private call(node: Node, line: number): IacValue {
    const callee = node.childForFieldName("function")!;
    const args = node.childForFieldName("arguments")?.namedChildren ?? [];
    const name = callee.type === "attribute" ? callee.childForFieldName("attribute")!.text : callee.text;
    const owner = callee.type === "attribute" ? lastName(callee.childForFieldName("object")!) : "";
    if (name === "BedrockFoundationModel" && args[0]) return this.value(args[0]);
    if (name === "from_config" && owner === "CrossRegionInferenceProfile") return profileFromConfig(this.keywordArguments(args, line), line);
    if (name.endsWith("Property")) return this.keywordArguments(args, line);
    const env = envLookup(callee, args);
    if (env) {
      const fallback = this.value(env.fallback);
      return fallback.kind === "scalar" ? { ...fallback, via: `fallback of os.environ ${env.name}` } : fallback;
    }
    return dynamic(quote(node.text), line);
  }

  private line(node: Node): number {
    return node.startPosition.row + 1;
  }

  private location(node: Node): SourceLocation {
    return {
      path: this.path,
      line: node.startPosition.row + 1,
      column: node.startPosition.column + 1,
      endLine: node.endPosition.row + 1,
      endColumn: node.endPosition.column + 1,
    };
  }
}

function importedName(node: Node): [name: string, alias: string] {
  if (node.type === "aliased_import") return [node.childForFieldName("name")!.text, node.childForFieldName("alias")!.text];
  return [node.text, node.text];
}

/** `os.environ.get("X", fallback)` / `os.getenv("X", fallback)`. */
function envLookup(callee: Node, args: Node[]): { name: string; fallback: Node } | undefined {
  const [key, fallback] = args;
  const text = callee.text;
  if ((text === "os.environ.get" || text === "os.getenv") && key?.type === "string" && fallback) return { name: stringText(key), fallback };
  return undefined;
}

function lastName(node: Node): string {
  return node.type === "attribute" ? node.childForFieldName("attribute")!.text : node.text;
}

function hasInterpolation(node: Node): boolean {
  return node.namedChildren.some((c) => c.type === "interpolation");
}

function stringText(node: Node): string {
  return node.namedChildren.filter((c) => c.type === "string_content").map((c) => c.text).join("");
}

function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return `\`${oneLine.length > MAX_QUOTED ? `${oneLine.slice(0, MAX_QUOTED - 1)}…` : oneLine}\``;
}
