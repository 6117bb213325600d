import type { Node, Parser } from "web-tree-sitter";
import { SideProgram } from "../../repository/program.js";
import { guardFile } from "../limits.js";
import type { CallSiteExtractor, ExtractInput, ExtractResult } from "../types.js";
import { type NamedCall, callsEndingIn } from "./calls.js";
import { productionCallers, sitePaths } from "./callers.js";
import type { Evaluator } from "./evaluate.js";
import { anthropic } from "./libraries/anthropic.js";
import { boto3 } from "./libraries/boto3.js";
import { speechSessions } from "./libraries/speech-sessions.js";
import { dspyLegacy } from "./libraries/dspy.js";
import { haystack } from "./libraries/haystack.js";
import { langchain } from "./libraries/langchain.js";
import { litellm } from "./libraries/litellm.js";
import { llamaIndex } from "./libraries/llamaindex.js";
import { pydanticAi } from "./libraries/pydantic-ai.js";
import { consumedByAgent, strands } from "./libraries/strands.js";
import { loadPythonParser } from "./parser.js";
import { mayContainBedrockCalls } from "./prefilter.js";
import { type FoundCall, type PyModule, PyProgram } from "./program.js";
import { mergeCache } from "./request-fields.js";
import { type SiteEntry, buildSites } from "./site.js";
import type { CallContext, Recognition, Recogniser, SiteFacts } from "./site-facts.js";
import { type Slot, present, sameNode } from "./values.js";

const RECOGNISERS: Recogniser[] = [boto3, speechSessions, anthropic, langchain, strands, llamaIndex, litellm, dspyLegacy, pydanticAi, haystack];
const CALL_NAMES: ReadonlySet<string> = new Set(RECOGNISERS.flatMap((r) => r.names));

type AgentRecognition = Extract<Recognition, { kind: "agent" }>;

/**
 * The Python call-site extractor; loading the parser is async, extraction is sync. With the side's
 * program, imports, clients, factories, settings and callers are followed into the other modules of the
 * side (each parsed once per side); without one, the file is read on its own. `.ipynb` is not handled.
 */
export async function loadPythonExtractor(): Promise<CallSiteExtractor> {
  const parser = await loadPythonParser();
  return {
    language: "python",
    handles: (path) => path.endsWith(".py"),
    mayContainCalls: mayContainBedrockCalls,
    extract: (file, side) => extractPython(parser, file, side),
  };
}

function extractPython(parser: Parser, file: ExtractInput, side?: SideProgram): ExtractResult {
  const own = side ?? SideProgram.ofFiles({ [file.path]: file.text });
  try {
    return guardFile(
      file.path,
      (): ExtractResult => {
        const program = PyProgram.of(own, parser);
        const module = program.module(file.path, file.text);
        if (module === null) return { sites: [], problems: [] };
        if (!("evaluator" in module)) return { sites: [], problems: [module] };
        return { sites: findSites(module, program), problems: [] };
      },
      (problem) => ({ sites: [], problems: [problem] }),
    );
  } finally {
    // A file read on its own: its tree is freed with the throwaway side.
    if (!side) own.dispose();
  }
}

function findSites(module: PyModule, program: PyProgram) {
  const { modules, callNames } = importsOf(module.root);
  const found: Array<{ candidate: NamedCall; facts: SiteFacts; index: number }> = [];
  const agents: AgentRecognition[] = [];
  for (const candidate of callsEndingIn(module.root, module.text, callNames.keys(), true)) {
    const recognition = recognitionAt(candidate, callNames, modules, module.evaluator);
    if (recognition?.kind === "site") found.push({ candidate, facts: recognition.facts, index: 0 });
    else if (recognition?.kind === "sites") recognition.facts.forEach((facts, index) => found.push({ candidate, facts, index }));
    else if (recognition) agents.push(recognition);
  }
  const entries: SiteEntry[] = [];
  for (const { candidate, facts, index } of found) {
    // Agents of this file on this model add their system prompt (and cache points) to its site.
    const around = agents.filter((agent) => sameNode(agent.modelCall, candidate.call));
    const recognise = (evaluator: Evaluator): SiteFacts | undefined => {
      const recognition = recognitionAt(candidate, callNames, modules, evaluator);
      if (recognition?.kind === "sites") return recognition.facts[index];
      return recognition?.kind === "site" ? withAgents(recognition.facts, around) : undefined;
    };
    let skip: ((found: FoundCall) => boolean) | undefined;
    if (callNames.get(candidate.name) === "BedrockModel") {
      const factory = enclosingFunction(candidate.call);
      if (factory) {
        // A model made by a factory for Agents is priced at each Agent (see strands.ts).
        const callers = productionCallers(program, factory, module);
        if (callers.length > 0 && callers.every(consumedByAgent)) continue;
        skip = consumedByAgent;
      }
    }
    entries.push({ call: candidate.call, api: facts.api, paths: sitePaths(recognise, candidate.call, module, program, skip) });
  }
  return buildSites(entries, module, program);
}

/** The invocation at a candidate call as `evaluator` sees it, when a recogniser knows it. */
function recognitionAt(candidate: NamedCall, callNames: Map<string, string>, imports: Set<string>, evaluator: Evaluator): Recognition | null {
  const callee = evaluator.evaluate(candidate.fn);
  if (callee.kind !== "ref" && callee.kind !== "dynamic") return null;
  let args: Slot | undefined;
  const context: CallContext = {
    call: candidate.call,
    fn: candidate.fn,
    callee,
    evaluator,
    imports,
    get args() {
      return (args ??= present(evaluator.arguments(candidate.call, candidate.skip)));
    },
  };
  const name = callNames.get(candidate.name)!;
  for (const recogniser of RECOGNISERS) {
    if (!recogniser.names.includes(name)) continue;
    const recognition = recogniser.recognise(context);
    if (recognition) return recognition;
  }
  return null;
}

function withAgents(facts: SiteFacts, agents: AgentRecognition[]): SiteFacts {
  let out = facts;
  for (const agent of agents) {
    out = { ...out, systemPrompt: out.systemPrompt ?? agent.systemPrompt, cachePoints: mergeCache(out.cachePoints, agent.cachePoints) };
  }
  return out;
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

/** The innermost function holding a node. */
function enclosingFunction(node: Node): Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === "function_definition") return current;
  }
  return null;
}
