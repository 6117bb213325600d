import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/model/report.js";
import { runCli } from "../../src/cli/run.js";

const root = mkdtempSync(join(tmpdir(), "bcr-typos-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    const file = join(root, name, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return join(root, name);
}

async function cli(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { cwd: root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const call = (model: string) => `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export const ask = (q: string) =>
  client.send(new ConverseCommand({ modelId: "${model}", messages: [{ role: "user", content: [{ text: q }] }], inferenceConfig: { maxTokens: 500 } }));
`;

const BASE_CONFIG = `policy:
  max_monthly_increase_usd: 100000
usage:
  sites:
    - path: "src/legacy/**"   # code this change does not touch: matching nothing here is no typo
      requests_per_day: 10
`;

// The pull request adds two entries with typos: a glob that names no folder, a model id missing a letter.
const HEAD_CONFIG = `${BASE_CONFIG}    - path: "src/chta/**"
      requests_per_day: 5000
pricing:
  overrides:
    - model: "anthropic.claude-sonet-4-5-20250929-v1:0"
      input: 2.5
`;

const base = tree("base", { ".github/bedrock-cost.yml": BASE_CONFIG, "src/chat/ask.ts": call("global.anthropic.claude-haiku-4-5-20251001-v1:0") });
const head = tree("head", { ".github/bedrock-cost.yml": HEAD_CONFIG, "src/chat/ask.ts": call("global.anthropic.claude-sonnet-4-5-20250929-v1:0") });

describe("config entries that match nothing are located warnings", () => {
  it("a diff warns about the entries the change writes, at their lines; the gate is not made incomplete", async () => {
    const { code, stdout } = await cli("diff", "--base", base, "--head", head, "--format", "json");
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.problems).toEqual([
      { path: ".github/bedrock-cost.yml", line: 7, warning: true, message: "usage.sites[1]: matches no call site this change reaches (a typo? `bedrock-cost scan` matches it against the whole repository)" },
      {
        path: ".github/bedrock-cost.yml",
        line: 11,
        warning: true,
        message: "pricing.overrides[0]: model `anthropic.claude-sonet-4-5-20250929-v1:0` matches no catalog model id (did you mean `anthropic.claude-sonnet-4-5-20250929-v1:0`?); the override prices nothing",
      },
    ]);
    expect(report.policy?.conclusion).toBe("success");
  });

  it("the markdown lists them under Warnings, not Not analysed", async () => {
    const { stdout } = await cli("diff", "--base", base, "--head", head);
    expect(stdout).not.toContain("#### Not analysed");
    expect(stdout).toContain("#### Warnings\n\n- `.github/bedrock-cost.yml:7`: usage.sites[1]: matches no call site");
  });

  it("a scan sees every call, so it warns about every entry that matches nothing", async () => {
    const { stdout } = await cli("scan", head, "--format", "json");
    const report = JSON.parse(stdout) as Report;
    expect(report.problems.map((p) => `${p.line} ${p.message.split(":")[0]}`)).toEqual(["5 usage.sites[0]", "7 usage.sites[1]", "11 pricing.overrides[0]"]);
  });
});
