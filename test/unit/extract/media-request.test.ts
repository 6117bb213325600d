import { describe, expect, it } from "vitest";
import type { CallSite } from "../../../src/model/call-site.js";
import { extract, lines } from "./python/extract-helper.js";
import { sitesOf as typescriptSites } from "./typescript/extract-helper.js";

const pythonSites = (code: string): CallSite[] => extract(code).sites;

/** What an image or video request asks for (issue #10), read alike from Python and TypeScript bodies. */
const cases: Array<{ name: string; python: string; typescript: string; line: number; media: CallSite["media"] }> = [
  {
    name: "Nova Canvas TEXT_IMAGE: count, quality and size",
    python: lines(
      "import json, boto3",
      'client = boto3.client("bedrock-runtime")',
      "def draw(prompt):",
      '    cfg = {"numberOfImages": 3, "quality": "premium", "width": 2048, "height": 1024}',
      '    body = json.dumps({"taskType": "TEXT_IMAGE", "textToImageParams": {"text": prompt}, "imageGenerationConfig": cfg})',
      '    return client.invoke_model(modelId="amazon.nova-canvas-v1:0", body=body)',
    ),
    typescript: `import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export async function draw(prompt: string) {
  const cfg = { numberOfImages: 3, quality: "premium", width: 2048, height: 1024 };
  const body = JSON.stringify({ taskType: "TEXT_IMAGE", textToImageParams: { text: prompt }, imageGenerationConfig: cfg });
  return client.send(new InvokeModelCommand({ modelId: "amazon.nova-canvas-v1:0", body }));
}`,
    line: 6,
    media: { kind: "image", count: { kind: "static", value: 3, source: "constant" }, quality: "premium", pixels: 2048 * 1024, task: "TEXT_IMAGE" },
  },
  {
    name: "Titan background removal: no generation config, one image at the model's default size",
    python: lines(
      "import json, boto3",
      'client = boto3.client("bedrock-runtime")',
      "def cut(image):",
      '    return client.invoke_model(modelId="amazon.titan-image-generator-v2:0",',
      '        body=json.dumps({"taskType": "BACKGROUND_REMOVAL", "backgroundRemovalParams": {"image": image}}))',
    ),
    typescript: `import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export async function cut(image: string) {
  return client.send(new InvokeModelCommand({ modelId: "amazon.titan-image-generator-v2:0",
    body: JSON.stringify({ taskType: "BACKGROUND_REMOVAL", backgroundRemovalParams: { image } }) }));
}`,
    line: 4,
    media: { kind: "image", count: { kind: "absent" }, task: "BACKGROUND_REMOVAL" },
  },
  {
    name: "a count and quality from parameters: dynamic, said so",
    python: lines(
      "import json, boto3",
      'client = boto3.client("bedrock-runtime")',
      "def draw(prompt, n, quality):",
      '    cfg = {"numberOfImages": n, "quality": quality}',
      '    return client.invoke_model(modelId="amazon.nova-canvas-v1:0", body=json.dumps({"taskType": "TEXT_IMAGE", "imageGenerationConfig": cfg}))',
    ),
    typescript: `import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export async function draw(prompt: string, n: number, quality: string) {
  const cfg = { numberOfImages: n, quality };
  return client.send(new InvokeModelCommand({ modelId: "amazon.nova-canvas-v1:0", body: JSON.stringify({ taskType: "TEXT_IMAGE", imageGenerationConfig: cfg }) }));
}`,
    line: 5,
    media: { kind: "image", count: { kind: "dynamic", origin: expect.stringContaining("n") }, quality: null, task: "TEXT_IMAGE" },
  },
  {
    name: "Nova Reel through StartAsyncInvoke: seconds of an automated multi-shot video",
    python: lines(
      "import boto3",
      'client = boto3.client("bedrock-runtime")',
      "def film(prompt):",
      "    return client.start_async_invoke(",
      '        modelId="amazon.nova-reel-v1:1",',
      '        modelInput={"taskType": "MULTI_SHOT_AUTOMATED", "multiShotAutomatedParams": {"text": prompt}, "videoGenerationConfig": {"durationSeconds": 30, "fps": 24, "dimension": "1280x720"}},',
      '        outputDataConfig={"s3OutputDataConfig": {"s3Uri": "s3://bucket/out"}})',
    ),
    typescript: `import { BedrockRuntimeClient, StartAsyncInvokeCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export async function film(prompt: string) {
  return client.send(
    new StartAsyncInvokeCommand({
      modelId: "amazon.nova-reel-v1:1",
      modelInput: { taskType: "MULTI_SHOT_AUTOMATED", multiShotAutomatedParams: { text: prompt }, videoGenerationConfig: { durationSeconds: 30, fps: 24, dimension: "1280x720" } },
      outputDataConfig: { s3OutputDataConfig: { s3Uri: "s3://bucket/out" } } }));
}`,
    line: 4,
    media: { kind: "video", count: { kind: "static", value: 30, source: "literal" }, task: "MULTI_SHOT_AUTOMATED" },
  },
  {
    name: "a manual multi-shot video: six seconds a shot",
    python: lines(
      "import boto3",
      'client = boto3.client("bedrock-runtime")',
      "def film(a, b, c):",
      '    shots = [{"text": a}, {"text": b}, {"text": c}]',
      '    return client.start_async_invoke(modelId="amazon.nova-reel-v1:1", modelInput={"taskType": "MULTI_SHOT_MANUAL", "multiShotManualParams": {"shots": shots}}, outputDataConfig={})',
    ),
    typescript: `import { BedrockRuntimeClient, StartAsyncInvokeCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export async function film(a: string, b: string, c: string) {
  const shots = [{ text: a }, { text: b }, { text: c }];
  return client.send(new StartAsyncInvokeCommand({ modelId: "amazon.nova-reel-v1:1", modelInput: { taskType: "MULTI_SHOT_MANUAL", multiShotManualParams: { shots } }, outputDataConfig: {} }));
}`,
    line: 5,
    media: { kind: "video", count: { kind: "static", value: 18, source: "literal" }, task: "MULTI_SHOT_MANUAL" },
  },
  {
    name: "a text model's body asks for no media",
    python: lines(
      "import json, boto3",
      'client = boto3.client("bedrock-runtime")',
      'client.invoke_model(modelId="amazon.nova-lite-v1:0", body=json.dumps({"messages": [], "inferenceConfig": {"maxTokens": 100}}))',
    ),
    typescript: `import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
client.send(new InvokeModelCommand({ modelId: "amazon.nova-lite-v1:0", body: JSON.stringify({ messages: [], inferenceConfig: { maxTokens: 100 } }) }));`,
    line: 3,
    media: undefined,
  },
  {
    name: "Cohere Rerank through InvokeModel: one query for up to 100 documents",
    python: lines(
      "import json, boto3",
      'client = boto3.client("bedrock-runtime")',
      "def rank(q):",
      '    body = json.dumps({"query": q, "documents": ["a", "b", "c"], "top_n": 2, "api_version": 2})',
      '    return client.invoke_model(modelId="cohere.rerank-v3-5:0", body=body)',
    ),
    typescript: `import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export async function rank(q: string) {
  const body = JSON.stringify({ query: q, documents: ["a", "b", "c"], top_n: 2, api_version: 2 });
  return client.send(new InvokeModelCommand({ modelId: "cohere.rerank-v3-5:0", body }));
}`,
    line: 5,
    media: { kind: "rerank", count: { kind: "static", value: 1, source: "literal" } },
  },
];

describe("image and video requests", () => {
  it.each(cases)("Python: $name", ({ python, line, media }) => {
    const [site, ...rest] = pythonSites(python);
    expect(rest).toEqual([]);
    expect(site!.location.line).toBe(line);
    expect(site!.media).toEqual(media);
  });

  it.each(cases)("TypeScript: $name", ({ typescript, line, media }) => {
    const [site, ...rest] = typescriptSites(typescript);
    expect(rest).toEqual([]);
    expect(site!.location.line).toBe(line);
    expect(site!.media).toEqual(media);
  });
});
