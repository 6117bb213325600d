import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

// A bug deep in the engine, stood in for by an analysis that throws.
vi.mock("../../src/pipeline/analyze-trees.js", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/pipeline/analyze-trees.js")>()),
  analyzeTrees: async () => {
    throw new TypeError("Cannot read properties of undefined (reading 'line')\n    at somewhere");
  },
}));

const { EXIT, runCli } = await import("../../src/cli/run.js");

const root = mkdtempSync(join(tmpdir(), "bcr-exit-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function cli(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { cwd: root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe("exit codes: CI can tell a crash from a verdict", () => {
  it("an internal error exits 3 with one sentence on stderr, no stack", async () => {
    const { code, stdout, stderr } = await cli("scan", ".");
    expect(code).toBe(EXIT.internalError);
    expect(code).toBe(3);
    expect(stdout).toBe("");
    expect(stderr).toBe("bedrock-cost: internal error: Cannot read properties of undefined (reading 'line') (run again with --debug for the stack trace)\n");
  });

  it("--debug, anywhere on the line, adds the stack trace", async () => {
    const { code, stderr } = await cli("--debug", "scan", ".");
    expect(code).toBe(3);
    expect(stderr).toMatch(/^bedrock-cost: internal error: Cannot read properties of undefined \(reading 'line'\)\nTypeError: Cannot read/);
    expect(stderr).toContain("at ");
  });

  it("bad input is still 2, not 3", async () => {
    const { code, stderr } = await cli("scan", "no-such-folder");
    expect(code).toBe(2);
    expect(stderr).toBe("bedrock-cost: no-such-folder is not a folder\n");
  });
});
