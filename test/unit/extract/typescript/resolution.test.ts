import { describe, expect, it } from "vitest";
import { siteOf } from "./extract-helper.js";

/** A Converse call inside `answer(...)` whose modelId is `expr`, after the module-level `before`. */
function converse(expr: string, before = "", params = "q: string"): string {
  return `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const rt = new BedrockRuntimeClient({});
${before}
export async function answer(${params}) {
  return rt.send(new ConverseCommand({ modelId: ${expr}, messages: [] }));
}`;
}

const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

describe("static resolution of the model id", () => {
  const cases = [
    { name: "string literal", expr: `"${HAIKU}"`, model: { id: HAIKU, source: "literal" } },
    { name: "const declaration", expr: `MODEL`, before: `const MODEL = "${HAIKU}";`, model: { id: HAIKU, source: "constant" } },
    { name: "template literal with resolved parts", expr: "`${GEO}.anthropic.claude-3-haiku-20240307-v1:0`", before: `const GEO = "us";`, model: { id: `us.${HAIKU}`, source: "constant" } },
    { name: "no-substitution template literal", expr: "`" + HAIKU + "`", model: { id: HAIKU, source: "literal" } },
    { name: "+ concatenation", expr: `"eu." + BASE`, before: `const BASE = "${HAIKU}";`, model: { id: `eu.${HAIKU}`, source: "constant" } },
    { name: "as const / satisfies / non-null", expr: `(MODEL as string)!`, before: `const MODEL = "${HAIKU}" as const satisfies string;`, model: { id: HAIKU, source: "constant" } },
    { name: "process.env.X ?? literal", expr: `process.env.BEDROCK_MODEL_ID ?? "${HAIKU}"`, model: { id: HAIKU, source: "env-default", env: "BEDROCK_MODEL_ID" } },
    { name: "process.env.X || constant", expr: `process.env.MODEL || FALLBACK`, before: `const FALLBACK = "${HAIKU}";`, model: { id: HAIKU, source: "env-default", env: "MODEL" } },
    { name: "env default through a const", expr: `MODEL_ID`, before: `const MODEL_ID = process.env.MODEL_ID ?? "${HAIKU}";`, model: { id: HAIKU, source: "env-default", env: "MODEL_ID" } },
    { name: "process.env.X alone", expr: `process.env.BEDROCK_MODEL_ID`, model: { id: null, source: "dynamic", env: "BEDROCK_MODEL_ID", origin: "environment variable BEDROCK_MODEL_ID" } },
    { name: `process.env["X"]`, expr: `process.env["MODEL"]`, model: { id: null, source: "dynamic", env: "MODEL", origin: "environment variable MODEL" } },
    { name: "parameter without default", expr: `modelId`, params: `modelId: string`, model: { id: null, source: "dynamic", origin: "parameter `modelId` of `answer`" } },
    { name: "parameter with default", expr: `modelId`, params: `modelId = "${HAIKU}"`, model: { id: HAIKU, source: "constant", origin: "default of parameter `modelId`" } },
    { name: "destructured parameter with default", expr: `model`, params: `{ model = DEFAULT }: { model?: string }`, before: `const DEFAULT = "${HAIKU}";`, model: { id: HAIKU, source: "constant", origin: "default of parameter `model`" } },
    { name: "property of a request", expr: `req.body.model`, params: `req: Request`, model: { id: null, source: "dynamic", origin: "property `model` of `req.body`" } },
    { name: "function call", expr: `pickModel(q)`, model: { id: null, source: "dynamic", origin: "the result of `pickModel(…)`" } },
    { name: "conditional", expr: `q.length > 100 ? BIG : SMALL`, model: { id: null, source: "dynamic", origin: "conditional expression `q.length > 100 ? BIG : SMALL`" } },
    { name: "let that is reassigned", expr: `model`, before: `let model = "${HAIKU}";\nexport function upgrade() { model = "anthropic.claude-opus-4-1-20250805-v1:0"; }`, model: { id: null, source: "dynamic", origin: "variable `model`, which is reassigned" } },
    { name: "let never reassigned", expr: `model`, before: `let model = "${HAIKU}";`, model: { id: HAIKU, source: "constant" } },
    { name: "destructuring a const object", expr: `fast`, before: `const MODELS = { fast: "${HAIKU}", smart: "x" };\nconst { fast } = MODELS;`, model: { id: HAIKU, source: "constant" } },
    { name: "renamed destructuring with a nested object", expr: `m`, before: `const CONFIG = { models: { fast: "${HAIKU}" } };\nconst { models: { fast: m } } = CONFIG;`, model: { id: HAIKU, source: "constant" } },
    { name: "nested property access", expr: `CONFIG.models.fast`, before: `const CONFIG = { models: { fast: "${HAIKU}" } } as const;`, model: { id: HAIKU, source: "constant" } },
    { name: "element access with a string key", expr: `MODELS["fast"]`, before: `const MODELS: Record<string, string> = { fast: "${HAIKU}" };`, model: { id: HAIKU, source: "constant" } },
    { name: "spread override keeps the last value", expr: `CFG.model`, before: `const BASE = { model: "a.b" };\nconst CFG = { ...BASE, model: "${HAIKU}" };`, model: { id: HAIKU, source: "constant" } },
    { name: "a key that may come from an unknown spread", expr: `CFG.model`, before: `const CFG = { model: "a.b", ...loadOverrides() };`, model: { id: null, source: "dynamic", origin: "property `model` may come from spread of `loadOverrides()`" } },
    { name: "string enum member", expr: `Model.Fast`, before: `enum Model { Fast = "${HAIKU}", Smart = "anthropic.claude-opus-4-1-20250805-v1:0" }`, model: { id: HAIKU, source: "constant" } },
    { name: "inner scope shadows the module constant", expr: `MODEL`, before: `const MODEL = "outer.model";\nfunction other() { const MODEL = "inner"; return MODEL; }`, model: { id: "outer.model", source: "constant" } },
    { name: "relative import without the file", expr: `MODEL_ID`, before: `import { MODEL_ID } from "./config";`, model: { id: null, source: "dynamic", origin: '`MODEL_ID` imported from "./config"' } },
    { name: "undeclared global", expr: `MODEL_ID`, model: { id: null, source: "dynamic", origin: "`MODEL_ID` (not declared in this file)" } },
  ];
  it.each(cases)("$name", ({ expr, before, params, model }) => {
    expect(siteOf(converse(expr, before, params)).model).toEqual(model);
  });
});

