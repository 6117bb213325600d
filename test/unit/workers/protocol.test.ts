import { describe, expect, it } from "vitest";
import type { ReadFile } from "../../../src/repository/source.js";
import { packFiles, unpackFiles } from "../../../src/workers/protocol.js";

describe("files packed for a worker", () => {
  it("round-trip: each file's bytes come back as they were, texts and skipped contents unchanged", () => {
    // Small Buffers share Node's allocation pool: packing must copy each file's own range, not the pool.
    const files: ReadFile[] = [
      { path: "a.ts", content: { kind: "bytes", bytes: Buffer.from("export const a = 1;\n") }, id: "1".repeat(40) },
      { path: "b.py", content: { kind: "skipped", reason: "binary file" } },
      { path: "c.ts", content: { kind: "bytes", bytes: Buffer.from("é😀\n") } },
      { path: "d.ts", content: { kind: "text", text: "x" } },
      { path: "e.ts", content: { kind: "bytes", bytes: new Uint8Array(0) } },
    ];

    const { files: served, bytes } = packFiles(files);
    const back = unpackFiles(structuredClone(served), structuredClone(bytes, { transfer: [bytes] }));

    expect(back.map((file) => (file.content.kind === "bytes" ? { ...file, content: Buffer.from(file.content.bytes).toString("utf8") } : file))).toEqual([
      { path: "a.ts", content: "export const a = 1;\n", id: "1".repeat(40) },
      { path: "b.py", content: { kind: "skipped", reason: "binary file" } },
      { path: "c.ts", content: "é😀\n" },
      { path: "d.ts", content: { kind: "text", text: "x" } },
      { path: "e.ts", content: "" },
    ]);
    expect(bytes.byteLength).toBe(0); // transferred, not copied
  });
});
