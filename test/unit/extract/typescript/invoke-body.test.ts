import { describe, expect, it } from "vitest";
import { siteOf } from "./extract-helper.js";

/** One InvokeModel call with the given model id expression and body expression. */
function invoke(modelId: string, body: string, before = ""): string {
  return `import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
const rt = new BedrockRuntimeClient({});
${before}
export const run = () => rt.send(new InvokeModelCommand({ modelId: ${modelId}, body: ${body} }));`;
}

describe("InvokeModel bodies: the max-token key of each model family", () => {
  const cases = [
    { name: "anthropic max_tokens", model: `"us.anthropic.claude-sonnet-4-20250514-v1:0"`, body: `JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 4096, messages: [] })`, maxTokens: { kind: "static", value: 4096, source: "literal" } },
    { name: "nova inferenceConfig.max_new_tokens", model: `"amazon.nova-lite-v1:0"`, body: `JSON.stringify({ schemaVersion: "messages-v1", system: [{ text: "Be terse." }], messages: [], inferenceConfig: { max_new_tokens: 300 } })`, maxTokens: { kind: "static", value: 300, source: "literal" }, systemPrompt: { chars: 9, origin: "literal" } },
    { name: "nova 2 inferenceConfig.maxTokens", model: `"global.amazon.nova-2-lite-v1:0"`, body: `JSON.stringify({ messages: [], inferenceConfig: { maxTokens: 1000 } })`, maxTokens: { kind: "static", value: 1000, source: "literal" } },
    { name: "titan textGenerationConfig.maxTokenCount", model: `"amazon.titan-text-express-v1"`, body: `JSON.stringify({ inputText: "hi", textGenerationConfig: { maxTokenCount: 512, temperature: 0 } })`, maxTokens: { kind: "static", value: 512, source: "literal" } },
    { name: "llama max_gen_len", model: `"meta.llama3-1-70b-instruct-v1:0"`, body: `JSON.stringify({ prompt: "hi", max_gen_len: 256 })`, maxTokens: { kind: "static", value: 256, source: "literal" } },
    { name: "mistral max_tokens", model: `"mistral.mixtral-8x7b-instruct-v0:1"`, body: `JSON.stringify({ prompt: "<s>[INST] hi [/INST]", max_tokens: 400 })`, maxTokens: { kind: "static", value: 400, source: "literal" } },
    { name: "gpt-oss max_completion_tokens", model: `"openai.gpt-oss-20b-1:0"`, body: `JSON.stringify({ messages: [{ role: "system", content: "You are a bot." }], max_completion_tokens: 900 })`, maxTokens: { kind: "static", value: 900, source: "literal" }, systemPrompt: { chars: 14, origin: "literal" } },
    { name: "cohere preamble is the system prompt", model: `"cohere.command-r-plus-v1:0"`, body: `JSON.stringify({ message: "hi", preamble: "You are Coral.", max_tokens: 128 })`, maxTokens: { kind: "static", value: 128, source: "literal" }, systemPrompt: { chars: 14, origin: "literal" } },
    { name: "a family key of another family does not count", model: `"meta.llama3-1-8b-instruct-v1:0"`, body: `JSON.stringify({ prompt: "hi", max_tokens: 256 })`, maxTokens: { kind: "absent" } },
    { name: "key absent", model: `"anthropic.claude-3-haiku-20240307-v1:0"`, body: `JSON.stringify({ messages: [] })`, maxTokens: { kind: "absent" } },
    { name: "model through an ARN: family from the profile id", model: `"arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.meta.llama3-2-3b-instruct-v1:0"`, body: `JSON.stringify({ prompt: "x", max_gen_len: 64 })`, maxTokens: { kind: "static", value: 64, source: "literal" } },
    { name: "unknown model: any known key", model: `process.env.MODEL_ID`, body: `JSON.stringify({ prompt: "x", max_gen_len: 77 })`, maxTokens: { kind: "static", value: 77, source: "literal" } },
    { name: "a JSON string literal body", model: `"anthropic.claude-3-haiku-20240307-v1:0"`, body: `'{"max_tokens": 300, "system": "Be kind.", "messages": []}'`, maxTokens: { kind: "static", value: 300, source: "literal" }, systemPrompt: { chars: 8, origin: "literal" } },
    { name: "Buffer.from(JSON.stringify(...))", model: `"anthropic.claude-3-haiku-20240307-v1:0"`, body: `Buffer.from(JSON.stringify({ max_tokens: 111 }))`, maxTokens: { kind: "static", value: 111, source: "literal" } },
    { name: "new TextEncoder().encode(JSON.stringify(...))", model: `"anthropic.claude-3-haiku-20240307-v1:0"`, body: `new TextEncoder().encode(JSON.stringify({ max_tokens: 222 }))`, maxTokens: { kind: "static", value: 222, source: "literal" } },
    { name: "a variable holding the object", model: `"anthropic.claude-3-haiku-20240307-v1:0"`, body: `JSON.stringify(payload)`, before: `const payload = { max_tokens: 333, messages: [] };`, maxTokens: { kind: "static", value: 333, source: "constant" } },
    { name: "a variable holding the JSON text", model: `"anthropic.claude-3-haiku-20240307-v1:0"`, body: `body`, before: `const body = JSON.stringify({ max_tokens: 444 });`, maxTokens: { kind: "static", value: 444, source: "constant" } },
    { name: "a cap from a computed constant", model: `"anthropic.claude-3-haiku-20240307-v1:0"`, body: `JSON.stringify({ max_tokens: LIMIT * 2 })`, before: `const LIMIT = 1024;`, maxTokens: { kind: "static", value: 2048, source: "constant" } },
    { name: "a dynamic cap", model: `"anthropic.claude-3-haiku-20240307-v1:0"`, body: `JSON.stringify({ max_tokens: getLimit() })`, maxTokens: { kind: "dynamic", origin: "the result of `getLimit(…)`" } },
    { name: "a body built elsewhere", model: `"anthropic.claude-3-haiku-20240307-v1:0"`, body: `buildBody()`, maxTokens: { kind: "dynamic", origin: "request body built elsewhere (the result of `buildBody(…)`)" } },
  ];
  it.each(cases)("$name", ({ model, body, before, maxTokens, systemPrompt }) => {
    const site = siteOf(invoke(model, body, before));
    expect(site.maxTokens).toEqual(maxTokens);
    if (systemPrompt) expect(site.systemPrompt).toEqual(systemPrompt);
  });

  it("embedding models: embedding flag, no output cap", () => {
    const site = siteOf(invoke(`"amazon.titan-embed-text-v2:0"`, `JSON.stringify({ inputText: "hello", dimensions: 512 })`));
    expect([site.embedding, site.maxTokens, site.systemPrompt]).toEqual([true, { kind: "absent" }, null]);
  });

  it("Anthropic body cache points on tools, system and messages with a 1h ttl", () => {
    const body = `JSON.stringify({ max_tokens: 100,
  tools: [{ name: "lookup", input_schema: {}, cache_control: { type: "ephemeral" } }],
  system: [{ type: "text", text: "abc" }, { type: "text", text: "de", cache_control: { type: "ephemeral", ttl: "1h" } }],
  messages: [{ role: "user", content: [{ type: "text", text: "q", cache_control: { type: "ephemeral" } }] }] })`;
    const site = siteOf(invoke(`"anthropic.claude-sonnet-4-5-20250929-v1:0"`, body));
    expect(site.cachePoints).toEqual({ count: 3, locations: ["tools", "system", "messages"], ttl: "1h" });
    expect(site.systemPrompt).toEqual({ chars: 5, origin: "literal" });
  });
});
