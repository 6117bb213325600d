import { describe, expect, it } from "vitest";
import type { FileContent } from "../../../src/model/source-file.js";
import type { Listing, SourceTree } from "../../../src/repository/source.js";
import { ReadSession, RepositoryView } from "../../../src/repository/view.js";

/** A side whose files carry blob ids, counting what it is asked to read. */
function side(files: Record<string, { id: string; text: string }>, reads: string[][]): SourceTree {
  return {
    label: "side",
    list: async (): Promise<Listing> => ({ files: new Map(Object.entries(files).map(([path, f]) => [path, { id: f.id }])), vendoredFolders: [], notes: [] }),
    read: async function* (paths) {
      reads.push([...paths]);
      for (const path of paths) yield { path, content: { kind: "text", text: files[path]!.text } satisfies FileContent };
    },
  };
}

describe("RepositoryView", () => {
  it("reads a blob both sides share once, however many paths and sides hold it", async () => {
    const session = new ReadSession();
    const baseReads: string[][] = [];
    const headReads: string[][] = [];
    const base = await new RepositoryView(side({ "a.ts": { id: "1", text: "A" }, "b.ts": { id: "2", text: "B" } }, baseReads), session).open();
    const head = await new RepositoryView(side({ "a.ts": { id: "1", text: "A" }, "c.ts": { id: "3", text: "C" } }, headReads), session).open();
    await base.load(["a.ts", "b.ts"]);
    await head.load(["a.ts", "c.ts"]);
    expect(baseReads).toEqual([["a.ts", "b.ts"]]);
    expect(headReads).toEqual([["c.ts"]]);
    expect(head.text("a.ts")).toBe("A");
    expect(session.used).toEqual({ files: 3, bytes: 3 });
  });

  it("stops at the budget, recording what it left unread, and never reads a path twice", async () => {
    const session = new ReadSession({ files: 2, bytes: 1_000 });
    const reads: string[][] = [];
    const view = await new RepositoryView(side({ "a.ts": { id: "1", text: "A" }, "b.ts": { id: "2", text: "B" }, "c.ts": { id: "3", text: "C" } }, reads), session).open();
    await view.load(["a.ts", "b.ts", "c.ts"]);
    await view.load(["a.ts"]);
    expect(reads).toEqual([["a.ts", "b.ts"]]);
    expect(view.isLoaded("c.ts")).toBe(false);
    expect(session.cutOff.get("side")).toEqual(["c.ts"]);
  });

  it("remembers the listed files asked for before they were loaded, so the engine can load them and look again", async () => {
    const view = await new RepositoryView(side({ "prompt.md": { id: "1", text: "P" } }, [])).open();
    expect(view.text("prompt.md")).toBeUndefined();
    expect(view.text("missing.md")).toBeUndefined();
    expect(view.takeRequests()).toEqual(["prompt.md"]);
    expect(view.takeRequests()).toEqual([]);
    await view.load(["prompt.md"]);
    expect(view.text("prompt.md")).toBe("P");
  });
});
