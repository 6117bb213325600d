import { describe, expect, it } from "vitest";
import { siteOf, sitesOf } from "./extract-helper.js";

const NO_CACHE = { count: 0, locations: [], ttl: "5m" };
const STANDARD = { tier: "standard", source: "sdk-default" };
const LANGCHAIN_NOTE = "LangChain model object: invoked where it is used; usage counted at its construction";

describe("@anthropic-ai/bedrock-sdk", () => {
  const cases = [
    {
      name: "messages.create with system blocks and cache_control",
      code: `import AnthropicBedrock from "@anthropic-ai/bedrock-sdk";
const SYS = "You triage support tickets.";
const client = new AnthropicBedrock({ awsRegion: "us-east-1" });
export async function triage(ticket: string) {
  return client.messages.create({
    model: "us.anthropic.claude-haiku-4-5-20251001-v1:0",
    max_tokens: 1024,
    system: [{ type: "text", text: SYS, cache_control: { type: "ephemeral", ttl: "1h" } }],
    messages: [{ role: "user", content: ticket }],
  });
}`,
      expected: {
        key: "src/app.ts#triage#anthropic_messages#0",
        location: { path: "src/app.ts", line: 5, column: 10, endLine: 10, endColumn: 5 },
        sdk: "anthropic-bedrock",
        api: "anthropic_messages",
        symbol: "triage",
        model: { id: "us.anthropic.claude-haiku-4-5-20251001-v1:0", source: "literal" },
        maxTokens: { kind: "static", value: 1024, source: "literal" },
        cachePoints: { count: 1, locations: ["system"], ttl: "1h" },
        systemPrompt: { chars: 27, origin: "constant SYS" },
        serviceTier: STANDARD,
        notes: [],
      },
    },
    {
      name: "messages.stream with a string system prompt, named import, client in a field",
      code: `import { AnthropicBedrock } from "@anthropic-ai/bedrock-sdk";
class Writer {
  private c = new AnthropicBedrock();
  draft(topic: string) {
    return this.c.messages.stream({ model: "anthropic.claude-sonnet-4-5-20250929-v1:0", max_tokens: 2048, system: "Write well.", messages: [{ role: "user", content: topic }] });
  }
}`,
      expected: {
        key: "src/app.ts#Writer.draft#anthropic_messages#0",
        location: { line: 5, column: 12 },
        symbol: "Writer.draft",
        model: { id: "anthropic.claude-sonnet-4-5-20250929-v1:0", source: "literal" },
        maxTokens: { kind: "static", value: 2048, source: "literal" },
        cachePoints: NO_CACHE,
        systemPrompt: { chars: 11, origin: "literal" },
      },
    },
    {
      name: "beta.messages.create with tools cache_control and no max_tokens",
      code: `const { AnthropicBedrock } = require("@anthropic-ai/bedrock-sdk");
const c = new AnthropicBedrock();
c.beta.messages.create({ model: "anthropic.claude-3-7-sonnet-20250219-v1:0", tools: [{ name: "a", input_schema: {} }, { name: "b", input_schema: {}, cache_control: { type: "ephemeral" } }], messages: [] });`,
      path: "src/tools.cjs",
      expected: {
        key: "src/tools.cjs#<module>#anthropic_messages#0",
        location: { line: 3, column: 1 },
        language: "javascript",
        maxTokens: { kind: "absent" },
        cachePoints: { count: 1, locations: ["tools"], ttl: "5m" },
        systemPrompt: null,
      },
    },
  ];
  it.each(cases)("$name", ({ code, path, expected }) => {
    expect(siteOf(code, path ?? "src/app.ts")).toMatchObject(expected);
  });

  it("the module required whole as the class", () => {
    const code = `const AnthropicBedrock = require("@anthropic-ai/bedrock-sdk");
const client = new AnthropicBedrock();
module.exports = (q) => client.messages.create({ model: "anthropic.claude-3-5-haiku-20241022-v1:0", max_tokens: 64, messages: [{ role: "user", content: q }] });`;
    expect(siteOf(code, "src/ask.js")).toMatchObject({ api: "anthropic_messages", location: { line: 3, column: 25 }, maxTokens: { kind: "static", value: 64, source: "literal" } });
  });

  it("the plain Anthropic SDK is not Bedrock", () => {
    const code = `import Anthropic from "@anthropic-ai/sdk";
// Bedrock is elsewhere
new Anthropic().messages.create({ model: "claude-3-5-haiku-latest", max_tokens: 10, messages: [] });`;
    expect(sitesOf(code)).toEqual([]);
  });
});

