import { createRequire } from "node:module";
import { Language, Parser } from "web-tree-sitter";
import type { Problem } from "../../model/location.js";
import type { Resource } from "../../model/resource.js";
import { guardFile } from "../limits.js";
import type { ExtractInput } from "../types.js";
import { isCdkPythonPath, mayBeCdkPython, readCdkPython } from "./cdk/python.js";
import { isCdkTypeScriptPath, mayBeCdkTypeScript, readCdkTypeScript } from "./cdk/typescript.js";
import { isServerlessPath, readServerless } from "./cloudformation/serverless.js";
import { isTemplate, readTemplate } from "./cloudformation/template.js";
import { readYaml } from "./cloudformation/yaml.js";
import { loadPythonParser } from "../python/parser.js";
import { describeResource, type Declaration } from "./describe.js";
import { isTerraformPath, readTerraform } from "./terraform/index.js";
import type { EnvBinding, IacExtractor, IacResult, RegionDeclaration } from "./types.js";

export type { EnvBinding, IacExtractor, IacResult, RegionDeclaration } from "./types.js";

type FileKind = "terraform" | "serverless" | "template" | "cdk-typescript" | "cdk-python";

const TEMPLATE_PATH = /\.(?:ya?ml|json|template)$/;
/** Every CloudFormation/SAM template names a resource type; package-lock.json and the like do not. */
const TEMPLATE_TRIGGER = "AWS::";
/**
 * Words one of our readers needs, for a text whose path is not known: priced resource types,
 * function environments, CDK imports, and the variable/locals blocks of a Terraform module.
 */
const TRIGGERS =
  /aws_bedrock|awscc_bedrock|opensearchserverless|AWS::|aws_lambda_function|awscc_lambda_function|aws-cdk-lib|@aws-cdk\/|aws_cdk|generative[-_]ai[-_]cdk[-_]constructs|^provider:|variable\s*"|"variable"|locals\s*\{|"locals"/m;

function kindOf(path: string): FileKind | undefined {
  if (isTerraformPath(path)) return "terraform";
  if (isServerlessPath(path)) return "serverless";
  if (TEMPLATE_PATH.test(path)) return "template";
  if (isCdkTypeScriptPath(path)) return "cdk-typescript";
  if (isCdkPythonPath(path)) return "cdk-python";
  return undefined;
}

/** The cheap gate of each kind; Terraform always passes, since a module's other files resolve its values. */
function mayContain(kind: FileKind, text: string): boolean {
  switch (kind) {
    case "terraform":
    case "serverless":
      return true;
    case "template":
      return text.includes(TEMPLATE_TRIGGER);
    case "cdk-typescript":
      return mayBeCdkTypeScript(text);
    case "cdk-python":
      return mayBeCdkPython(text);
  }
}

let loading: Promise<IacExtractor> | undefined;

/** The IaC extractor; the Terraform and Python grammars (wasm) are loaded once per process. */
export function loadIacExtractor(): Promise<IacExtractor> {
  loading ??= createExtractor();
  return loading;
}

interface Parsers {
  terraform: Parser;
  python: Parser;
}

async function createExtractor(): Promise<IacExtractor> {
  // CDK Python shares the Python extractor's parser: one grammar load per process, used synchronously.
  const python = await loadPythonParser();
  const terraform = await Language.load(
    createRequire(import.meta.url).resolve("@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm"),
  );
  const parsers: Parsers = { terraform: new Parser(), python };
  parsers.terraform.setLanguage(terraform);
  return {
    handles: (path) => kindOf(path) !== undefined,
    mayContainResources(text, path) {
      const kind = path === undefined ? undefined : kindOf(path);
      return kind ? mayContain(kind, text) : TRIGGERS.test(text);
    },
    extract: (files) => extractAll(parsers, files),
  };
}

type FileRead = { declarations: Declaration[]; envBindings: EnvBinding[]; problems: Problem[]; regions?: RegionDeclaration[] };

const NOTHING: FileRead = { declarations: [], envBindings: [], problems: [] };

function readFile(parsers: Parsers, kind: Exclude<FileKind, "terraform">, file: ExtractInput): FileRead {
  if (kind === "cdk-typescript") return readCdkTypeScript(file);
  if (kind === "cdk-python") return readCdkPython(parsers.python, file);
  const parsed = readYaml(file);
  if ("problem" in parsed) return { ...NOTHING, problems: [parsed.problem] };
  if (kind === "serverless") return readServerless(file.path, parsed.root);
  return isTemplate(parsed.root) ? readTemplate(file.path, parsed.root, "cloudformation") : NOTHING;
}

function extractAll(parsers: Parsers, files: ExtractInput[]): IacResult {
  const declarations: Declaration[] = [];
  const envBindings: EnvBinding[] = [];
  const problems: Problem[] = [];
  const regions: RegionDeclaration[] = [];
  const collect = (read: FileRead) => {
    declarations.push(...read.declarations);
    envBindings.push(...read.envBindings);
    problems.push(...read.problems);
    regions.push(...(read.regions ?? []));
  };
  collect(readTerraform(parsers.terraform, files.filter((f) => kindOf(f.path) === "terraform")));
  for (const file of files) {
    const kind = kindOf(file.path);
    if (!kind || kind === "terraform" || !mayContain(kind, file.text)) continue;
    collect(guardFile(file.path, () => readFile(parsers, kind, file), (problem) => ({ declarations: [], envBindings: [], problems: [problem] })));
  }
  const resources = declarations.map(describeResource).filter((r): r is Resource => r !== undefined);
  return { resources, problems, envBindings, regions };
}
