import type { CallerLink, CallFacts, DeclarationRef } from "../model/call-site.js";

/**
 * What every language's wrapper pricing shares: the limits, the shape of a caller path, and how the
 * paths found for a site are settled into the sites reported (see typescript/callers.ts, python/callers.ts).
 */

/** Wrapper levels followed from a site to its callers' callers. */
export const MAX_CALLER_DEPTH = 8;
/** Caller paths priced per site; the rest are said, not priced. */
export const MAX_CALLER_PATHS = 256;

/** One way a site is reached: its facts as these callers' arguments make them. */
export interface SitePath<Facts extends CallFacts = CallFacts> {
  facts: Facts;
  /** Innermost first; empty for the site on its own. */
  callers: CallerLink[];
  via: DeclarationRef[] | undefined;
  notes: string[];
}

/** The facts that price a site, for comparing two ways it is reached. */
export function factsKey(facts: CallFacts): string {
  return JSON.stringify([facts.model.id, facts.model.source, facts.maxTokens, facts.cachePoints, facts.systemPrompt?.chars, facts.serviceTier.tier, facts.embedding]);
}

/** Whether a fact the site's price needs is unknown. */
export function isDynamic(facts: CallFacts): boolean {
  return facts.model.id === null || facts.maxTokens.kind === "dynamic" || (facts.systemPrompt !== null && facts.systemPrompt.chars === null) || facts.serviceTier.tier === null;
}

/** The note of a site whose facts come from the parameters of a function nothing calls. */
export function notCalledNote(name: string): string {
  return `${name} is not called anywhere in the repository outside tests, so its parameters are unknown`;
}

/**
 * The sites reported for one site reached by `paths` through `callerCount` calls of the wrapper `name`:
 * the site alone when every path gives its own facts, or when no path gives a model id known statically
 * (then saying from how many places it is called); else the paths, at most MAX_CALLER_PATHS of them. A
 * path with an empty model id never reaches Bedrock (the request is refused) and is no traffic.
 */
export function settlePaths<Facts extends CallFacts>(alone: SitePath<Facts>, found: Array<SitePath<Facts>>, callerCount: number, name: string): Array<SitePath<Facts>> {
  const paths = found.filter((path) => path.facts.model.id !== "");
  if (paths.every((path) => path.facts.model.id === null) && alone.facts.model.id === null) {
    const places = `${callerCount} place${callerCount === 1 ? "" : "s"}`;
    const facts = { ...alone.facts, model: { ...alone.facts.model, origin: `${alone.facts.model.origin ?? "a parameter"}, called from ${places}` } };
    return [{ ...alone, facts, notes: [`${name} is called from ${places}; none passes a model id known statically`] }];
  }
  if (paths.every((path) => factsKey(path.facts) === factsKey(alone.facts))) return [alone];
  if (paths.length <= MAX_CALLER_PATHS) return paths;
  const note = `only the first ${MAX_CALLER_PATHS} caller paths of ${name} are priced; ${paths.length - MAX_CALLER_PATHS} more are not`;
  return paths.slice(0, MAX_CALLER_PATHS).map((path) => ({ ...path, notes: [...path.notes, note] }));
}