describe("@ai-sdk/amazon-bedrock with the AI SDK", () => {
  const cases = [
    {
      name: "generateText with bedrock(id), system message cache point, service tier",
      code: `import { bedrock } from "@ai-sdk/amazon-bedrock";
import { generateText } from "ai";
const SYS = "You are a helpful assistant.";
export async function reply(q: string) {
  const { text } = await generateText({
    model: bedrock("us.anthropic.claude-sonnet-4-5-20250929-v1:0"),
    maxOutputTokens: 2000,
    messages: [
      { role: "system", content: SYS, providerOptions: { bedrock: { cachePoint: { type: "default" } } } },
      { role: "user", content: q },
    ],
    providerOptions: { bedrock: { serviceTier: "flex" } },
  });
  return text;
}`,
      expected: {
        key: "src/app.ts#reply#ai_sdk#0",
        location: { path: "src/app.ts", line: 5, column: 26, endLine: 13, endColumn: 5 },
        sdk: "ai-sdk",
        api: "ai_sdk",
        symbol: "reply",
        model: { id: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", source: "literal" },
        maxTokens: { kind: "static", value: 2000, source: "literal" },
        cachePoints: { count: 1, locations: ["system"], ttl: "5m" },
        systemPrompt: { chars: 28, origin: "constant SYS" },
        serviceTier: { tier: "flex", source: "literal" },
        embedding: false,
      },
    },
    {
      name: "streamText with a provider from createAmazonBedrock held in a variable, v4 maxTokens",
      code: `import { createAmazonBedrock } from "@ai-sdk/amazon-bedrock";
import { streamText } from "ai";
const provider = createAmazonBedrock({ region: "eu-west-1" });
const model = provider("eu.amazon.nova-pro-v1:0");
export const chat = (q: string) => streamText({ model, system: "Short answers.", prompt: q, maxTokens: 500, messages: [{ role: "user", content: q, providerOptions: { bedrock: { cachePoint: { type: "default" } } } }] });`,
      expected: {
        key: "src/app.ts#chat#ai_sdk#0",
        location: { line: 5, column: 36 },
        model: { id: "eu.amazon.nova-pro-v1:0", source: "constant" },
        maxTokens: { kind: "static", value: 500, source: "literal" },
        cachePoints: { count: 1, locations: ["messages"], ttl: "5m" },
        systemPrompt: { chars: 14, origin: "literal" },
        serviceTier: STANDARD,
      },
    },
    {
      name: "generateObject with bedrock.languageModel and no cap",
      code: `import * as ai from "ai";
import { bedrock } from "@ai-sdk/amazon-bedrock";
await ai.generateObject({ model: bedrock.languageModel("amazon.nova-micro-v1:0"), schema, prompt: "x" });`,
      expected: { location: { line: 3, column: 7 }, model: { id: "amazon.nova-micro-v1:0", source: "literal" }, maxTokens: { kind: "absent" }, systemPrompt: null },
    },
    {
      name: "embedMany with bedrock.embedding",
      code: `import { embedMany } from "ai";
import { bedrock } from "@ai-sdk/amazon-bedrock";
export async function index(docs: string[]) {
  return embedMany({ model: bedrock.embedding("amazon.titan-embed-text-v2:0"), values: docs });
}`,
      expected: { key: "src/app.ts#index#ai_sdk#0", model: { id: "amazon.titan-embed-text-v2:0" }, embedding: true, maxTokens: { kind: "absent" } },
    },
    {
      name: "embed with an aliased import and textEmbeddingModel",
      code: `import { embed as embedOne } from "ai";
import { bedrock } from "@ai-sdk/amazon-bedrock";
await embedOne({ model: bedrock.textEmbeddingModel("cohere.embed-english-v3"), value: "x" });`,
      expected: { model: { id: "cohere.embed-english-v3" }, embedding: true },
    },
  ];
  it.each(cases)("$name", ({ code, expected }) => {
    expect(siteOf(code)).toMatchObject(expected);
  });

  it("generateText with another provider is not Bedrock", () => {
    const code = `import { openai } from "@ai-sdk/openai";
import { bedrock } from "@ai-sdk/amazon-bedrock";
import { generateText } from "ai";
await generateText({ model: openai("gpt-4o"), prompt: "x" });`;
    expect(sitesOf(code)).toEqual([]);
  });
});

describe("@langchain/aws", () => {
  const cases = [
    {
      name: "ChatBedrockConverse with model, maxTokens and serviceTier",
      code: `import { ChatBedrockConverse } from "@langchain/aws";
export const llm = new ChatBedrockConverse({ model: "us.anthropic.claude-3-5-haiku-20241022-v1:0", maxTokens: 700, serviceTier: "priority", region: "us-east-1" });`,
      expected: {
        key: "src/app.ts#<module>#langchain#0",
        location: { path: "src/app.ts", line: 2, column: 20, endLine: 2, endColumn: 163 },
        sdk: "langchain",
        api: "langchain",
        model: { id: "us.anthropic.claude-3-5-haiku-20241022-v1:0", source: "literal" },
        maxTokens: { kind: "static", value: 700, source: "literal" },
        serviceTier: { tier: "priority", source: "literal" },
        systemPrompt: null,
        embedding: false,
        notes: [LANGCHAIN_NOTE],
      },
    },
    {
      name: "model omitted: the SDK default",
      code: `import { ChatBedrockConverse } from "@langchain/aws";
function makeModel() { return new ChatBedrockConverse({ region: "us-east-1" }); }`,
      expected: {
        key: "src/app.ts#makeModel#langchain#0",
        model: { id: "anthropic.claude-3-haiku-20240307-v1:0", source: "sdk-default" },
        maxTokens: { kind: "absent" },
        serviceTier: STANDARD,
      },
    },
    {
      name: "BedrockEmbeddings",
      code: `import { BedrockEmbeddings } from "@langchain/aws";
const embeddings = new BedrockEmbeddings({ model: "amazon.titan-embed-text-v1" });`,
      expected: { model: { id: "amazon.titan-embed-text-v1", source: "literal" }, embedding: true, maxTokens: { kind: "absent" }, notes: [LANGCHAIN_NOTE] },
    },
  ];
  it.each(cases)("$name", ({ code, expected }) => {
    expect(siteOf(code)).toMatchObject(expected);
  });
});
