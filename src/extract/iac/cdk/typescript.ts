import { ts } from "ts-morph";
import type { Problem, SourceLocation } from "../../../model/location.js";
import type { ExtractInput } from "../../types.js";
import { parseSource } from "../../typescript/parse.js";
import type { Declaration } from "../describe.js";
import type { EnvBinding } from "../types.js";
import { concat, dynamic, scalar, type IacValue } from "../value.js";
import { isModelMember, objectValue, profileFromConfig, readConstruct, staticMember } from "./constructs.js";

export function isCdkTypeScriptPath(path: string): boolean {
  return /\.(?:ts|mts|cts)$/.test(path) && !path.endsWith(".d.ts");
}

/** Whether a TypeScript file imports the CDK at all (the cheap gate before parsing). */
export function mayBeCdkTypeScript(text: string): boolean {
  return text.includes("aws-cdk-lib") || text.includes("@aws-cdk/") || text.includes("generative-ai-cdk-constructs");
}

/** CDK constructs (L1 `Cfn*` and the Bedrock L2 constructs) and Lambda environment bindings of one file. */
export function readCdkTypeScript(file: ExtractInput): { declarations: Declaration[]; envBindings: EnvBinding[]; problems: Problem[] } {
  // The same parse (and limits) as the call-site extractor; CDK apps are TypeScript.
  const parsed = parseSource(file.path, file.text);
  if ("problem" in parsed) return { declarations: [], envBindings: [], problems: [parsed.problem] };
  const source = parsed.sourceFile;
  return new CdkFile(file.path, source).read();
}

class CdkFile {
  /** Local name -> module it is imported from (namespace, default or named import). */
  private readonly imports = new Map<string, string>();
  private readonly constants = new Map<string, ts.Expression>();
  private readonly resolving = new Set<string>();
  private readonly declarations: Declaration[] = [];
  private readonly envBindings: EnvBinding[] = [];

  constructor(
    private readonly path: string,
    private readonly source: ts.SourceFile,
  ) {}

  read() {
    this.collect(this.source);
    this.visit(this.source);
    return { declarations: this.declarations, envBindings: this.envBindings, problems: [] };
  }

