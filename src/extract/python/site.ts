import type { Node } from "web-tree-sitter";
import { type CallSite, callerPathKey, siteKey } from "../../model/call-site.js";
import { annotationFor } from "../directives.js";
import type { SitePath } from "../caller-paths.js";
import type { PyModule, PyProgram } from "./program.js";
import type { SiteFacts } from "./site-facts.js";

const COMPREHENSIONS = new Set(["list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression"]);
const BOUNDARIES = new Set(["function_definition", "class_definition", "lambda"]);
export const LOOP_NOTE = "inside a loop";

/** One recognised invocation and the paths it is reached by (itself alone, or per caller). */
export interface SiteEntry {
  call: Node;
  api: SiteFacts["api"];
  paths: SitePath[];
}

/**
 * Turns recognised invocations into call sites: location, symbol, ordinal and key, loop note, annotation;
 * one site per caller path, keyed by the site's key and the calls on the way. `via` keeps the refs of
 * other files only: the site's own file moving is the site's own change.
 */
export function buildSites(entries: SiteEntry[], module: PyModule, program: PyProgram): CallSite[] {
  const directives = program.directivesOf(module);
  const ordinals = new Map<string, number>();
  const ordered = [...entries].sort((a, b) => a.call.startIndex - b.call.startIndex || b.call.endIndex - a.call.endIndex);
  return ordered.flatMap(({ call, api, paths }) => {
    const symbol = symbolOf(call);
    const group = `${symbol}\u0000${api}`;
    const ordinal = ordinals.get(group) ?? 0;
    ordinals.set(group, ordinal + 1);
    const key = siteKey(module.path, symbol, api, ordinal);
    const annotation = annotationFor(directives, statementLine(call));
    const loop = inLoop(call) ? [LOOP_NOTE] : [];
    const location = {
      path: module.path,
      line: call.startPosition.row + 1,
      column: call.startPosition.column + 1,
      endLine: call.endPosition.row + 1,
      endColumn: call.endPosition.column + 1,
    };
    return paths.map(({ facts, callers, via, notes }) => {
      const site: CallSite = {
        key: callers.length ? callerPathKey(key, callers) : key,
        location,
        language: "python",
        symbol,
        ordinal,
        ...facts,
        notes: [...facts.notes, ...loop, ...notes],
      };
      if (annotation) site.annotation = annotation;
      if (callers.length) site.callers = callers;
      const others = via?.filter((ref) => ref.path !== module.path);
      if (others?.length) site.via = others;
      return site;
    });
  });
}

/** "Class.method", "function", "outer.inner"; "" at module level. */
export function symbolOf(node: Node): string {
  const names: string[] = [];
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === "function_definition" || current.type === "class_definition") {
      names.unshift(current.childForFieldName("name")?.text ?? "?");
    }
  }
  return names.join(".");
}

/** The first line of the statement holding the call: where a `# bedrock-cost:` annotation stands above. */
export function statementLine(node: Node): number {
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
