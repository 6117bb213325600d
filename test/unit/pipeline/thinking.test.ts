import { describe, expect, it } from "vitest";
import { scanFiles } from "../../helpers/analyze.js";

const code = `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export const plan = (q: string) => client.send(new ConverseCommand({
  modelId: "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
  messages: [{ role: "user", content: [{ text: q }] }],
  inferenceConfig: { maxTokens: 8000 },
  additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 4000 } },
}));
`;

describe("extended thinking in the report", () => {
  it("prices the budget as output by default, says so, and takes thinking_tokens from the config", async () => {
    const perMonth = (1000 * 730) / 24;
    const byDefault = (await scanFiles({ "src/plan.ts": code })).sites[0]!.head!;
    expect(byDefault).toMatchObject({ thinkingBudget: 4000, assumptions: { outputTokens: 400, thinkingTokens: 4000, origins: { thinkingTokens: expect.stringContaining("the call's thinking budget, 4,000, used in full") } } });
    // 1,500 in × $3 + (400 + 4,000) out × $15 per 1M.
    expect(byDefault.monthlyCost).toBe(Math.round((perMonth * (1500 * 3 + 4400 * 15)) / 1e4) / 100);
    expect(byDefault.costNotes).toContain("extended thinking: 4000 tokens per call billed as output (budget 4000)");
    const measured = (await scanFiles({ "src/plan.ts": code }, "usage:\n  defaults:\n    thinking_tokens: 1000\n")).sites[0]!.head!;
    expect(measured.assumptions).toMatchObject({ thinkingTokens: 1000, source: "config" });
    expect(measured.monthlyCost).toBe(Math.round((perMonth * (1500 * 3 + 1400 * 15)) / 1e4) / 100);
  });
});