  /** Imports, and every `const x = …` of the file by name (first one wins; CDK stacks rarely shadow). */
  private collect(node: ts.Node): void {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const from = node.moduleSpecifier.text;
      const clause = node.importClause;
      if (clause?.name) this.imports.set(clause.name.text, from);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) this.imports.set(bindings.name.text, from);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          // `import { aws_bedrock as bedrock } from "aws-cdk-lib"` names a submodule.
          const imported = (element.propertyName ?? element.name).text;
          this.imports.set(element.name.text, imported.startsWith("aws_") ? `${from}/${imported.slice(4).replace(/_/g, "-")}` : from);
        }
      }
    }
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && !this.constants.has(node.name.text)) {
      this.constants.set(node.name.text, node.initializer);
    }
    ts.forEachChild(node, (child) => this.collect(child));
  }

  private visit(node: ts.Node): void {
    if (ts.isNewExpression(node)) this.construct(node);
    ts.forEachChild(node, (child) => this.visit(child));
  }

  private construct(node: ts.NewExpression): void {
    const callee = this.qualifiedName(node.expression);
    if (!callee) return;
    const [, idArgument, propsArgument] = node.arguments ?? [];
    const read = readConstruct({
      path: this.path,
      format: "cdk-typescript",
      ...callee,
      id: idArgument && ts.isStringLiteralLike(idArgument) ? idArgument.text : undefined,
      location: this.location(node),
      props: () => (propsArgument ? this.value(propsArgument) : objectValue({}, this.line(node))),
    });
    this.declarations.push(...read.declarations);
    this.envBindings.push(...read.envBindings);
  }

  /** `X`, `ns.X`, `cdk.aws_bedrock.X` -> the class name and the module its root was imported from. */
  private qualifiedName(expression: ts.Expression): { className: string; module: string } | undefined {
    const names: string[] = [];
    let current: ts.Expression = expression;
    while (ts.isPropertyAccessExpression(current)) {
      names.unshift(current.name.text);
      current = current.expression;
    }
    if (!ts.isIdentifier(current)) return undefined;
    const root = this.imports.get(current.text);
    if (root === undefined) return undefined;
    const className = names.pop() ?? current.text;
    const submodules = names.filter((n) => n.startsWith("aws_")).map((n) => n.slice(4).replace(/_/g, "-"));
    return { className, module: [root, ...submodules].join("/") };
  }

  private value(node: ts.Expression): IacValue {
    const line = this.line(node);
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node)) {
      return this.value(node.expression);
    }
    if (ts.isStringLiteralLike(node)) return scalar(node.text, line);
    if (ts.isNumericLiteral(node)) return scalar(Number(node.text), line);
    if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) return scalar(node.kind === ts.SyntaxKind.TrueKeyword, line);
    if (node.kind === ts.SyntaxKind.NullKeyword) return scalar(null, line);
    if (ts.isTemplateExpression(node)) {
      const parts = [scalar(node.head.text, line)];
      for (const span of node.templateSpans) parts.push(this.value(span.expression), scalar(span.literal.text, line));
      return concat(parts, line, () => `\`${this.text(node)}\``);
    }
    if (ts.isBinaryExpression(node)) return this.binary(node, line);
    if (ts.isObjectLiteralExpression(node)) return this.object(node, line);
    if (ts.isArrayLiteralExpression(node)) return { kind: "list", items: node.elements.map((e) => this.value(e)), line };
    if (ts.isIdentifier(node)) return this.identifier(node.text, line);
    if (ts.isPropertyAccessExpression(node)) return this.member(node, line);
    if (ts.isNewExpression(node)) return this.newModel(node, line);
    if (ts.isCallExpression(node)) return this.call(node, line);
    return dynamic(`\`${this.text(node)}\``, line);
  }

  private binary(node: ts.BinaryExpression, line: number): IacValue {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.PlusToken) return concat([this.value(node.left), this.value(node.right)], line, () => `\`${this.text(node)}\``);
    const env = envName(node.left);
    if ((operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) && env) {
      const fallback = this.value(node.right);
      return fallback.kind === "scalar" ? { ...fallback, via: `fallback of process.env.${env}` } : fallback;
    }
    return dynamic(`\`${this.text(node)}\``, line);
  }

  private object(node: ts.ObjectLiteralExpression, line: number): IacValue {
    const entries = new Map<string, IacValue>();
    for (const property of node.properties) {
      if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteralLike(property.name))) {
        entries.set(property.name.text, this.value(property.initializer));
      } else if (ts.isShorthandPropertyAssignment(property)) {
        entries.set(property.name.text, this.identifier(property.name.text, this.line(property)));
      } else {
        return dynamic(`object with a spread or computed key \`${this.text(property)}\``, line);
      }
    }
    return { kind: "object", entries, line };
  }

  private identifier(name: string, line: number): IacValue {
    const initializer = this.constants.get(name);
    if (!initializer || this.resolving.has(name)) return dynamic(`\`${name}\``, line);
    this.resolving.add(name);
    try {
      const value = this.value(initializer);
      return value.kind === "scalar" ? { ...value, line, via: value.via ?? `const ${name}` } : value;
    } finally {
      this.resolving.delete(name);
    }
  }

  /** `BedrockFoundationModel.X`, `CrossRegionInferenceProfileRegion.X`, `model.modelArn`, `process.env.X`. */
  private member(node: ts.PropertyAccessExpression, line: number): IacValue {
    const member = node.name.text;
    const owner = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : ts.isIdentifier(node.expression) ? node.expression.text : "";
    const known = staticMember(owner, member, line);
    if (known) return known;
    // An ARN of a foundation model names the same model as its id; the region part is deployment-specific.
    if (isModelMember(member)) return { ...this.value(node.expression), line };
    const env = envName(node);
    return dynamic(env ? `process.env.${env}` : `\`${this.text(node)}\``, line);
  }

  /** `new BedrockFoundationModel("id")`. */
  private newModel(node: ts.NewExpression, line: number): IacValue {
    const [first] = node.arguments ?? [];
    const className = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : node.expression.getText(this.source);
    if (className === "BedrockFoundationModel" && first) return this.value(first);
    return dynamic(`\`${this.text(node)}\``, line);
  }

  /** `CrossRegionInferenceProfile.fromConfig({ geoRegion, model })` -> `<prefix>.<model id>`. */
  private call(node: ts.CallExpression, line: number): IacValue {
    const callee = node.expression;
    const [first] = node.arguments;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "fromConfig" && first) {
      const owner = ts.isPropertyAccessExpression(callee.expression) ? callee.expression.name.text : callee.expression.getText(this.source);
      if (owner === "CrossRegionInferenceProfile") return profileFromConfig(this.value(first), line);
    }
    return dynamic(`\`${this.text(node)}\``, line);
  }

  private line(node: ts.Node): number {
    return this.source.getLineAndCharacterOfPosition(node.getStart(this.source)).line + 1;
  }

  private location(node: ts.Node): SourceLocation {
    const start = this.source.getLineAndCharacterOfPosition(node.getStart(this.source));
    const end = this.source.getLineAndCharacterOfPosition(node.getEnd());
    return { path: this.path, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  }

  private text(node: ts.Node): string {
    const text = node.getText(this.source).replace(/\s+/g, " ");
    return text.length > 60 ? `${text.slice(0, 59)}…` : text;
  }
}

/** `process.env.NAME` -> NAME. */
function envName(node: ts.Expression): string | undefined {
  if (!ts.isPropertyAccessExpression(node)) return undefined;
  const owner = node.expression;
  return ts.isPropertyAccessExpression(owner) && owner.name.text === "env" && ts.isIdentifier(owner.expression) && owner.expression.text === "process"
    ? node.name.text
    : undefined;
}
