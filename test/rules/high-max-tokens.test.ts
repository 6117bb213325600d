import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.js";
import { ruleOptionSchemas } from "../../src/engine/registry.js";
import { scanFiles } from "../helpers/analyze.js";

const C = (1000 * 730) / 24; // built-in 1,000 requests/day → calls per month

const converse = (modelId: string, maxTokens: number) => `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export async function ask(q: string) {
  return client.send(
    new ConverseCommand({
      modelId: "${modelId}",
      messages: [{ role: "user", content: [{ text: q }] }],
      inferenceConfig: { maxTokens: ${maxTokens} },
    }),
  );
}
`;

const SONNET = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";

const findings = async (code: string, yaml = "") =>
  (await scanFiles({ "src/ask.ts": code }, yaml)).findings.filter((f) => f.ruleId === "high-max-tokens");

describe("high-max-tokens", () => {
  it("flags a static cap above the default 8,192 ceiling and prices the call at the cap", async () => {
    const [finding, ...rest] = await findings(converse(SONNET, 16000));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ path: "src/ask.ts", line: 4, column: 10, level: "warning", monthlySavings: null });
    // Sonnet 4.5 global: $3 in / $15 out per 1M. Worst: 1,500 in + 16,000 out; expected: 1,500 in + 400 out.
    const worst = ((1500 * 3 + 16000 * 15) * C) / 1e6;
    const expected = ((1500 * 3 + 400 * 15) * C) / 1e6;
    expect(worst).toBeCloseTo(7436.875, 3);
    expect(expected).toBeCloseTo(319.375, 3);
    expect(finding!.message).toBe("Max-token cap of 16,000 on this Claude Sonnet 4.5 call is above the 8,192-token ceiling.");
    expect(finding!.why).toBe("Worst case $7,437/mo if every call ran to 16,000 output tokens, against $319/mo at the assumed 400.");
    expect(finding!.fix).toContain("(e.g. 1,024)");
    expect(finding!.fix).toContain("rules.high-max-tokens.max");
  });

  it("bounds the worst case by the model's own output limit", async () => {
    const [finding] = await findings(converse(SONNET, 100000));
    // Sonnet 4.5 stops at 64,000 output tokens: (1,500 × $3 + 64,000 × $15) / 1M × C.
    const worst = ((1500 * 3 + 64000 * 15) * C) / 1e6;
    expect(worst).toBeCloseTo(29336.875, 3);
    expect(finding!.message).toContain("cap of 100,000");
    expect(finding!.why).toBe("Worst case $29,337/mo if every call ran to 64,000 output tokens, against $319/mo at the assumed 400.");
  });

  it("flags an Anthropic InvokeModel body's max_tokens", async () => {
    const code = `import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export const run = (q: string) =>
  client.send(new InvokeModelCommand({
    modelId: "global.anthropic.claude-haiku-4-5-20251001-v1:0",
    body: JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 10000, messages: [{ role: "user", content: q }] }),
  }));
`;
    const [finding] = await findings(code);
    expect(finding).toMatchObject({ line: 4, column: 3 });
    // Haiku 4.5: $1 / $5. Worst (1,500 × 1 + 10,000 × 5) × C / 1M = $1,566.46; expected (1,500 + 400 × 5) × C / 1M = $106.46.
    expect(finding!.why).toBe("Worst case $1,566/mo if every call ran to 10,000 output tokens, against $106/mo at the assumed 400.");
  });

  it("takes its level and ceiling from the repo config", async () => {
    const yaml = "rules:\n  high-max-tokens: { level: error, max: 2048 }\n";
    expect(await findings(converse(SONNET, 4096))).toEqual([]); // below the default ceiling
    const [finding, ...rest] = await findings(converse(SONNET, 4096), yaml);
    expect(rest).toEqual([]);
    expect(finding!.level).toBe("error");
    expect(finding!.message).toBe("Max-token cap of 4,096 on this Claude Sonnet 4.5 call is above the 2,048-token ceiling.");
    // Worst: (1,500 × 3 + 4,096 × 15) / 1M × C = 65,940 × C / 1M = $2,005.68.
    expect(((1500 * 3 + 4096 * 15) * C) / 1e6).toBeCloseTo(2005.675, 3);
    expect(finding!.why).toBe("Worst case $2,006/mo if every call ran to 4,096 output tokens, against $319/mo at the assumed 400.");
    expect(finding!.fix).toContain("(e.g. 1,024)");
  });

  it("rejects an unknown option with a located error", () => {
    const loaded = parseConfig("rules:\n  high-max-tokens: { level: warning, maximum: 4096 }\n", {
      path: ".github/bedrock-cost.yml",
      ruleOptions: ruleOptionSchemas(),
    });
    expect(loaded.errors).toEqual([
      { path: ".github/bedrock-cost.yml", line: 2, column: 38, message: 'rules.high-max-tokens: unknown key "maximum"; allowed keys: level, max' },
    ]);
  });

  it("rejects a ceiling that is not a positive whole number", () => {
    const loaded = parseConfig("rules:\n  high-max-tokens:\n    max: 0\n", { path: ".github/bedrock-cost.yml", ruleOptions: ruleOptionSchemas() });
    expect(loaded.errors).toHaveLength(1);
    expect(loaded.errors[0]).toMatchObject({ line: 3, column: 10 });
    expect(loaded.errors[0]!.message).toMatch(/^rules\.high-max-tokens\.max: /);
  });

  it.each([
    ["a cap at the ceiling", converse(SONNET, 8192)],
    ["a cap below the ceiling", converse(SONNET, 1024)],
    ["no cap (uncapped-max-tokens' business)", converse(SONNET, 0).replace("\n      inferenceConfig: { maxTokens: 0 },", "")],
    ["a dynamic cap", converse(SONNET, 0).replace("maxTokens: 0", "maxTokens: q.length * 100")],
    ["an unpriceable model", converse("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123", 16000)],
  ])("does not flag %s", async (_name, code) => {
    expect(await findings(code)).toEqual([]);
  });
});
