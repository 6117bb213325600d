import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";

const ROOT = join(import.meta.dirname, "..", "..");

async function cli(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { cwd: ROOT, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe("bedrock-cost scan", () => {
  it("lists every Python call with the facts that price it", async () => {
    const { code, stdout } = await cli("scan", "fixtures/prs/python-rag/head");
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    expect(lines[0]).toBe("Bedrock cost: $7,267/mo");
    expect(lines[2]).toMatch(/^LOCATION\s+SDK \/ API\s+MODEL\s+MAX TOKENS\s+CACHE\s+TIER\s+MONTHLY$/);
    expect(lines[3]).toMatch(/^rag\/answer\.py:77\s+boto3 converse\s+us\.anthropic\.claude-sonnet-4-5-20250929-v1:0\s+1024\s+-\s+standard\s+\$7,167\/mo$/);
    expect(lines[4]).toMatch(/^rag\/embeddings\.py:14\s+boto3 invoke_model\s+amazon\.titan-embed-text-v2:0\s+n\/a\s+-\s+standard\s+\$0\.22\/mo$/);
    expect(lines[5]).toMatch(/^rag\/followups\.py:11\s+boto3 converse\s+us\.anthropic\.claude-haiku-4-5-20251001-v1:0\s+uncapped\s+-\s+standard\s+\$100\/mo$/);
  });

  it("lists resources with their commitment, and collections under their knowledge base", async () => {
    const { stdout } = await cli("scan", "fixtures/prs/provisioned-throughput/head");
    expect(stdout).toMatch(/infra\/bedrock\.tf:2\s+provisioned throughput summaries\s+anthropic\.claude-3-haiku-20240307-v1:0\s+term total \$105,120\s+\$17,520\/mo/);
    expect(stdout).toMatch(/infra\/bedrock\.tf:9\s+vector store docs\s+-\s+in its knowledge base/);
  });

  it("explains a rule and lists the catalog with sources and dates", async () => {
    const explain = await cli("explain", "uncapped-max-tokens");
    expect(explain.code).toBe(0);
    expect(explain.stdout.startsWith("# uncapped-max-tokens\n")).toBe(true);
    const list = await cli("explain");
    expect(list.stdout).toMatch(/^agent-calls-per-request\s+notice\s+/m);
    const models = await cli("models");
    expect(models.stdout).toMatch(/^anthropic\.claude-sonnet-4-5-20250929-v1:0\s+Claude Sonnet 4\.5\s+3\s+15\s+0\.3\s+1024\s+64000\s+1\.1x\s+GP, LL 2026-09-23$/m);
    const json = JSON.parse((await cli("models", "--format", "json")).stdout);
    expect(json.models.every((m: { source: string; verified_at: string }) => m.source && m.verified_at)).toBe(true);
  });
});

describe("bedrock-cost --format sarif", () => {
  it("emits SARIF 2.1.0 with the rules as the driver's catalogue and one located result per finding", async () => {
    const { code, stdout } = await cli("diff", "--base", "fixtures/prs/support-bot/base", "--head", "fixtures/prs/support-bot/head", "--format", "sarif");
    expect(code).toBe(0);
    const sarif = JSON.parse(stdout);
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toContain("regional-inference-profile");
    expect(run.results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ["model-upgrade", "warning"],
      ["regional-inference-profile", "warning"],
      ["missing-cache-point", "warning"],
      ["uncapped-max-tokens", "warning"],
    ]);
    expect(run.results[1].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "src/support/agent.ts", uriBaseId: "%SRCROOT%" },
      region: { startLine: 85, startColumn: 28, endLine: 92 }, // `this.client.send(` after "    const response = await "
    });
    expect(run.results[1].properties).toEqual({ monthlySavingsUsd: 728.21, monthlySavings: "$728/mo" });
    expect(run.results[1].partialFingerprints).toEqual({ "bedrockCostSite/v1": "regional-inference-profile:src/support/agent.ts#SupportAgent.step#converse#0" });
  });
});
