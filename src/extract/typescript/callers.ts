import { ts } from "ts-morph";
import type { CallerLink, CallFacts } from "../../model/call-site.js";
import { MAX_CALLER_DEPTH, MAX_CALLER_PATHS, type SitePath, factsKey, isDynamic, notCalledNote, settlePaths } from "../caller-paths.js";
import { annotationFor } from "../directives.js";
import { isTestPath } from "../test-files.js";
import { mergeVia } from "../refs.js";
import type { Evaluator, Frame } from "./evaluate.js";
import { refTo, type FoundCall, type TsModule, type TsProgram } from "./program.js";
import type { Recognised } from "./recognised.js";
import { statementLine } from "./site.js";
import { declaredName, symbolPath } from "./symbol.js";
import type { FunctionNode, Value } from "./value.js";

interface Link {
  fn: FunctionNode;
  found: FoundCall;
}

/**
 * The paths to one recognised site. A site whose facts read its function's parameters is priced per
 * call of that function anywhere in the repository (through any number of wrapper levels, up to
 * MAX_CALLER_DEPTH; a cycle ends the path), each with the caller's arguments bound. When every path
 * gives the facts the site has on its own (the parameters only feed the prompt, say), or no caller
 * resolves any of them, the site stays one site, saying so.
 */
export function sitePaths(recognise: (evaluator: Evaluator) => Recognised | undefined, at: ts.Node, module: TsModule, program: TsProgram): Array<SitePath<Recognised>> {
  const tracking = module.evaluator.fresh();
  const alone = recognise(tracking);
  if (!alone) return [];
  const fn = dependsOn(tracking.readParameters, at);
  // Callers are looked for when a fact is unknown, or when unknown parameters would move one (a default
  // a caller may override); parameters that only feed the prompt move nothing.
  const moved = fn !== undefined && movedByParameters(recognise, module.evaluator.fresh(), tracking.readParameters, alone);
  if (!fn || !(moved || isDynamic(alone))) return [{ facts: alone, callers: [], via: tracking.via, notes: [] }];
  const name = functionName(fn);
  const callers = productionCallers(program, fn);
  if (callers.length === 0) {
    return [{ facts: alone, callers: [], via: tracking.via, notes: moved ? [notCalledNote(name)] : [] }];
  }

  let explored = 0;
  // A chain's paths: the chain itself, or — when its outermost call reads parameters of the function it
  // is in — the chains through that function's callers, unless they all give the same facts.
  const walk = (chain: Link[]): Array<SitePath<Recognised>> => {
    explored++;
    const { site, outermost } = evaluatorsFor(chain, module);
    const facts = recognise(site);
    if (!facts) return [];
    const here: SitePath<Recognised> = {
      facts,
      callers: chain.map((link) => callerLink(link, program)),
      via: mergeVia(site.via, chain.map((link) => refTo(link.found.module, link.found.call, `call of ${functionName(link.fn)}`))),
      notes: [],
    };
    const last = chain[chain.length - 1]!;
    const next = dependsOn(outermost.readParameters, last.found.call, chain.map((l) => l.fn));
    const moved = next !== undefined && (isDynamic(facts) || movedByParameters((e) => recognise(evaluatorsFor(chain, module, e).site), last.found.module.evaluator.fresh(), outermost.readParameters, facts));
    const nextCallers = moved && chain.length < MAX_CALLER_DEPTH && explored < MAX_CALLER_PATHS * 4 ? productionCallers(program, next!) : [];
    if (!next || nextCallers.length === 0) return [here];
    const deeper = nextCallers.flatMap((found) => walk([...chain, { fn: next, found }]));
    return deeper.length === 0 || deeper.every((path) => factsKey(path.facts) === factsKey(facts)) ? [here] : deeper;
  };
  const paths = callers.flatMap((found) => walk([{ fn, found }]));

  return settlePaths({ facts: alone, callers: [], via: tracking.via, notes: [] }, paths, callers.length, name);
}

/**
 * Whether the facts move when the parameters read are unknown: evaluated again with every one of them
 * (defaults included) bound to an unknown value, by `evaluator` with probing frames.
 */
function movedByParameters(recognise: (evaluator: Evaluator) => Recognised | undefined, evaluator: Evaluator, read: ReadonlySet<FunctionNode>, facts: CallFacts): boolean {
  let probing = evaluator;
  for (const fn of read) probing = probing.withFrame({ fn, args: [], caller: evaluator, probe: true });
  const probed = recognise(probing);
  return !probed || fullKey(probed) !== fullKey(facts);
}

