import { describe, expect, it } from "vitest";
import { sitesOf } from "./extract-helper.js";

const LANGCHAIN_NOTE = "LangChain model object: invoked where it is used; usage counted at its construction";

/** JavaScript/TypeScript frameworks (issue #10): the site, its line, and the fields read. */
const found = [
  {
    name: "AI SDK: a createAmazonBedrock provider exported by another module",
    code: `import { generateText } from "ai";
import { bedrock } from "../lib/ai";
export async function go(q: string) { return generateText({ model: bedrock("us.amazon.nova-lite-v1:0"), prompt: q, maxOutputTokens: 300 }); }`,
    files: { "lib/ai.ts": `import { createAmazonBedrock } from "@ai-sdk/amazon-bedrock";\nexport const bedrock = createAmazonBedrock({ region: "us-east-1" });\n` },
    expected: [{ location: { line: 3 }, sdk: "ai-sdk", api: "ai_sdk", model: { id: "us.amazon.nova-lite-v1:0", source: "literal" }, maxTokens: { kind: "static", value: 300 } }],
  },
  {
    name: "AI SDK: Claude through bedrockAnthropic and createBedrockAnthropic",
    code: `import { generateText, streamText } from "ai";
import { bedrockAnthropic, createBedrockAnthropic } from "@ai-sdk/amazon-bedrock/anthropic";
const claude = createBedrockAnthropic({ region: "eu-west-1" });
export async function a(q: string) { return generateText({ model: bedrockAnthropic("us.anthropic.claude-sonnet-4-5-20250929-v1:0"), prompt: q, maxOutputTokens: 900 }); }
export function b(q: string) { return streamText({ model: claude("eu.anthropic.claude-haiku-4-5-20251001-v1:0"), prompt: q }); }`,
    expected: [
      { location: { line: 4 }, sdk: "ai-sdk", model: { id: "us.anthropic.claude-sonnet-4-5-20250929-v1:0" }, maxTokens: { kind: "static", value: 900 } },
      { location: { line: 5 }, model: { id: "eu.anthropic.claude-haiku-4-5-20251001-v1:0" }, maxTokens: { kind: "absent" } },
    ],
  },
  {
    name: "LangChain community BedrockChat, Bedrock and BedrockEmbeddings (defaults from the library)",
    code: `import { BedrockChat } from "@langchain/community/chat_models/bedrock/web";
import { Bedrock } from "@langchain/community/llms/bedrock";
import { BedrockEmbeddings } from "@langchain/community/embeddings/bedrock";
export const chat = new BedrockChat({ model: "anthropic.claude-3-haiku-20240307-v1:0", region: "us-east-1", maxTokens: 500 });
export const llm = new Bedrock({ region: "us-east-1" });
export const embeddings = new BedrockEmbeddings({ region: "us-east-1" });`,
    expected: [
      { location: { line: 4 }, sdk: "langchain", api: "langchain", model: { id: "anthropic.claude-3-haiku-20240307-v1:0", source: "literal" }, maxTokens: { kind: "static", value: 500 }, notes: [LANGCHAIN_NOTE] },
      { location: { line: 5 }, model: { id: "amazon.titan-tg1-large", source: "sdk-default" }, maxTokens: { kind: "absent" }, embedding: false },
      { location: { line: 6 }, model: { id: "amazon.titan-embed-text-v1", source: "sdk-default" }, embedding: true },
    ],
  },
  {
    name: "LlamaIndex.TS Bedrock: a BEDROCK_MODELS constant, 1,024 by default; a literal model with maxTokens",
    code: `import { Bedrock, BEDROCK_MODELS } from "@llamaindex/community";
export const llm = new Bedrock({ model: BEDROCK_MODELS.ANTHROPIC_CLAUDE_3_HAIKU, region: "us-east-1" });
export const llm2 = new Bedrock({ model: "meta.llama3-8b-instruct-v1:0", maxTokens: 300 });`,
    expected: [
      { location: { line: 2 }, sdk: "llamaindex", api: "invoke_model", model: { id: "anthropic.claude-3-haiku-20240307-v1:0", source: "constant" }, maxTokens: { kind: "static", value: 1024, source: "sdk-default" } },
      { location: { line: 3 }, model: { id: "meta.llama3-8b-instruct-v1:0", source: "literal" }, maxTokens: { kind: "static", value: 300, source: "literal" } },
    ],
  },
];

