import type { Node } from "web-tree-sitter";
import type { CallerLink } from "../../model/call-site.js";
import { MAX_CALLER_DEPTH, MAX_CALLER_PATHS, type SitePath, factsKey, isDynamic, notCalledNote, settlePaths } from "../caller-paths.js";
import { annotationFor } from "../directives.js";
import { isTestPath } from "../test-files.js";
import { mergeVia } from "../refs.js";
import { type Evaluator, type Frame, Tracker, nameOf } from "./evaluate.js";
import type { FoundCall, PyModule, PyProgram } from "./program.js";
import { definitionParent } from "./scopes.js";
import { statementLine, symbolOf } from "./site.js";
import type { SiteFacts } from "./site-facts.js";
import { type PyValue, sameNode } from "./values.js";

interface Link {
  /** The function called (its `function_definition`) and the module defining it. */
  fn: Node;
  home: PyModule;
  found: FoundCall;
}

/**
 * The paths to one recognised site. A site whose facts read its function's parameters is priced per
 * call of that function anywhere in the repository (through any number of wrapper levels, up to
 * MAX_CALLER_DEPTH; a cycle ends the path), each with the caller's arguments bound — keyword and
 * positional, defaults where not passed, `self` as the caller's instance. When every path gives the
 * facts the site has on its own (the parameters only feed the prompt, say), the site stays one site;
 * when no caller passes a model id known statically, one site saying from how many places it is called.
 * `skip` leaves out callers that are sites of their own (a Strands Agent around a model factory).
 */
export function sitePaths(
  recognise: (evaluator: Evaluator) => SiteFacts | undefined,
  at: Node,
  module: PyModule,
  program: PyProgram,
  skip?: (found: FoundCall) => boolean,
): SitePath[] {
  const tracking = module.evaluator.fresh();
  const tracker = tracking.tracker!;
  const alone = recognise(tracking);
  if (!alone) return [];
  const fn = dependsOn(tracker.readParameters, at);
  if (!fn || !parametersMatter(recognise, module, alone)) return [{ facts: alone, callers: [], via: tracker.via, notes: [] }];
  const name = functionName(fn);
  const callers = productionCallers(program, fn, module).filter((found) => !skip?.(found));
  if (callers.length === 0) {
    return [{ facts: alone, callers: [], via: tracker.via, notes: isDynamic(alone) ? [notCalledNote(name)] : [] }];
  }

  let explored = 0;
  // A chain's paths: the chain itself, or — when its outermost call reads parameters of the function it
  // is in — the chains through that function's callers, unless they all give the same facts.
  const walk = (chain: Link[]): SitePath[] => {
    explored++;
    const { site, outermost } = evaluatorsFor(chain, module);
    const facts = recognise(site);
    if (!facts) return [];
    const here: SitePath = {
      facts,
      callers: chain.map((link) => callerLink(link, program)),
      via: mergeVia(site.tracker!.via, chain.map((link) => program.refTo(link.found.module, link.found.call, `call of ${nameOf(calleeOf(link.fn))}`))),
      notes: [],
    };
    const last = chain[chain.length - 1]!;
    const next = dependsOn(outermost.tracker!.readParameters, last.found.call, chain.map((l) => l.fn));
    const nextCallers = next && chain.length < MAX_CALLER_DEPTH && explored < MAX_CALLER_PATHS * 4 ? productionCallers(program, next, last.found.module) : [];
    if (!next || nextCallers.length === 0) return [here];
    const deeper = nextCallers.flatMap((found) => walk([...chain, { fn: next, home: last.found.module, found }]));
    return deeper.length === 0 || deeper.every((path) => factsKey(path.facts) === factsKey(facts)) ? [here] : deeper;
  };
  const paths = callers.flatMap((found) => walk([{ fn, home: module, found }]));

  return settlePaths({ facts: alone, callers: [], via: tracker.via, notes: [] }, paths, callers.length, name);
}

/** A value no caller's argument evaluates to: it shows whether parameters reach a site's facts at all. */
const PROBE: PyValue = { kind: "str", value: "\u0000probe", source: "literal" };

/**
 * Whether the parameters a site read change its facts: the site is recognised once more with every
 * unbound parameter read as an opaque value, and its facts (values and the words saying where unknown
 * ones come from) compared with the site's own. When they are the same — the parameters only feed the
 * prompt, say — no caller can move them, and the callers are not searched for.
 */
