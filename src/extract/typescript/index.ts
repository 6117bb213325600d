import { ts } from "ts-morph";
import type { CallSite } from "../../model/call-site.js";
import { scanDirectives } from "../directives.js";
import type { CallSiteExtractor, ExtractInput, ExtractResult, SiblingFiles } from "../types.js";
import { recogniseAiSdk } from "./ai-sdk.js";
import { recogniseAnthropicBedrock } from "./anthropic.js";
import { recogniseBatchJob } from "./aws-batch.js";
import { recogniseBedrockRuntime } from "./aws-runtime.js";
import { Evaluator } from "./evaluate.js";
import { recogniseLangChain } from "./langchain.js";
import { SiblingModules } from "./modules.js";
import { isJavaScript, parseSource, sourceExtension } from "./parse.js";
import type { Recognised, Recogniser } from "./recognised.js";
import { buildSites } from "./site.js";

const RECOGNISERS: readonly Recogniser[] = [recogniseBedrockRuntime, recogniseBatchJob, recogniseAnthropicBedrock, recogniseAiSdk, recogniseLangChain];
const TRIGGERS = new Set(RECOGNISERS.flatMap((r) => r.triggers));

/**
 * Every recognised invocation needs an import, require or class whose name contains "bedrock"/"Bedrock"
 * (the Bedrock SDK packages, @ai-sdk/amazon-bedrock, ChatBedrockConverse, BedrockEmbeddings), so a file
 * without that text cannot hold a site.
 */
const MAY_CONTAIN_CALLS = /[Bb]edrock/;

export const typescriptExtractor: CallSiteExtractor = {
  language: "typescript",
  handles: (path) => sourceExtension(path) !== undefined,
  mayContainCalls: (text) => MAY_CONTAIN_CALLS.test(text),
  extract,
};

function extract(file: ExtractInput, siblings?: SiblingFiles): ExtractResult {
  // Evidence may sit in an imported sibling; the prefilter must still hold for this file's own text.
  if (!MAY_CONTAIN_CALLS.test(file.text)) return { sites: [], problems: [] };
  const { sourceFile, problem } = parseSource(file.path, file.text);
  if (problem) return { sites: [], problems: [problem] };
  try {
    return { sites: findSites(sourceFile, file, siblings), problems: [] };
  } catch (error) {
    // A review must never crash on one odd file (e.g. an expression nested deeper than the stack allows).
    const message = error instanceof Error ? error.message : String(error);
    return { sites: [], problems: [{ path: file.path, message: `TypeScript extractor failed (${message}); file skipped` }] };
  }
}

function findSites(sourceFile: ts.SourceFile, file: ExtractInput, siblings: SiblingFiles | undefined): CallSite[] {
  const evaluator = new Evaluator(sourceFile, file.path, siblings, siblings && new SiblingModules(siblings));
  const recognised: Recognised[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && isTriggered(node, evaluator)) {
      const value = evaluator.evaluate(node);
      if (value.kind === "sdk") {
        for (const recogniser of RECOGNISERS) {
          const found = recogniser.recognise(value, evaluator);
          if (found) recognised.push(found);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (recognised.length === 0) return [];
  const language = isJavaScript(file.path) ? "javascript" : "typescript";
  return buildSites(recognised, sourceFile, file.path, language, scanDirectives(file.path, file.text));
}

/** Cheap syntactic gate before evaluation: the callee ends in a known name, or is an imported binding (aliases). */
function isTriggered(node: ts.CallExpression | ts.NewExpression, evaluator: Evaluator): boolean {
  const callee = node.expression;
  if (ts.isPropertyAccessExpression(callee)) return TRIGGERS.has(callee.name.text);
  if (!ts.isIdentifier(callee)) return false;
  return TRIGGERS.has(callee.text) || evaluator.scopes.lookup(callee.text, callee)?.kind === "import";
}
