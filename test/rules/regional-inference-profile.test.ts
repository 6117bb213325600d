import { describe, expect, it } from "vitest";
import { scanFiles } from "../helpers/analyze.js";

const C = (1000 * 730) / 24; // built-in 1,000 requests/day → calls per month

const converse = (modelId: string) => `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export async function ask(q: string) {
  return client.send(
    new ConverseCommand({
      modelId: "${modelId}",
      messages: [{ role: "user", content: [{ text: q }] }],
      inferenceConfig: { maxTokens: 500 },
    }),
  );
}
`;

const findings = async (code: string) =>
  (await scanFiles({ "src/ask.ts": code })).findings.filter((f) => f.ruleId === "regional-inference-profile");

describe("regional-inference-profile", () => {
  it.each([
    // [model id, expected savings: (1,500 in × $0.30 premium + 400 out × $1.50 premium) per 1M × C]
    ["us.anthropic.claude-sonnet-4-5-20250929-v1:0", (1500 * 0.3 + 400 * 1.5) * C / 1e6],
    ["eu.anthropic.claude-sonnet-4-5-20250929-v1:0", (1500 * 0.3 + 400 * 1.5) * C / 1e6],
    ["anthropic.claude-sonnet-4-5-20250929-v1:0", (1500 * 0.3 + 400 * 1.5) * C / 1e6],
    // Haiku 4.5: $1/$5 global, premium $0.10/$0.50.
    ["jp.anthropic.claude-haiku-4-5-20251001-v1:0", (1500 * 0.1 + 400 * 0.5) * C / 1e6],
  ])("flags %s with its savings", async (modelId, savings) => {
    const [finding, ...rest] = await findings(converse(modelId));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ path: "src/ask.ts", line: 4, column: 10, level: "warning" });
    expect(finding!.monthlySavings).toBeCloseTo(savings, 2);
    expect(finding!.message).toContain(modelId);
  });

  it("offers the global id as a one-line suggestion for a literal", async () => {
    const [finding] = await findings(converse("us.anthropic.claude-sonnet-4-5-20250929-v1:0"));
    expect(finding!.suggestion).toEqual({
      line: 4,
      find: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      replace: "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
    });
  });

  it.each([
    ["global.anthropic.claude-sonnet-4-5-20250929-v1:0"], // already global
    ["us.anthropic.claude-sonnet-4-20250514-v1:0"], // Sonnet 4: no regional premium
    ["us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0"], // GovCloud has no global profile to move to
    ["us.amazon.nova-pro-v1:0"], // Nova 1: no regional premium
    ["arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123"], // cannot be priced
  ])("does not flag %s", async (modelId) => {
    expect(await findings(converse(modelId))).toEqual([]);
  });
});
