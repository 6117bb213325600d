import { describe, expect, it } from "vitest";
import { scanFiles } from "../helpers/analyze.js";

const C = (1000 * 730) / 24;
const PROMPT_1100_TOKENS = "Answer refund questions. ".repeat(176); // 4,400 characters ≈ 1,100 tokens

const converse = (modelId: string, system: string) => `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const SYSTEM = "${PROMPT_1100_TOKENS}";
const client = new BedrockRuntimeClient({});
export async function ask(q: string) {
  return client.send(
    new ConverseCommand({
      modelId: "${modelId}",
      system: ${system},
      messages: [{ role: "user", content: [{ text: q }] }],
      inferenceConfig: { maxTokens: 500 },
    }),
  );
}
`;

const findings = async (code: string) =>
  (await scanFiles({ "src/ask.ts": code })).findings.filter((f) => f.ruleId === "missing-cache-point");

describe("missing-cache-point", () => {
  it("flags a 1,100-token system prompt on Sonnet 4.5 (minimum 1,024) and prices the cache", async () => {
    const [finding, ...rest] = await findings(converse("global.anthropic.claude-sonnet-4-5-20250929-v1:0", "[{ text: SYSTEM }]"));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ line: 5, column: 10, level: "warning" });
    // Input defaults to the prompt + 500 user tokens = 1,600. Uncached: all 1,600 at $3.
    const before = ((1600 * 3 + 400 * 15) * C) / 1e6;
    // Cached at 0.8 hit rate: 500 at $3, 1,100 × 0.8 read at $0.30, 1,100 × 0.2 written at $3.75.
    const after = ((500 * 3 + 1100 * 0.8 * 0.3 + 1100 * 0.2 * 3.75 + 400 * 15) * C) / 1e6;
    expect(finding!.monthlySavings).toBeCloseTo(before - after, 2);
    expect(finding!.message).toBe("System prompt of ~1,100 tokens is sent uncached on every call.");
    expect(finding!.fix).toContain("cachePoint");
  });

  it.each([
    ["a prompt with a cache point", converse("global.anthropic.claude-sonnet-4-5-20250929-v1:0", '[{ text: SYSTEM }, { cachePoint: { type: "default" } }]')],
    // Haiku 4.5's minimum is 4,096 tokens: 1,100 tokens could not be cached anyway.
    ["a prompt below the model's minimum", converse("global.anthropic.claude-haiku-4-5-20251001-v1:0", "[{ text: SYSTEM }]")],
    // Claude 3 Haiku has no prompt caching on Bedrock.
    ["a model without caching", converse("anthropic.claude-3-haiku-20240307-v1:0", "[{ text: SYSTEM }]")],
    ["a prompt of unknown size", converse("global.anthropic.claude-sonnet-4-5-20250929-v1:0", "[{ text: q }]")],
  ])("does not flag %s", async (_name, code) => {
    expect(await findings(code)).toEqual([]);
  });
});
