import { describe, expect, it } from "vitest";
import { scanFiles } from "../helpers/analyze.js";

const C = (1000 * 730) / 24;

const findings = async (code: string) =>
  (await scanFiles({ "src/ask.ts": code })).findings.filter((f) => f.ruleId === "uncapped-max-tokens");

const converse = (inference: string) => `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export async function ask(q: string) {
  return client.send(
    new ConverseCommand({
      modelId: "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
      messages: [{ role: "user", content: [{ text: q }] }],${inference}
    }),
  );
}
`;

describe("uncapped-max-tokens", () => {
  it("flags Converse without inferenceConfig.maxTokens and prices the worst case", async () => {
    const [finding, ...rest] = await findings(converse(""));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ line: 4, column: 10, level: "warning", monthlySavings: null });
    // Worst case: 64,000 output tokens at $15/1M plus 1,500 input at $3/1M, for C calls.
    const worst = ((1500 * 3 + 64000 * 15) * C) / 1e6;
    expect(worst).toBeCloseTo(29336.875, 3);
    expect(finding!.message).toBe("No max-token cap on this Claude Sonnet 4.5 call: up to 64,000 output tokens per call.");
    expect(finding!.why).toContain("Worst case $29,337/mo");
    expect(finding!.fix).toContain("inferenceConfig.maxTokens");
  });

  it("flags an Anthropic InvokeModel body without max_tokens", async () => {
    const code = `import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export const run = (q: string) =>
  client.send(new InvokeModelCommand({
    modelId: "global.anthropic.claude-haiku-4-5-20251001-v1:0",
    body: JSON.stringify({ anthropic_version: "bedrock-2023-05-31", messages: [{ role: "user", content: q }] }),
  }));
`;
    const [finding] = await findings(code);
    expect(finding).toMatchObject({ line: 4, column: 3 });
  });

  it("names LiteLLM's own setting as the fix: max_tokens in code, litellm_params.max_tokens in a proxy config", async () => {
    const report = await scanFiles({
      "app/llm.py": 'import litellm\nlitellm.completion(model="bedrock/amazon.nova-lite-v1:0", messages=[])\n',
      "proxy/config.yaml": "model_list:\n  - model_name: nova\n    litellm_params:\n      model: bedrock/amazon.nova-lite-v1:0\n",
    });
    const fixes = report.findings.filter((f) => f.ruleId === "uncapped-max-tokens").map((f) => [f.path, f.line, f.fix]);
    expect(fixes).toEqual([
      ["app/llm.py", 2, expect.stringMatching(/^Set max_tokens to/)],
      ["proxy/config.yaml", 4, expect.stringMatching(/^Set litellm_params\.max_tokens to/)],
    ]);
  });

  it.each([
    ["a static cap", converse("\n      inferenceConfig: { maxTokens: 800 },")],
    ["a dynamic cap", converse("\n      inferenceConfig: { maxTokens: q.length },")],
    [
      "an embedding call",
      `import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export const embed = (t: string) => client.send(new InvokeModelCommand({ modelId: "amazon.titan-embed-text-v2:0", body: JSON.stringify({ inputText: t }) }));
`,
    ],
    [
      "a batch job (caps live in the input records)",
      `import { BedrockClient, CreateModelInvocationJobCommand } from "@aws-sdk/client-bedrock";
const bedrock = new BedrockClient({});
export const nightly = () => bedrock.send(new CreateModelInvocationJobCommand({
  jobName: "nightly", roleArn: "arn:aws:iam::123456789012:role/batch", modelId: "anthropic.claude-haiku-4-5-20251001-v1:0",
  inputDataConfig: { s3InputDataConfig: { s3Uri: "s3://in/" } }, outputDataConfig: { s3OutputDataConfig: { s3Uri: "s3://out/" } },
}));
`,
    ],
  ])("does not flag %s", async (_name, code) => {
    expect(await findings(code)).toEqual([]);
  });
});
