import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import type { Report } from "../../src/model/report.js";

const ROOT = join(import.meta.dirname, "..", "..");
const cents = (n: number) => Math.round(n * 100) / 100;

async function diffJson(pr: string): Promise<Report> {
  let stdout = "";
  const code = await runCli(["diff", "--base", `fixtures/prs/${pr}/base`, "--head", `fixtures/prs/${pr}/head`, "--format", "json"], {
    cwd: ROOT,
    stdout: (t) => (stdout += t),
    stderr: () => {},
  });
  expect(code).toBe(0);
  return JSON.parse(stdout) as Report;
}

describe("bedrock-cost diff on the Python fixture PR (python-rag)", () => {
  it("prices Python call sites exactly like TypeScript ones", async () => {
    const report = await diffJson("python-rag");
    const byKey = new Map(report.sites.map((s) => [s.key, s]));
    // RagAnswerer.answer: usage.sites[0]: 12,000/day, 4,200 in, 350 out (cap 1,024). us. profile ×1.1.
    const answerCalls = (12000 * 730) / 24;
    const answer = byKey.get("rag/answer.py#RagAnswerer.answer#converse#0")!;
    expect(answer.change).toBe("modified");
    expect(answer.base!.monthlyCost).toBe(cents((answerCalls * (4200 * 1.1 + 350 * 5.5)) / 1e6)); // Haiku 4.5 $1/$5
    expect(answer.head!.monthlyCost).toBe(cents((answerCalls * (4200 * 3.3 + 350 * 16.5)) / 1e6)); // Sonnet 4.5 $3/$15
    expect(answer.head).toMatchObject({ language: "python", sdk: "boto3", api: "converse", maxTokens: 1024, profile: "geo" });
    // suggest_followups: usage.defaults 1,000/day and 300 out; built-in 1,500 in; no cap.
    const followups = byKey.get("rag/followups.py#suggest_followups#converse#0")!;
    expect(followups.change).toBe("added");
    expect(followups.head!.monthlyCost).toBe(cents((((1000 * 730) / 24) * (1500 * 1.1 + 300 * 5.5)) / 1e6));
    expect(report.totals.delta).toBe(cents(answer.head!.monthlyCost! + followups.head!.monthlyCost! - answer.base!.monthlyCost!));
    expect(report.findings.map((f) => [f.ruleId, f.path])).toEqual([
      ["missing-cache-point", "rag/answer.py"],
      ["model-upgrade", "rag/answer.py"],
      ["regional-inference-profile", "rag/answer.py"],
      ["regional-inference-profile", "rag/followups.py"],
      ["uncapped-max-tokens", "rag/followups.py"],
    ]);
  });
});

describe("bedrock-cost diff on the IaC fixture PR (provisioned-throughput)", () => {
  it("shows the provisioned throughput's monthly cost and 6-month total, the knowledge-base floor and the agent", async () => {
    const report = await diffJson("provisioned-throughput");
    const resources = new Map(report.resources.map((r) => [r.head!.name + ":" + r.head!.kind, r]));
    // 2 MU × $12.00/h (config rate) × 730 h; the 6-month term owes 4,380 h.
    expect(resources.get("summaries:provisioned_throughput")!.head).toMatchObject({ monthlyCost: 12 * 2 * 730, commitmentTotal: 12 * 2 * 4380 });
    // Collection with standby replicas (default): 2 OCU × $0.24 × 730 h.
    expect(resources.get("docs:knowledge_base")!.head).toMatchObject({ monthlyCost: cents(2 * 0.24 * 730), attributes: { ocuFloor: 2, storageType: "OPENSEARCH_SERVERLESS" } });
    expect(resources.get("summaries:provisioned_throughput")!.head!.attributes).toMatchObject({ modelUnits: 2, commitment: "SixMonths" });
    // The agent is a call site: 5,000/day × 5 calls, 1,500 in / 300 out on global Haiku 4.5 ($1/$5).
    const agent = report.sites.find((s) => s.head?.api === "agent")!;
    const agentCost = cents(((5000 * 730) / 24) * 5 * (1500 * 1 + 300 * 5) / 1e6);
    expect(agent.head!.monthlyCost).toBe(agentCost);
    expect(report.totals.head).toBe(cents(12 * 2 * 730 + cents(2 * 0.24 * 730) + agentCost));
    expect(report.findings.map((f) => f.ruleId)).toEqual(["provisioned-throughput", "opensearch-serverless-knowledge-base"]);
  });
});
