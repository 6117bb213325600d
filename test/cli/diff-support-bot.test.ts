import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import type { Report } from "../../src/model/report.js";

const ROOT = join(import.meta.dirname, "..", "..");
const PR = "fixtures/prs/support-bot";

async function cli(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { cwd: ROOT, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/**
 * The demo pull request, priced by hand from the catalog (global Sonnet 4.5 $3/$15, regional ×1.1, cache
 * write 1.25×, read 0.1×; global Haiku 4.5 $1/$5, cache minimum 4,096 tokens) and head/.github/bedrock-cost.yml.
 * SUPPORT_PROMPT is 9,675 characters → 2,419 tokens; SUMMARY_PROMPT 4,886 → 1,222 tokens.
 */
const stepCalls = (20000 * 730) / 24; // SupportAgent.step: usage.sites[0]
const summaryCalls = (3000 * 730) / 24; // summarizeTicket: inline annotation
// Base: Haiku 4.5, 3,500 in / 450 out; its cache point is dead (2,419 < 4,096 tokens), so no caching.
const stepBase = (stepCalls * (3500 * 1 + 450 * 5)) / 1e6;
// Head: us. Sonnet 4.5 (×1.1); 2,419 cached tokens at 85% hits; 1,081 plain input tokens.
const stepHead =
  (stepCalls * (1081 * 3.3 + 2419 * 0.85 * 0.33 + 2419 * 0.15 * 3.75 * 1.1 + 450 * 16.5)) / 1e6;
// summarizeTicket: global Sonnet 4.5, input = 1,222 prompt + 500 user tokens, 350 output (inline).
const summaryHead = (summaryCalls * (1722 * 3 + 350 * 15)) / 1e6;
const cents = (n: number) => Math.round(n * 100) / 100;

describe("bedrock-cost diff on the support-bot fixture PR", () => {
  it("prices every changed call site as computed by hand", async () => {
    const { code, stdout } = await cli("diff", "--base", `${PR}/base`, "--head", `${PR}/head`, "--format", "json");
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.schemaVersion).toBe(1);
    const byKey = new Map(report.sites.map((s) => [s.key, s]));
    const step = byKey.get("src/support/agent.ts#SupportAgent.step#converse#0")!;
    expect(step.change).toBe("modified");
    expect(step.base!.monthlyCost).toBe(cents(stepBase));
    expect(step.head!.monthlyCost).toBe(cents(stepHead));
    expect(step.head!.model).toMatchObject({ id: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", source: "env-default", env: "SUPPORT_MODEL_ID" });
    expect(step.head!.profile).toBe("geo");
    expect(step.base!.assumptions).toMatchObject({ requestsPerMonth: stepCalls, inputTokens: 3500, outputTokens: 450, cacheHitRate: 0.85, source: "config" });

    const summary = byKey.get("src/support/agent.ts#summarizeTicket#converse#0")!;
    expect(summary.change).toBe("added");
    expect(summary.head!.monthlyCost).toBe(cents(summaryHead));
    expect(summary.head!.assumptions.source).toBe("inline");

    const dynamic = byKey.get("src/support/agent.ts#answerWithModel#converse#0")!;
    expect(dynamic.head!.monthlyCost).toBeNull();
    expect(dynamic.head!.model).toMatchObject({ id: null, source: "dynamic" });
    expect(report.unpriced).toEqual([{ path: "src/support/agent.ts", line: dynamic.head!.line, reason: dynamic.head!.unpriced }]);
    expect(dynamic.head!.unpriced).toMatch(/modelId/);

    // The embeddings file did not change: it is not part of the diff.
    expect(report.sites.some((s) => s.key.startsWith("src/search/"))).toBe(false);
    expect(report.totals.base).toBe(cents(stepBase));
    expect(report.totals.head).toBe(cents(cents(stepHead) + cents(summaryHead)));
    expect(report.totals.delta).toBe(cents(report.totals.head - report.totals.base));
    expect(report.totals.unpricedHead).toBe(1);

    expect(report.findings.map((f) => [f.ruleId, f.line])).toEqual([
      ["model-upgrade", step.head!.line],
      ["regional-inference-profile", step.head!.line],
      ["missing-cache-point", summary.head!.line],
      ["uncapped-max-tokens", summary.head!.line],
    ]);
    const [upgrade, regional] = report.findings;
    expect(regional!.monthlySavings).toBe(cents(stepHead - stepHead / 1.1));
    // Back on Haiku 4.5 through the same us. profile (×1.1), whose 4,096-token cache minimum the prompt misses.
    expect(upgrade!.monthlySavings).toBe(cents(stepHead - (stepCalls * (3500 * 1.1 + 450 * 5.5)) / 1e6));
  });

  it("renders the markdown comment with the headline, the table, findings and assumptions", async () => {
    const { code, stdout } = await cli("diff", "--base", `${PR}/base`, "--head", `${PR}/head`);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^### Bedrock cost: \+\$5,\d{3}\/mo \(\+1\d\d\.\d%\) · 1 call not priced · 4 findings\n/);
    expect(stdout).toContain("| Before | $3,498/mo |");
    expect(stdout).toContain("Claude Haiku 4.5 (`global.anthropic.claude-haiku-4-5-20251001-v1:0`) → Claude Sonnet 4.5 (`us.anthropic.claude-sonnet-4-5-20250929-v1:0`)");
    expect(stdout).toContain("#### Cannot price");
    expect(stdout).toContain("<details><summary>Assumptions and prices</summary>");
    expect(stdout).toContain(".github/bedrock-cost.yml");
  });

  it("says what is wrong with bad input, in one sentence, with exit code 2", async () => {
    const missing = await cli("diff", "--base", "no/such/dir", "--head", `${PR}/head`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^bedrock-cost: "no\/such\/dir" is neither a folder nor a git revision/);
    const format = await cli("scan", PR, "--format", "xml");
    expect(format).toMatchObject({ code: 2, stderr: 'bedrock-cost: --format must be one of markdown, json, table, sarif; got "xml"\n' });
    const unknown = await cli("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });
});
