import { ts } from "ts-morph";
import { callerPathKey, siteKey, type CallSite, type Language } from "../../model/call-site.js";
import type { SourceLocation } from "../../model/location.js";
import { annotationFor, type FileDirectives } from "../directives.js";
import type { SitePath } from "../caller-paths.js";
import { isInLoop } from "./loop.js";
import type { Recognised } from "./recognised.js";
import { symbolPath } from "./symbol.js";

export const LOOP_NOTE = "inside a loop";

/** One recognised invocation and the paths it is reached by (itself alone, or per caller). */
export interface SiteEntry {
  recognised: Recognised;
  paths: Array<SitePath<Recognised>>;
}

/**
 * Turns recognised invocations into call sites: location, symbol, ordinal and key, loop note, annotation;
 * one site per caller path, keyed by the site's key and the calls on the way.
 */
export function buildSites(entries: SiteEntry[], sourceFile: ts.SourceFile, path: string, language: Language, directives: FileDirectives): CallSite[] {
  const ordered = [...entries].sort((a, b) => a.recognised.node.getStart(sourceFile) - b.recognised.node.getStart(sourceFile));
  const counts = new Map<string, number>();
  return ordered.flatMap(({ recognised, paths }) => {
    const { node } = recognised;
    const symbol = symbolPath(node);
    const group = `${symbol}\u0000${recognised.api}`;
    const ordinal = counts.get(group) ?? 0;
    counts.set(group, ordinal + 1);
    const key = siteKey(path, symbol, recognised.api, ordinal);
    const location = locationOf(node, sourceFile, path);
    const annotation = annotationFor(directives, statementLine(node, sourceFile));
    const loop = isInLoop(node) ? [LOOP_NOTE] : [];
    return paths.map(({ facts, callers, via, notes }) => {
      const site: CallSite = {
        key: callers.length ? callerPathKey(key, callers) : key,
        location,
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
        notes: [...loop, ...facts.notes, ...notes],
      };
      if (annotation) site.annotation = annotation;
      if (facts.invokesAgent) site.invokesAgent = facts.invokesAgent;
      if (facts.invokesFlow) site.invokesFlow = facts.invokesFlow;
      if (facts.thinkingBudget) site.thinkingBudget = facts.thinkingBudget;
      if (facts.media) site.media = facts.media;
      if (facts.guardrail) site.guardrail = facts.guardrail;
      if (facts.retrieval) site.retrieval = facts.retrieval;
      if (facts.region) site.region = facts.region;
      if (callers.length) site.callers = callers;
      if (via?.length) site.via = via;
      return site;
    });
  });
}

function locationOf(node: ts.Node, sourceFile: ts.SourceFile, path: string): SourceLocation {
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
  return { path, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

/** The first line of the statement (or class member) an expression belongs to: annotations sit above it. */
export function statementLine(node: ts.Node, sourceFile: ts.SourceFile): number {
  let current = node;
  while (current.parent && !holdsStatements(current.parent) && !ts.isClassLike(current.parent)) current = current.parent;
  return sourceFile.getLineAndCharacterOfPosition(current.getStart(sourceFile)).line + 1;
}

function holdsStatements(node: ts.Node): boolean {
  return ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node);
}
