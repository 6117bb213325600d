import { ts } from "ts-morph";
import { SideProgram } from "../../repository/program.js";
import { guardFile, nested } from "../limits.js";
import type { CallSiteExtractor, ExtractInput, ExtractResult } from "../types.js";
import { recogniseAiSdk } from "./ai-sdk.js";
import { recogniseAnthropicBedrock } from "./anthropic.js";
import { recogniseAgentRuntime } from "./aws-agent-runtime.js";
import { recogniseBatchJob } from "./aws-batch.js";
import { recogniseBedrockRuntime } from "./aws-runtime.js";
import { sitePaths } from "./callers.js";
import type { Evaluator } from "./evaluate.js";
import { recogniseLangChain } from "./langchain.js";
import { recogniseLlamaIndex } from "./llamaindex.js";
import { isJavaScript, sourceExtension } from "./parse.js";
import { TsProgram, type TsModule } from "./program.js";
import type { Recognised, Recogniser } from "./recognised.js";
import type { SdkValue } from "./value.js";
import { buildSites, type SiteEntry } from "./site.js";

const RECOGNISERS: readonly Recogniser[] = [recogniseBedrockRuntime, recogniseBatchJob, recogniseAgentRuntime, recogniseAnthropicBedrock, recogniseAiSdk, recogniseLangChain, recogniseLlamaIndex];
const TRIGGERS = new Set(RECOGNISERS.flatMap((r) => r.triggers));

/**
 * A file that calls Bedrock itself names an SDK import, a client or a class with "bedrock"/"Bedrock" in
 * it (the Bedrock SDK packages, @ai-sdk/amazon-bedrock, ChatBedrockConverse, BedrockEmbeddings). A file
 * that calls it through a module of the repository (a client factory, a model object) need not: the
 * engine also extracts the files that import such a module.
 */
const MAY_CONTAIN_CALLS = /[Bb]edrock/;

export const typescriptExtractor: CallSiteExtractor = {
  language: "typescript",
  handles: (path) => sourceExtension(path) !== undefined,
  mayContainCalls: (text) => MAY_CONTAIN_CALLS.test(text),
  extract,
  carryingExports: (path, side, mayCarry) => TsProgram.of(side).carryingExports(path, isBedrockObject, OBJECT_MODULES, mayCarry),
};

const OBJECT_MODULES = new Set(RECOGNISERS.flatMap((r) => r.objectModules));

/**
 * Whether a value is a Bedrock client, command or model object an importer can call Bedrock with: from
 * a package a recogniser knows, and not an invocation itself (what a wrapper returns).
 */
function isBedrockObject(value: SdkValue, evaluator: Evaluator): boolean {
  return OBJECT_MODULES.has(value.module) && !RECOGNISERS.some((recogniser) => recogniser.recognise(value, evaluator) !== undefined);
}

function extract(file: ExtractInput, side?: SideProgram): ExtractResult {
  return guardFile(
    file.path,
    (): ExtractResult => {
      const program = TsProgram.of(side ?? SideProgram.ofFiles({ [file.path]: file.text }));
      const module = program.module(file.path, file.text);
      if (module === null) return { sites: [], problems: [] };
      if (!("evaluator" in module)) return { sites: [], problems: [module] };
      return { sites: findSites(module, program), problems: [] };
    },
    (problem) => ({ sites: [], problems: [problem] }),
  );
}

function findSites(module: TsModule, program: TsProgram) {
  const found: Array<{ node: ts.CallExpression | ts.NewExpression; recognised: Recognised }> = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && isTriggered(node, module, program)) {
      const recognised = program.query(() => recogniseAt(node, module.evaluator));
      if (recognised) found.push({ node, recognised });
    }
    nested("the syntax tree", () => ts.forEachChild(node, visit));
  };
  visit(module.sourceFile);
  if (found.length === 0) return [];
  const entries: SiteEntry[] = found.map(({ node, recognised }) => ({
    recognised,
    // Each evaluation of the site (alone, per caller path) is its own question, with its own allowance.
    paths: sitePaths((evaluator) => program.query(() => recogniseAt(node, evaluator)), node, module, program),
  }));
  const language = isJavaScript(module.path) ? "javascript" : "typescript";
  return buildSites(entries, module.sourceFile, module.path, language, program.directivesOf(module));
}

/** The invocation at `node`, as `evaluator` sees it, when it is a Bedrock call some SDK recogniser knows. */
function recogniseAt(node: ts.CallExpression | ts.NewExpression, evaluator: Evaluator): Recognised | undefined {
  const value = evaluator.evaluate(node);
  if (value.kind !== "sdk") return undefined;
  // The call must be this one: a factory's result is recognised where the factory makes it.
  const last = value.steps[value.steps.length - 1];
  if (!last || last.kind === "get" || last.node !== node) return undefined;
  for (const recogniser of RECOGNISERS) {
    const recognised = recogniser.recognise(value, evaluator);
    if (recognised) return recognised;
  }
  return undefined;
}

/** Cheap syntactic gate before evaluation: the callee ends in a known name, or is imported from a library (aliases). */
function isTriggered(node: ts.CallExpression | ts.NewExpression, module: TsModule, program: TsProgram): boolean {
  const callee = node.expression;
  if (ts.isPropertyAccessExpression(callee)) return TRIGGERS.has(callee.name.text);
  if (!ts.isIdentifier(callee)) return false;
  if (TRIGGERS.has(callee.text)) return true;
  const binding = module.evaluator.scopes.lookup(callee.text, callee);
  return binding?.kind === "import" && (TRIGGERS.has(binding.imported) || program.side.resolveImport(module.path, binding.module).kind === "library");
}