describe("frameworks: found, with the fields they write", () => {
  it.each(found)("$name", ({ code, files, expected }) => {
    const sites = sitesOf(code, "src/app.ts", files);
    expect(sites).toHaveLength(expected.length);
    expected.forEach((row, i) => expect(sites[i]).toMatchObject(row));
  });
});

describe("frameworks: not claimed as Bedrock", () => {
  const notFound = [
    { name: "a LlamaIndex.TS OpenAI model", code: `import { OpenAI } from "@llamaindex/openai";\nexport const llm = new OpenAI({ model: "gpt-4o" }); // Bedrock later` },
    { name: "a local class named Bedrock", code: `class Bedrock { constructor(readonly o: object) {} }\nexport const b = new Bedrock({ model: "x" });` },
    { name: "LangChain community on another provider", code: `import { ChatOpenAI } from "@langchain/openai";\nexport const c = new ChatOpenAI({ model: "gpt-4o" }); // bedrock` },
  ];
  it.each(notFound)("$name", ({ code }) => {
    expect(sitesOf(code)).toEqual([]);
  });
});

describe("extended thinking: its budget is read, billed as output", () => {
  it("ConverseCommand additionalModelRequestFields, an Anthropic body, and the AI SDK's reasoningConfig", () => {
    const sites = sitesOf(`import { BedrockRuntimeClient, ConverseCommand, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { generateText } from "ai";
import { bedrock } from "@ai-sdk/amazon-bedrock";
const client = new BedrockRuntimeClient({});
export const a = () => client.send(new ConverseCommand({ modelId: "global.anthropic.claude-sonnet-4-5-20250929-v1:0", messages: [], inferenceConfig: { maxTokens: 8000 }, additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 4000 } } }));
export const b = () => client.send(new InvokeModelCommand({ modelId: "anthropic.claude-3-7-sonnet-20250219-v1:0", body: JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 6000, thinking: { type: "enabled", budget_tokens: 2048 }, messages: [] }) }));
export const c = () => generateText({ model: bedrock("us.anthropic.claude-sonnet-4-5-20250929-v1:0"), prompt: "x", providerOptions: { bedrock: { reasoningConfig: { type: "enabled", budgetTokens: 1024 } } } });
export const d = () => client.send(new ConverseCommand({ modelId: "m", messages: [] }));`);
    expect(sites.map((s) => s.thinkingBudget)).toEqual([
      { kind: "static", value: 4000, source: "literal" },
      { kind: "static", value: 2048, source: "literal" },
      { kind: "static", value: 1024, source: "literal" },
      undefined,
    ]);
  });
});

describe("an ARN whose Region comes from a variable still names its model", () => {
  it("a template literal: the Region reads as *, the model is known", () => {
    const [site] = sitesOf(`import { BedrockAgentRuntimeClient, RetrieveAndGenerateCommand } from "@aws-sdk/client-bedrock-agent-runtime";
const client = new BedrockAgentRuntimeClient({});
export const ask = (text: string) => client.send(new RetrieveAndGenerateCommand({ input: { text }, retrieveAndGenerateConfiguration: { type: "KNOWLEDGE_BASE",
  knowledgeBaseConfiguration: { knowledgeBaseId: "KB", modelArn: \`arn:aws:bedrock:\${process.env.AWS_REGION}::foundation-model/anthropic.claude-v2\` } } }));`);
    expect(site!.model).toEqual({ id: "arn:aws:bedrock:*::foundation-model/anthropic.claude-v2", source: "literal", origin: "the ARN's Region comes from `process.env.AWS_REGION`" });
  });
});
