/**
 * Matches base-side facts to head-side facts (call sites or resources) so each can be shown as
 * added / removed / modified / unchanged. Pure and generic over the fact type.
 */
export interface Pair<T> {
  key: string;
  base: T | null;
  head: T | null;
}

export interface PairingKeys<T> {
  /**
   * Optional first pass: facts with equal content keys (e.g. same function, API and model) pair in
   * order, so inserting a call above another does not shift the older one onto the new call's key.
   */
  contentKey?(fact: T, side: "base" | "head"): string;
  /** The stable key of a base-side fact. */
  baseKey(fact: T): string;
  /** The stable key of a head-side fact, with its path mapped back to the base path when the file was renamed. */
  headKey(fact: T): string;
  /**
   * A looser grouping for what the exact key missed (e.g. same file and API, enclosing function renamed):
   * when a group has exactly one unmatched fact on each side, they are paired.
   */
  fallbackGroup?(fact: T, side: "base" | "head"): string;
}

export function pairFacts<T>(base: readonly T[], head: readonly T[], keys: PairingKeys<T>): Array<Pair<T>> {
  const pairs: Array<Pair<T>> = [];
  let restBase = base;
  let restHead = head;
  if (keys.contentKey) {
    const byContent = new Map<string, T[]>();
    for (const fact of base) {
      const key = keys.contentKey(fact, "base");
      byContent.set(key, [...(byContent.get(key) ?? []), fact]);
    }
    const paired = new Set<T>();
    const unpairedHead: T[] = [];
    for (const fact of head) {
      const match = byContent.get(keys.contentKey(fact, "head"))?.shift();
      if (match === undefined) unpairedHead.push(fact);
      else {
        paired.add(match);
        pairs.push({ key: keys.headKey(fact), base: match, head: fact });
      }
    }
    restBase = base.filter((fact) => !paired.has(fact));
    restHead = unpairedHead;
  }

  const baseByKey = new Map<string, T>();
  for (const fact of restBase) baseByKey.set(keys.baseKey(fact), fact);
  const unmatchedHead: T[] = [];
  for (const fact of restHead) {
    const key = keys.headKey(fact);
    const match = baseByKey.get(key);
    if (match !== undefined) {
      baseByKey.delete(key);
      pairs.push({ key, base: match, head: fact });
    } else {
      unmatchedHead.push(fact);
    }
  }

  const unmatchedBase = [...baseByKey.values()];
  const rest = keys.fallbackGroup
    ? pairByUniqueGroup(unmatchedBase, unmatchedHead, keys as Required<PairingKeys<T>>)
    : { pairs: [], base: unmatchedBase, head: unmatchedHead };

  pairs.push(...rest.pairs);
  for (const fact of rest.base) pairs.push({ key: keys.baseKey(fact), base: fact, head: null });
  for (const fact of rest.head) pairs.push({ key: keys.headKey(fact), base: null, head: fact });
  return pairs;
}

function pairByUniqueGroup<T>(base: T[], head: T[], keys: Required<PairingKeys<T>>) {
  const groups = new Map<string, { base: T[]; head: T[] }>();
  const group = (name: string) => {
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { base: [], head: [] }));
    return g;
  };
  for (const fact of base) group(keys.fallbackGroup(fact, "base")).base.push(fact);
  for (const fact of head) group(keys.fallbackGroup(fact, "head")).head.push(fact);

  const pairs: Array<Pair<T>> = [];
  const leftBase: T[] = [];
  const leftHead: T[] = [];
  for (const g of groups.values()) {
    if (g.base.length === 1 && g.head.length === 1) {
      // Keyed by the head side: that is where the fact lives now.
      pairs.push({ key: keys.headKey(g.head[0]!), base: g.base[0]!, head: g.head[0]! });
    } else {
      leftBase.push(...g.base);
      leftHead.push(...g.head);
    }
  }
  return { pairs, base: leftBase, head: leftHead };
}
