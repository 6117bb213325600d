import type { Node, Parser } from "web-tree-sitter";
import { type CacheLocation, type CachePoints, type CallSite, siteKey } from "../../model/call-site.js";
import { type FileDirectives, annotationFor, scanDirectives } from "../directives.js";
import type { CallSiteExtractor, ExtractInput, ExtractResult, SiblingFiles } from "../types.js";
import { Evaluator } from "./evaluate.js";
import { anthropic } from "./libraries/anthropic.js";
import { boto3 } from "./libraries/boto3.js";
import { langchain } from "./libraries/langchain.js";
import { llamaIndex } from "./libraries/llamaindex.js";
import { strands } from "./libraries/strands.js";
import { SiblingModules } from "./modules.js";
import { loadPythonParser } from "./parser.js";
import { mayContainBedrockCalls } from "./prefilter.js";
import { Scopes } from "./scopes.js";
import type { CallContext, Recognition, Recogniser, SiteFacts } from "./site-facts.js";
import { syntaxProblem } from "./syntax.js";
import { type Slot, present } from "./values.js";

const RECOGNISERS: Recogniser[] = [boto3, anthropic, langchain, strands, llamaIndex];
const CALL_NAMES: ReadonlySet<string> = new Set(RECOGNISERS.flatMap((r) => r.names));
const COMPREHENSIONS = new Set(["list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression"]);
const BOUNDARIES = new Set(["function_definition", "class_definition", "lambda"]);
const CACHE_ORDER: CacheLocation[] = ["tools", "system", "messages"];

/** The Python call-site extractor; loading the parser is async, extraction is sync. `.ipynb` is not handled. */
export async function loadPythonExtractor(): Promise<CallSiteExtractor> {
  const parser = await loadPythonParser();
  return {
    language: "python",
    handles: (path) => path.endsWith(".py"),
    mayContainCalls: mayContainBedrockCalls,
    extract: (file, siblings) => extractPython(parser, file, siblings),
  };
}

function extractPython(parser: Parser, file: ExtractInput, siblings?: SiblingFiles): ExtractResult {
  const tree = parser.parse(file.text);
  if (!tree) return { sites: [], problems: [{ path: file.path, message: "Python parser returned no tree; file skipped" }] };
  // Sibling modules are parsed on demand, at most once in this call, and freed with the file's tree.
  const modules = siblings ? new SiblingModules(parser, siblings) : undefined;
  try {
    const problem = syntaxProblem(tree.rootNode, file.text);
    if (problem) return { sites: [], problems: [{ path: file.path, ...problem }] };
    return { sites: findSites(tree.rootNode, file, siblings, modules), problems: [] };
  } catch (error) {
    // One odd file must not stop the review; say which file and why.
    const message = error instanceof Error ? error.message : String(error);
    return { sites: [], problems: [{ path: file.path, message: `Python extractor failed (${message}); file skipped` }] };
  } finally {
    modules?.dispose();
    tree.delete();
  }
}

function findSites(root: Node, file: ExtractInput, siblings?: SiblingFiles, siblingModules?: SiblingModules): CallSite[] {
  const evaluator = new Evaluator(new Scopes(), file.path, siblings, siblingModules);
  const { modules, callNames } = importsOf(root);
  const found: Array<{ call: Node; facts: SiteFacts }> = [];
  const agents: Array<Extract<Recognition, { kind: "agent" }>> = [];
  for (const { call, name } of candidateCalls(root, file.text, callNames)) {
    const fn = call.childForFieldName("function")!;
    const callee = evaluator.evaluate(fn);
    if (callee.kind !== "ref" && callee.kind !== "dynamic") continue;
    let args: Slot | undefined;
    const context: CallContext = {
      call, callee, evaluator, imports: modules,
      get args() {
        return (args ??= present(evaluator.arguments(call)));
      },
    };
    for (const recogniser of RECOGNISERS) {
      if (!recogniser.names.includes(name)) continue;
      const recognition = recogniser.recognise(context);
      if (recognition?.kind === "site") found.push({ call, facts: recognition.facts });
      else if (recognition) agents.push(recognition);
      if (recognition) break;
    }
  }
  for (const agent of agents) {
    const target = found.find((f) => f.call.id === agent.modelCall.id);
    if (!target) continue;
    target.facts.systemPrompt ??= agent.systemPrompt;
    target.facts.cachePoints = mergeCache(target.facts.cachePoints, agent.cachePoints);
  }
  return toCallSites(found, file, scanDirectives(file.path, file.text));
}

