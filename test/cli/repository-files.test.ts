import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import type { Report } from "../../src/model/report.js";

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "bcr-repo-"));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function json(...args: string[]): Promise<Report> {
  let stdout = "";
  const code = await runCli([...args, "--format", "json"], { cwd: "/", stdout: (t) => (stdout += t), stderr: () => {} });
  expect(code).toBe(0);
  return JSON.parse(stdout) as Report;
}

const AGENT = `import { readFileSync } from "node:fs";
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const SYSTEM = readFileSync("prompts/system.md", "utf8");
const rt = new BedrockRuntimeClient({});
export const ask = () => rt.send(new ConverseCommand({ modelId: "global.anthropic.claude-haiku-4-5-20251001-v1:0", system: [{ text: SYSTEM }], messages: [], inferenceConfig: { maxTokens: 100 } }));
`;

describe("files a call reads at run time, anywhere in the repository", () => {
  it("a prompt file the code reads is read on demand and sized, though no import names it", async () => {
    const report = await json("scan", folder({ "src/agent.ts": AGENT, "prompts/system.md": "x".repeat(4000) }));
    expect(report.sites.map((s) => s.head!.systemPromptTokens)).toEqual([1000]);
  });

  it("a pull request that changes only the prompt file moves the call that reads it", async () => {
    const base = folder({ "src/agent.ts": AGENT, "prompts/system.md": "x".repeat(4000) });
    const head = folder({ "src/agent.ts": AGENT, "prompts/system.md": "x".repeat(8000) });
    const report = await json("diff", "--base", base, "--head", head);
    const [site] = report.sites;
    expect(site).toMatchObject({ change: "modified", via: [{ path: "prompts/system.md", line: 1, name: "prompts/system.md", side: "head" }] });
    expect([site!.base!.systemPromptTokens, site!.head!.systemPromptTokens]).toEqual([1000, 2000]);
    expect(report.totals.delta).toBeGreaterThan(0);
  });
});
