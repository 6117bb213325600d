import { describe, expect, it } from "vitest";
import { pairFacts } from "../../../src/pairing/pair.js";

interface Fact {
  path: string;
  symbol: string;
  api: string;
}
const key = (f: Fact) => `${f.path}#${f.symbol}#${f.api}`;
const renames = new Map([["src/new.ts", "src/old.ts"]]);
const keys = {
  baseKey: key,
  headKey: (f: Fact) => key({ ...f, path: renames.get(f.path) ?? f.path }),
  fallbackGroup: (f: Fact, side: "base" | "head") => `${side === "head" ? (renames.get(f.path) ?? f.path) : f.path}#${f.api}`,
};
const f = (path: string, symbol: string, api = "converse"): Fact => ({ path, symbol, api });

describe("pairFacts", () => {
  it("pairs by exact key and leaves the rest as added or removed", () => {
    const pairs = pairFacts([f("a.ts", "x"), f("a.ts", "gone")], [f("a.ts", "x"), f("b.ts", "new")], { baseKey: key, headKey: key });
    expect(pairs.map((p) => [p.key, p.base?.symbol ?? null, p.head?.symbol ?? null])).toEqual([
      ["a.ts#x#converse", "x", "x"],
      ["a.ts#gone#converse", "gone", null],
      ["b.ts#new#converse", null, "new"],
    ]);
  });

  it("follows a renamed file through its previous path", () => {
    const pairs = pairFacts([f("src/old.ts", "answer")], [f("src/new.ts", "answer")], keys);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]!.base!.path).toBe("src/old.ts");
    expect(pairs[0]!.head!.path).toBe("src/new.ts");
  });

  it("pairs a lone site whose enclosing function was renamed (same file, same api)", () => {
    const pairs = pairFacts([f("a.ts", "answer")], [f("a.ts", "reply")], keys);
    expect(pairs).toEqual([{ key: "a.ts#reply#converse", base: f("a.ts", "answer"), head: f("a.ts", "reply") }]);
  });

  it("does not guess when several sites in the group are unmatched", () => {
    const pairs = pairFacts([f("a.ts", "one"), f("a.ts", "two")], [f("a.ts", "uno"), f("a.ts", "dos")], keys);
    expect(pairs.filter((p) => p.base && p.head)).toHaveLength(0);
    expect(pairs).toHaveLength(4);
  });

  it("never pairs across APIs", () => {
    const pairs = pairFacts([f("a.ts", "answer", "converse")], [f("a.ts", "reply", "invoke_model")], keys);
    expect(pairs.filter((p) => p.base && p.head)).toHaveLength(0);
  });
});

describe("pairFacts: content first", () => {
  interface Call {
    fn: string;
    model: string;
    ordinal: number;
  }
  const keyed = {
    contentKey: (c: Call) => `${c.fn}#${c.model}`,
    baseKey: (c: Call) => `${c.fn}#${c.ordinal}`,
    headKey: (c: Call) => `${c.fn}#${c.ordinal}`,
  };

  it("keeps an untouched call paired when a new one is inserted above it in the same function", () => {
    const haiku = { fn: "f", model: "haiku", ordinal: 0 };
    const pairs = pairFacts([haiku], [{ fn: "f", model: "opus", ordinal: 0 }, { fn: "f", model: "haiku", ordinal: 1 }], keyed);
    expect(pairs.map((p) => [p.base?.model ?? null, p.head?.model ?? null])).toEqual([
      ["haiku", "haiku"],
      [null, "opus"],
    ]);
  });

  it("still pairs an in-place model change by position", () => {
    const pairs = pairFacts([{ fn: "f", model: "haiku", ordinal: 0 }], [{ fn: "f", model: "sonnet", ordinal: 0 }], keyed);
    expect(pairs.map((p) => [p.base?.model, p.head?.model])).toEqual([["haiku", "sonnet"]]);
  });
});