function toCallSites(found: Array<{ call: Node; facts: SiteFacts }>, file: ExtractInput, directives: FileDirectives): CallSite[] {
  const ordinals = new Map<string, number>();
  return found.map(({ call, facts }) => {
    const symbol = symbolOf(call);
    const ordinalKey = `${symbol}\u0000${facts.api}`;
    const ordinal = ordinals.get(ordinalKey) ?? 0;
    ordinals.set(ordinalKey, ordinal + 1);
    const annotation = annotationFor(directives, statementLine(call));
    return {
      key: siteKey(file.path, symbol, facts.api, ordinal),
      location: {
        path: file.path,
        line: call.startPosition.row + 1,
        column: call.startPosition.column + 1,
        endLine: call.endPosition.row + 1,
        endColumn: call.endPosition.column + 1,
      },
      language: "python",
      symbol,
      ordinal,
      ...facts,
      notes: inLoop(call) ? [...facts.notes, "inside a loop"] : facts.notes,
      ...(annotation && { annotation }),
    };
  });
}

/**
 * Top-level modules imported anywhere in the file, and the names a recognised call can end in here:
 * the recognisers' own names plus local aliases of them (`from langchain_aws import ChatBedrock as Chat`).
 */
function importsOf(root: Node): { modules: Set<string>; /** local name -> recogniser name */ callNames: Map<string, string> } {
  const modules = new Set<string>();
  const callNames = new Map<string, string>([...CALL_NAMES].map((name) => [name, name]));
  for (const statement of root.descendantsOfType(["import_statement", "import_from_statement"])) {
    const from = statement.childForFieldName("module_name");
    if (from) modules.add(from.text.split(".")[0]!);
    for (const name of statement.childrenForFieldName("name")) {
      const dotted = name.type === "aliased_import" ? name.childForFieldName("name") : name;
      if (!dotted) continue;
      if (!from) modules.add(dotted.text.split(".")[0]!);
      const original = dotted.text.slice(dotted.text.lastIndexOf(".") + 1);
      const alias = name.type === "aliased_import" ? name.childForFieldName("alias")?.text : undefined;
      if (alias !== undefined && CALL_NAMES.has(original)) callNames.set(alias, original);
    }
  }
  return { modules, callNames };
}

/**
 * The calls whose last name (method or callee) is one a recogniser knows, in source order. Found from the
 * text's occurrences of those names, checked against the tree: evaluating every call of a large file
 * costs more than parsing it.
 */
function candidateCalls(root: Node, text: string, callNames: Map<string, string>): Array<{ call: Node; name: string }> {
  const pattern = new RegExp(`\\b(?:${[...callNames.keys()].join("|")})\\b`, "g");
  const calls: Array<{ call: Node; name: string }> = [];
  for (const match of text.matchAll(pattern)) {
    const identifier = root.descendantForIndex(match.index, match.index + match[0].length);
    if (identifier?.type !== "identifier") continue; // inside a string or comment
    const callee = identifier.parent?.type === "attribute" && identifier.parent.childForFieldName("attribute")?.id === identifier.id
      ? identifier.parent
      : identifier;
    const call = callee.parent;
    if (call?.type === "call" && call.childForFieldName("function")?.id === callee.id) {
      calls.push({ call, name: callNames.get(match[0])! });
    }
  }
  // Outer calls first when two start together, as a pre-order walk would give them.
  return calls.sort((a, b) => a.call.startIndex - b.call.startIndex || b.call.endIndex - a.call.endIndex);
}

/** "Class.method", "function", "outer.inner"; "" at module level. */
function symbolOf(node: Node): string {
  const names: string[] = [];
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === "function_definition" || current.type === "class_definition") {
      names.unshift(current.childForFieldName("name")?.text ?? "?");
    }
  }
  return names.join(".");
}

/** The first line of the statement holding the call: where a `# bedrock-cost:` annotation stands above. */
function statementLine(node: Node): number {
  let statement = node;
  while (statement.parent && statement.parent.type !== "block" && statement.parent.type !== "module") {
    statement = statement.parent;
  }
  return statement.startPosition.row + 1;
}

function inLoop(node: Node): boolean {
  let child = node;
  for (let current = node.parent; current && !BOUNDARIES.has(current.type); child = current, current = current.parent) {
    if (COMPREHENSIONS.has(current.type)) return true;
    // A while condition runs per iteration too; a for loop's iterable and else-clause run once.
    if (current.type === "while_statement" && current.childForFieldName("alternative")?.id !== child.id) return true;
    if (current.type === "for_statement" && current.childForFieldName("body")?.id === child.id) return true;
  }
  return false;
}

function mergeCache(a: CachePoints, b: CachePoints): CachePoints {
  const locations = [...a.locations, ...b.locations].sort((x, y) => CACHE_ORDER.indexOf(x) - CACHE_ORDER.indexOf(y));
  return { count: locations.length, locations, ttl: a.ttl === "1h" || b.ttl === "1h" ? "1h" : "5m" };
}