describe("class members", () => {
  const cases = [
    {
      name: "private field",
      code: `class Agent {
  private model = "${HAIKU}";
  run() { return rt.send(new ConverseCommand({ modelId: this.model, messages: [] })); }
}`,
      model: { id: HAIKU, source: "constant" },
    },
    {
      name: "single constructor assignment from a defaulted parameter",
      code: `class Agent {
  private readonly modelId: string;
  constructor(modelId = "${HAIKU}") { this.modelId = modelId; }
  run() { return rt.send(new ConverseCommand({ modelId: this.modelId, messages: [] })); }
}`,
      model: { id: HAIKU, source: "constant", origin: "default of parameter `modelId`" },
    },
    {
      name: "parameter property without default",
      code: `class Agent {
  constructor(private readonly modelId: string) {}
  run() { return rt.send(new ConverseCommand({ modelId: this.modelId, messages: [] })); }
}`,
      model: { id: null, source: "dynamic", origin: "parameter `modelId` of `constructor`" },
    },
    {
      name: "field reassigned in a method",
      code: `class Agent {
  model = "${HAIKU}";
  upgrade() { this.model = "anthropic.claude-opus-4-1-20250805-v1:0"; }
  run() { return rt.send(new ConverseCommand({ modelId: this.model, messages: [] })); }
}`,
      model: { id: null, source: "dynamic", origin: "`this.model`, which is reassigned" },
    },
  ];
  it.each(cases)("$name", ({ code, model }) => {
    const file = `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const rt = new BedrockRuntimeClient({});
${code}`;
    expect(siteOf(file).model).toEqual(model);
  });
});

describe("a request object that is not static", () => {
  it("every field says what it depends on", () => {
    const text = `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const rt = new BedrockRuntimeClient({});
export const send = (params: ConverseParams) => rt.send(new ConverseCommand(params));`;
    const site = siteOf(text);
    expect([site.model, site.maxTokens, site.systemPrompt, site.serviceTier]).toEqual([
      { id: null, source: "dynamic", origin: "property `modelId` of parameter `params` of `send`" },
      { kind: "dynamic", origin: "property `inferenceConfig.maxTokens` of parameter `params` of `send`" },
      { chars: null, origin: "property `system` of parameter `params` of `send`" },
      { tier: null, source: "dynamic", origin: "property `serviceTier.type` of parameter `params` of `send`" },
    ]);
  });

  it("a parameter of an anonymous callback", () => {
    const text = `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const rt = new BedrockRuntimeClient({});
ids.forEach((id) => rt.send(new ConverseCommand({ modelId: id, messages: [] })));`;
    expect(siteOf(text).model).toEqual({ id: null, source: "dynamic", origin: "parameter `id` of an anonymous function" });
  });
});
