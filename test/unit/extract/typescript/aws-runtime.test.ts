import { describe, expect, it } from "vitest";
import { siteOf, sitesOf } from "./extract-helper.js";

const NO_CACHE = { count: 0, locations: [], ttl: "5m" };
const STANDARD = { tier: "standard", source: "sdk-default" };

describe("@aws-sdk/client-bedrock-runtime commands", () => {
  const cases = [
    {
      name: "Converse via client.send, everything literal",
      code: `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const rt = new BedrockRuntimeClient({ region: "us-east-1" });
export async function ask(q: string) {
  return rt.send(new ConverseCommand({
    modelId: "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
    system: [{ text: "Be brief." }, { cachePoint: { type: "default", ttl: "1h" } }],
    messages: [{ role: "user", content: [{ text: q }, { cachePoint: { type: "default" } }] }],
    toolConfig: { tools: [{ toolSpec: { name: "t" } }, { cachePoint: { type: "default" } }] },
    inferenceConfig: { maxTokens: 1024 },
    serviceTier: { type: "flex" },
  }));
}`,
      expected: {
        key: "src/app.ts#ask#converse#0",
        location: { path: "src/app.ts", line: 4, column: 10, endLine: 11, endColumn: 6 },
        language: "typescript",
        sdk: "aws-sdk-js-v3",
        api: "converse",
        symbol: "ask",
        ordinal: 0,
        model: { id: "global.anthropic.claude-sonnet-4-5-20250929-v1:0", source: "literal" },
        maxTokens: { kind: "static", value: 1024, source: "literal" },
        cachePoints: { count: 3, locations: ["tools", "system", "messages"], ttl: "1h" },
        systemPrompt: { chars: 9, origin: "literal" },
        serviceTier: { tier: "flex", source: "literal" },
        embedding: false,
        notes: [],
      },
    },
    {
      name: "ConverseStream built first from a params variable with a spread of a constant",
      code: `import { ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
const BASE = { modelId: "amazon.nova-lite-v1:0", inferenceConfig: { maxTokens: 300 } };
class Chat {
  async stream(text: string) {
    const params = { ...BASE, messages: [{ role: "user", content: [{ text }] }] };
    const cmd = new ConverseStreamCommand(params);
    return this.client.send(cmd);
  }
}`,
      expected: {
        key: "src/app.ts#Chat.stream#converse_stream#0",
        location: { path: "src/app.ts", line: 6, column: 17, endLine: 6, endColumn: 50 },
        api: "converse_stream",
        symbol: "Chat.stream",
        model: { id: "amazon.nova-lite-v1:0", source: "constant" },
        maxTokens: { kind: "static", value: 300, source: "constant" },
        cachePoints: NO_CACHE,
        systemPrompt: null,
        serviceTier: STANDARD,
      },
    },
    {
      name: "InvokeModel with an Anthropic body, cache_control and a priority tier",
      code: `import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
const STATIC_SYS = "You are a support agent for ACME.";
const rt = new BedrockRuntimeClient({});
export const handler = async (event: { q: string }) => {
  const out = await rt.send(new InvokeModelCommand({
    modelId: "anthropic.claude-3-5-haiku-20241022-v1:0",
    contentType: "application/json",
    body: JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 512,
      system: [{ type: "text", text: STATIC_SYS, cache_control: { type: "ephemeral" } }],
      messages: [{ role: "user", content: event.q }] }),
    serviceTier: "priority",
  }));
  return out;
};`,
      expected: {
        key: "src/app.ts#handler#invoke_model#0",
        location: { path: "src/app.ts", line: 5, column: 21, endLine: 12, endColumn: 6 },
        api: "invoke_model",
        symbol: "handler",
        model: { id: "anthropic.claude-3-5-haiku-20241022-v1:0", source: "literal" },
        maxTokens: { kind: "static", value: 512, source: "literal" },
        cachePoints: { count: 1, locations: ["system"], ttl: "5m" },
        systemPrompt: { chars: 33, origin: "constant STATIC_SYS" },
        serviceTier: { tier: "priority", source: "literal" },
      },
    },
    {
      name: "InvokeModelWithResponseStream through a namespace import",
      code: `import * as brt from "@aws-sdk/client-bedrock-runtime";
const client = new brt.BedrockRuntimeClient({});
await client.send(new brt.InvokeModelWithResponseStreamCommand({ modelId: "mistral.mistral-large-2402-v1:0", body: JSON.stringify({ prompt: "hi", max_tokens: 200 }) }));`,
      expected: {
        key: "src/app.ts#<module>#invoke_model_stream#0",
        location: { path: "src/app.ts", line: 3, column: 7, endLine: 3, endColumn: 169 },
        api: "invoke_model_stream",
        symbol: "",
        model: { id: "mistral.mistral-large-2402-v1:0", source: "literal" },
        maxTokens: { kind: "static", value: 200, source: "literal" },
      },
    },
    {
      name: "StartAsyncInvoke reads modelInput as a document",
      code: `const { BedrockRuntimeClient, StartAsyncInvokeCommand } = require("@aws-sdk/client-bedrock-runtime");
const client = new BedrockRuntimeClient({});
function start() {
  return client.send(new StartAsyncInvokeCommand({ modelId: "amazon.nova-reel-v1:0", modelInput: { taskType: "TEXT_VIDEO" }, outputDataConfig: { s3OutputDataConfig: { s3Uri: "s3://o/" } } }));
}`,
      path: "src/video.js",
      expected: {
        key: "src/video.js#start#async_invoke#0",
        location: { path: "src/video.js", line: 4, column: 10, endLine: 4, endColumn: 192 },
        language: "javascript",
        api: "async_invoke",
        symbol: "start",
        model: { id: "amazon.nova-reel-v1:0", source: "literal" },
        maxTokens: { kind: "absent" },
      },
    },
    {
      name: "aggregated BedrockRuntime client in a class field",
      code: `import { BedrockRuntime } from "@aws-sdk/client-bedrock-runtime";
export class SupportAgent {
  private rt = new BedrockRuntime({ region: "us-west-2" });
  private readonly model = "us.amazon.nova-pro-v1:0";
  async step(text: string) {
    return this.rt.converse({ modelId: this.model, messages: [{ role: "user", content: [{ text }] }], inferenceConfig: { maxTokens: 800 } });
  }
}`,
      expected: {
        key: "src/app.ts#SupportAgent.step#converse#0",
        location: { path: "src/app.ts", line: 6, column: 12, endLine: 6, endColumn: 141 },
        api: "converse",
        symbol: "SupportAgent.step",
        model: { id: "us.amazon.nova-pro-v1:0", source: "constant" },
        maxTokens: { kind: "static", value: 800, source: "literal" },
      },
    },
    {
      name: "aggregated client assigned once in the constructor, invokeModel",
      code: `import { BedrockRuntime } from "@aws-sdk/client-bedrock-runtime";
class Summariser {
  constructor(private region: string) {
    this.runtime = new BedrockRuntime({ region });
  }
  run(prompt: string) {
    return this.runtime.invokeModel({ modelId: "openai.gpt-oss-120b-1:0", body: JSON.stringify({ messages: [{ role: "developer", content: "Summarise." }, { role: "user", content: prompt }], max_completion_tokens: 700 }) });
  }
}`,
      expected: {
        key: "src/app.ts#Summariser.run#invoke_model#0",
        location: { path: "src/app.ts", line: 7, column: 12, endLine: 7, endColumn: 223 },
        api: "invoke_model",
        model: { id: "openai.gpt-oss-120b-1:0", source: "literal" },
        maxTokens: { kind: "static", value: 700, source: "literal" },
        systemPrompt: { chars: 10, origin: "literal" },
      },
    },
  ];

  it.each(cases)("$name", ({ code, path, expected }) => {
    expect(siteOf(code, path ?? "src/app.ts")).toMatchObject(expected);
  });
});

