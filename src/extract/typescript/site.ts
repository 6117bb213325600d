import { ts } from "ts-morph";
import { siteKey, type CallSite, type Language } from "../../model/call-site.js";
import type { SourceLocation } from "../../model/location.js";
import { annotationFor, type FileDirectives } from "../directives.js";
import { isInLoop } from "./loop.js";
import type { Recognised } from "./recognised.js";
import { symbolPath } from "./symbol.js";

export const LOOP_NOTE = "inside a loop";

/** Turns recognised invocations into call sites: location, symbol, ordinal and key, loop note, annotation. */
export function buildSites(
  recognised: Recognised[],
  sourceFile: ts.SourceFile,
  path: string,
  language: Language,
  directives: FileDirectives,
): CallSite[] {
  const ordered = [...recognised].sort((a, b) => a.node.getStart(sourceFile) - b.node.getStart(sourceFile));
  const counts = new Map<string, number>();
  return ordered.map(({ node, ...facts }) => {
    const symbol = symbolPath(node);
    const group = `${symbol}\u0000${facts.api}`;
    const ordinal = counts.get(group) ?? 0;
    counts.set(group, ordinal + 1);
    const site: CallSite = {
      key: siteKey(path, symbol, facts.api, ordinal),
      location: locationOf(node, sourceFile, path),
      language,
      sdk: facts.sdk,
      api: facts.api,
      symbol,
      ordinal,
      model: facts.model,
      maxTokens: facts.maxTokens,
      cachePoints: facts.cachePoints,
      systemPrompt: facts.systemPrompt,
      serviceTier: facts.serviceTier,
      embedding: facts.embedding,
      notes: isInLoop(node) ? [LOOP_NOTE, ...facts.notes] : facts.notes,
    };
    const annotation = annotationFor(directives, lineOf(statementOf(node), sourceFile));
    if (annotation) site.annotation = annotation;
    return site;
  });
}

function locationOf(node: ts.Node, sourceFile: ts.SourceFile, path: string): SourceLocation {
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
  return { path, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

function lineOf(node: ts.Node, sourceFile: ts.SourceFile): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

/** The statement (or class member) an expression belongs to; annotations sit above it. */
function statementOf(node: ts.Node): ts.Node {
  let current = node;
  while (current.parent && !holdsStatements(current.parent) && !ts.isClassLike(current.parent)) current = current.parent;
  return current;
}

function holdsStatements(node: ts.Node): boolean {
  return ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node);
}