function fullKey(facts: CallFacts): string {
  return JSON.stringify([facts.model, facts.maxTokens, facts.cachePoints, facts.systemPrompt, facts.serviceTier, facts.embedding]);
}

function productionCallers(program: TsProgram, fn: FunctionNode): FoundCall[] {
  return program.callersOf(fn).filter((found) => !isTestPath(found.module.path));
}


/**
 * The evaluators for one chain of calls: the outermost caller's module as it is, each inner caller's
 * module with the frame its caller's call gives it, and the site's module with the innermost frame.
 */
function evaluatorsFor(chain: Link[], module: TsModule, outer?: Evaluator): { site: Evaluator; outermost: Evaluator } {
  const outermost = outer ?? chain[chain.length - 1]!.found.module.evaluator.fresh();
  let caller = outermost;
  for (let i = chain.length - 1; i >= 1; i--) caller = chain[i - 1]!.found.module.evaluator.fresh().withFrame(frameFor(chain[i]!, caller));
  return { site: module.evaluator.fresh().withFrame(frameFor(chain[0]!, caller)), outermost };
}

function frameFor(link: Link, caller: Evaluator): Frame {
  const { call } = link.found;
  const self = receiverOf(call, caller);
  return { fn: link.fn, args: call.arguments ?? [], caller, ...(self ? { self } : {}) };
}

/** The object a method is called on, as the caller sees it (`service.chat(…)`, `new Service(…)`). */
function receiverOf(call: ts.CallExpression | ts.NewExpression, caller: Evaluator): Value | undefined {
  if (ts.isNewExpression(call)) {
    const cls = caller.evaluate(call.expression);
    return cls.kind === "class" ? { kind: "instance", node: cls.node, evaluator: cls.evaluator, construct: { args: call.arguments ?? [], caller } } : undefined;
  }
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.expression.kind === ts.SyntaxKind.ThisKeyword) return undefined;
  const receiver = caller.evaluate(callee.expression);
  return receiver.kind === "instance" || receiver.kind === "class" ? receiver : undefined;
}

function callerLink(link: Link, program: TsProgram): CallerLink {
  const { call, module } = link.found;
  const start = module.sourceFile.getLineAndCharacterOfPosition(call.getStart(module.sourceFile));
  const symbol = symbolPath(call);
  const same = program.callersOf(link.fn).filter((f) => f.module === module && symbolPath(f.call) === symbol);
  const annotation = annotationFor(program.directivesOf(module), statementLine(call, module.sourceFile));
  return {
    path: module.path,
    line: start.line + 1,
    column: start.character + 1,
    symbol,
    callee: functionName(link.fn).replace(/`/g, ""),
    ordinal: same.findIndex((f) => f.call === call),
    ...(annotation ? { annotation } : {}),
  };
}

function functionName(fn: FunctionNode): string {
  const name = ts.isConstructorDeclaration(fn) ? (fn.parent.name?.text ?? "class") : (declaredName(fn) ?? "an anonymous function");
  return `\`${name}\``;
}

/**
 * The function whose callers decide what `node` read: the innermost enclosing function whose parameters
 * were read, or — when what was read is a constructor's parameter (`this.model` set from it) — the
 * method of that class enclosing the node, whose callers say which instance it runs on.
 */
function dependsOn(read: ReadonlySet<FunctionNode>, node: ts.Node, exclude: readonly FunctionNode[] = []): FunctionNode | undefined {
  const candidates = [...read].flatMap((fn): FunctionNode[] => {
    if (encloses(fn, node)) return [fn];
    if (!ts.isConstructorDeclaration(fn) || !encloses(fn.parent, node)) return [];
    const method = fn.parent.members.find((m) => (ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m)) && m.body !== undefined && encloses(m, node));
    return method ? [method as FunctionNode] : [];
  });
  return innermost(candidates.filter((fn) => !exclude.includes(fn)));
}

/** The function among `fns` nearest to the node (the innermost enclosing one). */
function innermost(fns: FunctionNode[]): FunctionNode | undefined {
  return fns.sort((a, b) => b.getStart() - a.getStart())[0];
}

function encloses(fn: ts.Node, node: ts.Node): boolean {
  return fn.getSourceFile() === node.getSourceFile() && fn.getStart() <= node.getStart() && node.getEnd() <= fn.getEnd();
}

