import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import type { Report } from "../../src/model/report.js";

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function folder(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), "bcr-cli-"));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

async function cli(cwd: string, ...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const CALL = `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export const ask = (q: string) =>
  client.send(new ConverseCommand({ modelId: "global.anthropic.claude-haiku-4-5-20251001-v1:0", messages: [{ role: "user", content: [{ text: q }] }], inferenceConfig: { maxTokens: 300 } }));
`;

describe("bad input: one clear, located message, nothing lost", () => {
  it("refuses an invalid YAML config, naming file, line and column", async () => {
    const dir = folder({ "src/a.ts": CALL, ".github/bedrock-cost.yml": "usage:\n  defaults:\n    requests_per_day: [1\n" });
    const { code, stderr, stdout } = await cli(dir, "scan", ".");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^bedrock-cost: invalid config in folder .*:\n {2}\.github\/bedrock-cost\.yml:\d+:\d+: /);
  });

  it("refuses a config value of the wrong type, at its line and column", async () => {
    const dir = folder({ "src/a.ts": CALL, ".github/bedrock-cost.yml": "usage:\n  defaults:\n    requests_per_day: lots\n" });
    const { code, stderr } = await cli(dir, "scan", ".");
    expect(code).toBe(2);
    expect(stderr).toContain('.github/bedrock-cost.yml:3:23: usage.defaults.requests_per_day: expected a number, got string "lots"');
  });

  it("reports files it cannot read as text or parse, and still prices the rest", async () => {
    const minified = `var bedrock=1;${"a=1;".repeat(1_300_000)}`; // ~5.2 MB on one line
    const dir = folder({
      "src/a.ts": CALL,
      "src/latin1.ts": Buffer.concat([Buffer.from("// BedrockRuntime caf"), Buffer.from([0xe9]), Buffer.from("\n")]),
      "src/bundle.min.js": minified,
      "src/broken.ts": `import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";\nexport const x = new ConverseCommand({ modelId: "amazon.nova-lite-v1:0" ;\n`,
    });
    const { code, stdout } = await cli(dir, "scan", ".", "--format", "json");
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.sites.map((s) => s.head!.path)).toEqual(["src/a.ts"]);
    expect(report.totals.head).toBeGreaterThan(0);
    expect(report.skipped).toEqual([
      { path: "src/bundle.min.js", reason: "larger than 1 MB (5.0 MB)" },
      { path: "src/latin1.ts", reason: "not valid UTF-8" },
    ]);
    expect(report.problems).toEqual([expect.objectContaining({ path: "src/broken.ts", line: 2, message: expect.stringMatching(/file skipped$/) })]);
  });

  it("diffs two git revisions of a repository", async () => {
    const repo = folder({ "src/a.ts": CALL });
    const git = (...args: string[]) => execFileSync("git", ["-C", repo, "-c", "user.name=t", "-c", "user.email=t@t", ...args], { encoding: "utf8" });
    git("init", "-q");
    git("add", ".");
    git("commit", "-qm", "haiku");
    writeFileSync(join(repo, "src/a.ts"), CALL.replace("global.anthropic.claude-haiku-4-5-20251001-v1:0", "global.anthropic.claude-sonnet-4-5-20250929-v1:0"));
    git("commit", "-qam", "sonnet");
    const { code, stdout } = await cli(repo, "diff", "--base", "HEAD~1", "--head", "HEAD", "--format", "json");
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    const calls = (1000 * 730) / 24;
    // 1,500 input / 300 output (capped below the 400 default): Haiku $1/$5 → Sonnet $3/$15.
    expect(report.totals.base).toBe(Math.round(((calls * (1500 * 1 + 300 * 5)) / 1e6) * 100) / 100);
    expect(report.totals.head).toBe(Math.round(((calls * (1500 * 3 + 300 * 15)) / 1e6) * 100) / 100);
    expect(report.sites).toHaveLength(1);
    expect(report.sites[0]!.change).toBe("modified");
  });

  it("exits 1 with the reason when the policy fails", async () => {
    const base = folder({ ".github/bedrock-cost.yml": "policy:\n  max_monthly_increase_usd: 50\n" });
    const head = folder({ "src/a.ts": CALL, ".github/bedrock-cost.yml": "policy:\n  max_monthly_increase_usd: 100000\n" });
    const { code, stderr } = await cli(base, "diff", "--base", base, "--head", head, "--format", "table");
    expect(code).toBe(1);
    // The base side's limit applies: a pull request cannot loosen its own gate.
    expect(stderr).toMatch(/^bedrock-cost: policy failed:\n {2}.*\$50/);
  });

  it("does not let the pull request's own pricing or usage loosen the gate", async () => {
    const policy = "policy:\n  max_monthly_increase_usd: 50\n";
    const base = folder({ ".github/bedrock-cost.yml": policy });
    for (const loosened of ["pricing:\n  discount_percent: 100\n", "usage:\n  defaults:\n    requests_per_day: 1\n"]) {
      const head = folder({ "src/a.ts": CALL, ".github/bedrock-cost.yml": policy + loosened });
      const { code, stderr, stdout } = await cli(base, "diff", "--base", base, "--head", head, "--format", "json");
      expect(code).toBe(1);
      expect(stderr).toContain("priced with the base branch's usage and pricing");
      // The report itself still shows the pull request's declared view.
      expect(JSON.parse(stdout).totals.head).toBeLessThan(50);
    }
  });

  it("never fails a scan on cost limits: an inventory has no increase", async () => {
    const dir = folder({ "src/a.ts": CALL, ".github/bedrock-cost.yml": "policy:\n  max_monthly_increase_percent: 20\n" });
    expect((await cli(dir, "scan", ".")).code).toBe(0);
  });
});