function parametersMatter(recognise: (evaluator: Evaluator) => SiteFacts | undefined, module: PyModule, alone: SiteFacts): boolean {
  const probed = recognise(module.evaluator.fresh(new Tracker(PROBE)));
  return probed === undefined || JSON.stringify(probed) !== JSON.stringify(alone);
}

/** Calls of a function outside test code: tests call mocks, so they are no source of traffic. */
export function productionCallers(program: PyProgram, fn: Node, home: PyModule): FoundCall[] {
  return program.callersOf(fn, home).filter((found) => !isTestPath(found.module.path));
}


/**
 * The evaluators for one chain of calls, sharing one tracker: the outermost caller's module as it is,
 * each inner caller's module with the frame its caller's call gives it, and the site's module with the
 * innermost frame.
 */
function evaluatorsFor(chain: Link[], module: PyModule): { site: Evaluator; outermost: Evaluator } {
  const tracker = new Tracker();
  const outermost = chain[chain.length - 1]!.found.module.evaluator.fresh(tracker);
  let caller = outermost;
  for (let i = chain.length - 1; i >= 1; i--) caller = chain[i - 1]!.found.module.evaluator.fresh(tracker).withFrame(frameFor(chain[i]!, caller));
  return { site: module.evaluator.fresh(tracker).withFrame(frameFor(chain[0]!, caller)), outermost };
}

/** The frame one call gives the function it calls: its arguments, and the instance a method runs on. */
function frameFor(link: Link, caller: Evaluator): Frame {
  const { call } = link.found;
  const cls = definitionParent(link.fn);
  if (nameOf(link.fn) === "__init__" && cls?.type === "class_definition") {
    return { fn: link.fn, call, caller, self: { kind: "instance", node: cls, evaluator: link.home.evaluator, construct: { call, caller } }, shift: 1 };
  }
  const callee = caller.evaluate(call.childForFieldName("function")!);
  const self = callee.kind === "function" && sameNode(callee.node, link.fn) ? callee.self : undefined;
  return { fn: link.fn, call, caller, ...(self && { self }), shift: self ? 1 : 0 };
}

function callerLink(link: Link, program: PyProgram): CallerLink {
  const { call, module } = link.found;
  const symbol = symbolOf(call);
  const same = program.callersOf(link.fn, link.home).filter((f) => f.module === module && symbolOf(f.call) === symbol);
  const annotation = annotationFor(program.directivesOf(module), statementLine(call));
  return {
    path: module.path,
    line: call.startPosition.row + 1,
    column: call.startPosition.column + 1,
    symbol,
    callee: nameOf(calleeOf(link.fn)),
    ordinal: Math.max(0, same.findIndex((f) => sameNode(f.call, call))),
    ...(annotation && { annotation }),
  };
}

/** What a caller calls to reach `fn`: the function, or the class for its `__init__`. */
function calleeOf(fn: Node): Node {
  const cls = definitionParent(fn);
  return nameOf(fn) === "__init__" && cls?.type === "class_definition" ? cls : fn;
}

function functionName(fn: Node): string {
  return `\`${nameOf(calleeOf(fn))}\``;
}

/**
 * The function whose callers decide what `node` read: the innermost enclosing function whose parameters
 * were read, or — when what was read is an `__init__` parameter (`self.model` set from it) — the method
 * of that class enclosing the node, whose callers say which instance it runs on.
 */
function dependsOn(read: ReadonlyMap<number, Node>, node: Node, exclude: readonly Node[] = []): Node | undefined {
  const candidates = [...read.values()].flatMap((fn): Node[] => {
    if (encloses(fn, node)) return [fn];
    const cls = definitionParent(fn);
    if (nameOf(fn) !== "__init__" || cls?.type !== "class_definition" || !encloses(cls, node)) return [];
    const method = methodEnclosing(cls, node);
    return method ? [method] : [];
  });
  return candidates.filter((fn) => !exclude.some((e) => sameNode(e, fn))).sort((a, b) => b.startIndex - a.startIndex)[0];
}

function methodEnclosing(cls: Node, node: Node): Node | undefined {
  let method: Node | undefined;
  for (let current = node.parent; current && !sameNode(current, cls); current = current.parent) {
    if (current.type === "function_definition" && sameNode(definitionParent(current), cls)) method = current;
  }
  return method;
}

function encloses(fn: Node, node: Node): boolean {
  return fn.tree === node.tree && fn.startIndex <= node.startIndex && node.endIndex <= fn.endIndex;
}

