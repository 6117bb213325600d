import { describe, expect, it } from "vitest";
import { scanFiles } from "../helpers/analyze.js";

const C = (1000 * 730) / 24; // built-in 1,000 requests/day → calls per month

const converse = (modelId: string, tier: string) => `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export async function ask(q: string, tier: string) {
  return client.send(
    new ConverseCommand({
      modelId: "${modelId}",
      messages: [{ role: "user", content: [{ text: q }] }],
      inferenceConfig: { maxTokens: 500 },${tier}
    }),
  );
}
`;
const PRIORITY = '\n      serviceTier: { type: "priority" },';

const findings = async (files: Record<string, string>) =>
  (await scanFiles(files)).findings.filter((f) => f.ruleId === "priority-tier");

describe("priority-tier", () => {
  it("flags a Converse call on the priority tier; savings are the 75% premium", async () => {
    const [finding, ...rest] = await findings({ "src/ask.ts": converse("us.amazon.nova-pro-v1:0", PRIORITY) });
    expect(rest).toEqual([]);
    // Nova Pro: $0.80 in / $3.20 out per 1M, no regional premium. Standard: (1,500 × 0.8 + 400 × 3.2) × C / 1M.
    const standard = ((1500 * 0.8 + 400 * 3.2) * C) / 1e6;
    expect(standard).toBeCloseTo(75.4333, 3);
    expect(finding).toMatchObject({ path: "src/ask.ts", line: 4, column: 10, level: "notice", monthlySavings: 56.58 });
    expect(0.75 * standard).toBeCloseTo(56.575, 3);
    expect(finding!.message).toBe("This Amazon Nova Pro call uses the priority service tier: +75% on every token.");
    expect(finding!.why).toBe(
      "Priority bills input, output and cache tokens at ×1.75 the standard rate (the catalog's multiplier; AWS does not publish it, so it is unconfirmed): $132/mo now, $75.43/mo on the standard tier.",
    );
    expect(finding!.fix).toBe('Use the standard tier (drop `serviceTier: { type: "priority" }`) unless this call is latency-critical; consider flex for work that can wait.');
  });

  it("prices a model that does not list priority at the dearer outcome, and flags it", async () => {
    const [finding] = await findings({ "src/ask.ts": converse("global.anthropic.claude-sonnet-4-5-20250929-v1:0", PRIORITY) });
    // Sonnet 4.5 global at standard: (1,500 × 3 + 400 × 15) × C / 1M = $319.375; priority ×1.75.
    expect(finding!.monthlySavings).toBe(239.53);
    expect(((1500 * 3 + 400 * 15) * C * 0.75) / 1e6).toBeCloseTo(239.53125, 4);
  });

  it("flags InvokeModel's serviceTier and boto3 converse", async () => {
    const invoke = `import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export const run = (p: string) =>
  client.send(new InvokeModelCommand({
    modelId: "openai.gpt-oss-120b-1:0",
    serviceTier: "priority",
    body: JSON.stringify({ messages: [{ role: "user", content: p }], max_completion_tokens: 500 }),
  }));
`;
    const python = `import boto3

client = boto3.client("bedrock-runtime")


def triage(ticket):
    return client.converse(
        modelId="us.amazon.nova-pro-v1:0",
        messages=[{"role": "user", "content": [{"text": ticket}]}],
        inferenceConfig={"maxTokens": 200},
        serviceTier={"type": "priority"},
    )
`;
    const [js, py] = await findings({ "src/run.ts": invoke, "worker.py": python });
    // gpt-oss-120b: $0.15 / $0.60. Premium: 0.75 × (1,500 × 0.15 + 400 × 0.6) × C / 1M = $10.61.
    expect(js).toMatchObject({ path: "src/run.ts", line: 4, monthlySavings: 10.61 });
    expect(js!.fix).toContain('drop `serviceTier: "priority"`');
    // Nova Pro capped at 200 output: 0.75 × (1,500 × 0.8 + 200 × 3.2) × C / 1M = $41.98.
    expect(py).toMatchObject({ path: "worker.py", line: 7, monthlySavings: 41.98 });
    expect(py!.fix).toContain('drop `serviceTier={"type": "priority"}`');
  });

  it.each([
    ["the default tier", converse("us.amazon.nova-pro-v1:0", "")],
    ['"default" written out', converse("us.amazon.nova-pro-v1:0", '\n      serviceTier: { type: "default" },')],
    ["flex", converse("us.amazon.nova-pro-v1:0", '\n      serviceTier: { type: "flex" },')],
    ["a tier known only at run time", converse("us.amazon.nova-pro-v1:0", "\n      serviceTier: { type: tier },")],
    ["an unpriceable model", converse("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123", PRIORITY)],
  ])("does not flag %s", async (_name, code) => {
    expect(await findings({ "src/ask.ts": code })).toEqual([]);
  });
});
