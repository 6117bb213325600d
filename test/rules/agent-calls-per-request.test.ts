import { describe, expect, it } from "vitest";
import { scanFiles } from "../helpers/analyze.js";

const AGENT = `resource "aws_bedrockagent_agent" "support" {
  agent_name       = "support"
  foundation_model = "global.anthropic.claude-haiku-4-5-20251001-v1:0"
  instruction      = "Answer support questions."
}
`;
const calls = (1000 * 730) / 24;

describe("agent-calls-per-request", () => {
  it("notes the built-in 5 calls per request and prices the agent as its model's calls", async () => {
    const report = await scanFiles({ "infra/agent.tf": AGENT });
    const [finding, ...rest] = report.findings.filter((f) => f.ruleId === "agent-calls-per-request");
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ path: "infra/agent.tf", line: 1, level: "notice" });
    // 5 calls per request × 1,000 requests/day; 1,500 in at $1, 400 out at $5 (global Haiku 4.5).
    const monthly = (5 * calls * (1500 * 1 + 400 * 5)) / 1e6;
    expect(report.sites[0]!.head!.monthlyCost).toBe(Math.round(monthly * 100) / 100);
    expect(report.sites[0]!.head).toMatchObject({ api: "agent", sdk: "bedrock-agent", language: "terraform" });
  });

  it("does not flag an agent whose calls per request the config sets", async () => {
    const report = await scanFiles({ "infra/agent.tf": AGENT }, "usage:\n  sites:\n    - path: \"infra/**\"\n      calls_per_request: 3\n");
    expect(report.findings.filter((f) => f.ruleId === "agent-calls-per-request")).toEqual([]);
    expect(report.sites[0]!.head!.assumptions.callsPerRequest).toBe(3);
  });
});