describe("not Bedrock inference", () => {
  const cases = [
    {
      name: "a converse method on an unrelated class",
      code: `import { Bedrock } from "./bedrock-wrapper";
class Chat { converse(x: unknown) { return x; } }
new Chat().converse({ modelId: "anthropic.claude-3-haiku-20240307-v1:0" });`,
    },
    {
      name: "CountTokensCommand is not inference",
      code: `import { BedrockRuntimeClient, CountTokensCommand } from "@aws-sdk/client-bedrock-runtime";
await new BedrockRuntimeClient({}).send(new CountTokensCommand({ modelId: "anthropic.claude-3-haiku-20240307-v1:0", input: {} }));`,
    },
    {
      name: "Bedrock mentioned only in a comment",
      code: `// TODO: call Bedrock ConverseCommand here
export const converse = (x: string) => x;
converse("anthropic.claude-3-haiku-20240307-v1:0");`,
    },
    {
      name: "a ConverseCommand class from another package",
      code: `import { ConverseCommand } from "./fake-bedrock";
await client.send(new ConverseCommand({ modelId: "x" }));`,
    },
    {
      name: "control-plane calls other than batch jobs",
      code: `import { BedrockClient, ListFoundationModelsCommand } from "@aws-sdk/client-bedrock";
await new BedrockClient({}).send(new ListFoundationModelsCommand({}));`,
    },
  ];
  it.each(cases)("$name", ({ code }) => {
    expect(sitesOf(code)).toEqual([]);
  });
});

describe("@aws-sdk/client-bedrock batch jobs", () => {
  it("CreateModelInvocationJobCommand: model, absent cap, note", () => {
    const code = `import { BedrockClient, CreateModelInvocationJobCommand } from "@aws-sdk/client-bedrock";
const bedrock = new BedrockClient({});
export async function nightly(roleArn: string) {
  await bedrock.send(new CreateModelInvocationJobCommand({
    jobName: "nightly", roleArn, modelId: "anthropic.claude-haiku-4-5-20251001-v1:0",
    inputDataConfig: { s3InputDataConfig: { s3Uri: "s3://in/" } },
    outputDataConfig: { s3OutputDataConfig: { s3Uri: "s3://out/" } },
  }));
}`;
    expect(siteOf(code)).toEqual({
      key: "src/app.ts#nightly#batch_job#0",
      location: { path: "src/app.ts", line: 4, column: 9, endLine: 8, endColumn: 6 },
      language: "typescript",
      sdk: "aws-sdk-js-v3",
      api: "batch_job",
      symbol: "nightly",
      ordinal: 0,
      model: { id: "anthropic.claude-haiku-4-5-20251001-v1:0", source: "literal" },
      maxTokens: { kind: "absent" },
      cachePoints: NO_CACHE,
      systemPrompt: null,
      serviceTier: STANDARD,
      embedding: false,
      notes: ["batch job: the output cap is set per record in the S3 input file"],
    });
  });

  it("aggregated Bedrock client createModelInvocationJob", () => {
    const code = `import { Bedrock } from "@aws-sdk/client-bedrock";
const b = new Bedrock({});
b.createModelInvocationJob({ jobName: "j", roleArn: "r", modelId: "amazon.nova-micro-v1:0", inputDataConfig: {}, outputDataConfig: {} });`;
    expect(siteOf(code)).toMatchObject({ api: "batch_job", location: { line: 3, column: 1 }, model: { id: "amazon.nova-micro-v1:0" } });
  });
});
