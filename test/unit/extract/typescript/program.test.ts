import { describe, expect, it } from "vitest";
import type { CallSite } from "../../../../src/model/call-site.js";
import { sitesOf } from "./extract-helper.js";

/*
 * Whole-program resolution, one form per row: the call site is in `at` (its text is files[at]), what it
 * depends on lives in the other files. Each row states the site's line, API and model as the extractor
 * resolves it — found, not found, or dynamic with the reason.
 */

const HAIKU = "anthropic.claude-haiku-4-5-20251001-v1:0";
const SONNET = "anthropic.claude-sonnet-4-5-20250929-v1:0";
const RUNTIME = `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";`;

interface Row {
  name: string;
  at: string;
  files: Record<string, string>;
  /** [line, api, model id, model source] per site, in order; [] when no site is found. */
  sites: Array<[number, string, string | null, string]>;
}

function run(row: Row): Array<[number, string, string | null, string]> {
  const { [row.at]: text, ...others } = row.files;
  return sitesOf(text!, row.at, others).map((s: CallSite) => [s.location.line, s.api, s.model.id, s.model.source]);
}

const converseWith = (imports: string, model: string) => `${RUNTIME}
${imports}
const rt = new BedrockRuntimeClient({});
export const ask = () => rt.send(new ConverseCommand({ modelId: ${model}, messages: [] }));`;

describe("module resolution as TypeScript and Node do it", () => {
  const rows: Row[] = [
    {
      name: "tsconfig paths alias (@/lib/...)",
      at: "src/app/route.ts",
      files: {
        "tsconfig.json": `{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }`,
        "src/lib/models.ts": `export const MODEL = "${HAIKU}";`,
        "src/app/route.ts": converseWith(`import { MODEL } from "@/lib/models";`, "MODEL"),
      },
      sites: [[4, "converse", HAIKU, "constant"]],
    },
    {
      name: "paths inherited through tsconfig extends, with baseUrl",
      at: "src/app/route.ts",
      files: {
        "tsconfig.base.json": `{ "compilerOptions": { "baseUrl": ".", "paths": { "~config/*": ["config/*"] } } }`,
        "tsconfig.json": `{ "extends": "./tsconfig.base.json", "compilerOptions": { "strict": true } }`,
        "config/bedrock.ts": `export const MODEL = "${HAIKU}";`,
        "src/app/route.ts": converseWith(`import { MODEL } from "~config/bedrock";`, "MODEL"),
      },
      sites: [[4, "converse", HAIKU, "constant"]],
    },
    {
      name: "jsconfig.json paths for JavaScript",
      at: "app/route.js",
      files: {
        "jsconfig.json": `{ "compilerOptions": { "baseUrl": ".", "paths": { "@lib/*": ["lib/*"] } } }`,
        "lib/models.js": `export const MODEL = "${HAIKU}";`,
        "app/route.js": converseWith(`import { MODEL } from "@lib/models";`, "MODEL"),
      },
      sites: [[4, "converse", HAIKU, "constant"]],
    },
    {
      name: "the nearest tsconfig of each file (an app of a monorepo with its own aliases)",
      at: "apps/web/src/route.ts",
      files: {
        "tsconfig.json": `{ "compilerOptions": { "paths": { "@/*": ["./other/*"] } } }`,
        "apps/web/tsconfig.json": `{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }`,
        "apps/web/src/models.ts": `export const MODEL = "${HAIKU}";`,
        "apps/web/src/route.ts": converseWith(`import { MODEL } from "@/models";`, "MODEL"),
      },
      sites: [[4, "converse", HAIKU, "constant"]],
    },
    {
      name: "package.json imports (#config)",
      at: "src/route.ts",
      files: {
        "package.json": `{ "name": "svc", "imports": { "#config": "./src/config/index.ts" } }`,
        "src/config/index.ts": `export const MODEL = "${HAIKU}";`,
        "src/route.ts": converseWith(`import { MODEL } from "#config";`, "MODEL"),
      },
      sites: [[4, "converse", HAIKU, "constant"]],
    },
    {
      name: "a workspace package by name, its exports pointing at build output that is not committed",
      at: "apps/api/src/route.ts",
      files: {
        "package.json": `{ "private": true, "workspaces": ["packages/*", "apps/*"] }`,
        "packages/llm/package.json": `{ "name": "@acme/llm", "exports": { ".": { "types": "./dist/index.d.ts", "import": "./dist/index.js" } } }`,
        "packages/llm/src/index.ts": `export { DEFAULT_MODEL as MODEL } from "./models.js";`,
        "packages/llm/src/models.ts": `export const DEFAULT_MODEL = "${HAIKU}";`,
        "apps/api/src/route.ts": converseWith(`import { MODEL } from "@acme/llm";`, "MODEL"),
      },
      sites: [[4, "converse", HAIKU, "constant"]],
    },
    {
      name: "a pnpm workspace package with a main field",
      at: "apps/api/route.ts",
      files: {
        "pnpm-workspace.yaml": `packages:\n  - "libs/*"\n  - "apps/*"\n`,
        "libs/config/package.json": `{ "name": "@acme/config", "main": "src/index.ts" }`,
        "libs/config/src/index.ts": `export const MODEL = "${HAIKU}";`,
        "apps/api/route.ts": converseWith(`import { MODEL } from "@acme/config";`, "MODEL"),
      },
      sites: [[4, "converse", HAIKU, "constant"]],
    },
    {
      name: "a folder's index file",
      at: "src/route.ts",
      files: { "src/models/index.ts": `export const MODEL = "${HAIKU}";`, "src/route.ts": converseWith(`import { MODEL } from "./models";`, "MODEL") },
      sites: [[4, "converse", HAIKU, "constant"]],
    },
    {
      name: "a barrel: export * from, two levels",
      at: "src/route.ts",
      files: {
        "src/lib/index.ts": `export * from "./ai";\nexport * from "./db";`,
        "src/lib/ai/index.ts": `export * from "./models";`,
        "src/lib/ai/models.ts": `export const MODEL = "${HAIKU}";`,
        "src/lib/db.ts": `export const TABLE = "t";`,
        "src/route.ts": converseWith(`import { MODEL } from "./lib";`, "MODEL"),
      },
      sites: [[4, "converse", HAIKU, "constant"]],
    },
    {
      name: "a default import of an export default",
      at: "src/route.ts",
      files: { "src/model.ts": `const model = "${HAIKU}";\nexport default model;`, "src/route.ts": converseWith(`import model from "./model";`, "model") },
      sites: [[4, "converse", HAIKU, "constant"]],
    },
    {
      name: "a namespace import",
      at: "src/route.ts",
      files: { "src/config.ts": `export const MODEL = "${HAIKU}";`, "src/route.ts": converseWith(`import * as config from "./config";`, "config.MODEL") },
      sites: [[4, "converse", HAIKU, "constant"]],
    },
    {
      name: "CommonJS: module.exports = { … } and a destructured require",
      at: "src/route.js",
      files: {
        "src/config.js": `const MODEL = "${HAIKU}";\nmodule.exports = { MODEL };`,
        "src/route.js": `const { BedrockRuntimeClient, ConverseCommand } = require("@aws-sdk/client-bedrock-runtime");
const { MODEL } = require("./config");
const rt = new BedrockRuntimeClient({});
exports.ask = () => rt.send(new ConverseCommand({ modelId: MODEL, messages: [] }));`,
      },
      sites: [[4, "converse", HAIKU, "constant"]],
    },
    {
      name: "CommonJS: exports.NAME = … and a property of the required module",
      at: "src/route.js",
      files: {
        "src/config.js": `exports.MODEL = "${HAIKU}";`,
        "src/route.js": `const { BedrockRuntimeClient, ConverseCommand } = require("@aws-sdk/client-bedrock-runtime");
const config = require("./config");
const rt = new BedrockRuntimeClient({});
exports.ask = () => rt.send(new ConverseCommand({ modelId: config.MODEL, messages: [] }));`,
      },
      sites: [[4, "converse", HAIKU, "constant"]],
    },
    {
      name: "a specifier that names nothing in the repository: dynamic, saying so",
      at: "src/route.ts",
      files: { "src/route.ts": converseWith(`import { MODEL } from "./missing";`, "MODEL") },
      sites: [[4, "converse", null, "dynamic"]],
    },
  ];
  it.each(rows)("$name", (row) => {
    expect(run(row)).toEqual(row.sites);
  });
});

describe("values and objects across modules", () => {
  const rows: Row[] = [
    {
      name: "an as-const object of model ids, two levels deep",
      at: "src/route.ts",
      files: {
        "src/constants.ts": `export const MODEL_CONSTANTS = { ANTHROPIC: { REASONING: "${SONNET}", FAST: "${HAIKU}" } } as const;`,
        "src/route.ts": converseWith(`import { MODEL_CONSTANTS } from "./constants";`, "MODEL_CONSTANTS.ANTHROPIC.REASONING"),
      },
      sites: [[4, "converse", SONNET, "constant"]],
    },
    {
      name: "an enum member",
      at: "src/route.ts",
      files: { "src/models.ts": `export enum Model { Fast = "${HAIKU}", Smart = "${SONNET}" }`, "src/route.ts": converseWith(`import { Model } from "./models";`, "Model.Fast") },
      sites: [[4, "converse", HAIKU, "constant"]],
    },
    {
      name: "a class static field",
      at: "src/route.ts",
      files: { "src/models.ts": `export class Models {\n  static readonly FAST = "${HAIKU}";\n}`, "src/route.ts": converseWith(`import { Models } from "./models";`, "Models.FAST") },
      sites: [[4, "converse", HAIKU, "constant"]],
    },
    {
      name: "a config object with an environment fallback",
      at: "src/route.ts",
      files: {
        "src/config.ts": `export const config = { bedrock: { model: process.env.BEDROCK_MODEL ?? "${HAIKU}", region: "us-east-1" } };`,
        "src/route.ts": converseWith(`import { config } from "./config";`, "config.bedrock.model"),
      },
      sites: [[4, "converse", HAIKU, "env-default"]],
    },
    {
      name: "a model read from a JSON module",
      at: "src/route.ts",
      files: { "src/models.json": `{ "default": "${HAIKU}" }`, "src/route.ts": converseWith(`import models from "./models.json";`, "models.default") },
      sites: [[4, "converse", HAIKU, "constant"]],
    },
  ];
  it.each(rows)("$name", (row) => {
    expect(run(row)).toEqual(row.sites);
  });
});

const ANTHROPIC_CALL = (client: string) => `await ${client}.messages.create({ model: "${HAIKU}", max_tokens: 512, messages: [] });`;

describe("clients from other modules: module variables, factories, singletons, injection", () => {
  const rows: Row[] = [
    {
      name: "a client held in a module variable",
      at: "src/route.ts",
      files: {
        "src/client.ts": `import AnthropicBedrock from "@anthropic-ai/bedrock-sdk";\nexport const claude = new AnthropicBedrock();`,
        "src/route.ts": `import { claude } from "./client";\n${ANTHROPIC_CALL("claude")}`,
      },
      sites: [[2, "anthropic_messages", HAIKU, "literal"]],
    },
    {
      name: "a factory function returning a client",
      at: "src/route.ts",
      files: {
        "src/client.ts": `import AnthropicBedrock from "@anthropic-ai/bedrock-sdk";\nexport function getClient() {\n  return new AnthropicBedrock({ awsRegion: "us-east-1" });\n}`,
        "src/route.ts": `import { getClient } from "./client";\n${ANTHROPIC_CALL("getClient()")}`,
      },
      sites: [[2, "anthropic_messages", HAIKU, "literal"]],
    },
    {
      name: "a singleton: `client ??= new …`",
      at: "src/route.ts",
      files: {
        "src/client.ts": `import AnthropicBedrock from "@anthropic-ai/bedrock-sdk";\nlet client: AnthropicBedrock | undefined;\nexport const getClient = () => (client ??= new AnthropicBedrock());`,
        "src/route.ts": `import { getClient } from "./client";\nconst c = getClient();\n${ANTHROPIC_CALL("c")}`,
      },
      sites: [[3, "anthropic_messages", HAIKU, "literal"]],
    },
    {
      name: "a singleton: `if (!client) client = new …; return client`",
      at: "src/route.ts",
      files: {
        "src/client.ts": `import AnthropicBedrock from "@anthropic-ai/bedrock-sdk";\nlet client: AnthropicBedrock | null = null;\nexport function getClient() {\n  if (!client) client = new AnthropicBedrock();\n  return client;\n}`,
        "src/route.ts": `import { getClient } from "./client";\n${ANTHROPIC_CALL("getClient()")}`,
      },
      sites: [[2, "anthropic_messages", HAIKU, "literal"]],
    },
    {
      name: "a client injected through a typed constructor parameter",
      at: "src/service.ts",
      files: {
        "src/service.ts": `import AnthropicBedrock from "@anthropic-ai/bedrock-sdk";
export class Summaries {
  constructor(private readonly claude: AnthropicBedrock) {}
  async run() {
    ${ANTHROPIC_CALL("this.claude")}
  }
}`,
      },
      sites: [[5, "anthropic_messages", HAIKU, "literal"]],
    },
    {
      name: "a model object of the AI SDK exported from another module",
      at: "src/route.ts",
      files: {
        "src/ai.ts": `import { bedrock } from "@ai-sdk/amazon-bedrock";\nexport const model = bedrock("${HAIKU}");`,
        "src/route.ts": `import { generateText } from "ai";\nimport { model } from "./ai";\nawait generateText({ model, prompt: "x", maxOutputTokens: 300 });`,
      },
      sites: [[3, "ai_sdk", HAIKU, "constant"]],
    },
    {
      name: "a call inside a callback (withRetry(() => generateText(…)))",
      at: "src/route.ts",
      files: {
        "src/ai.ts": `import { bedrock } from "@ai-sdk/amazon-bedrock";\nexport const model = bedrock("${HAIKU}");`,
        "src/retry.ts": `export async function withRetry<T>(fn: () => Promise<T>): Promise<T> { return fn(); }`,
        "src/route.ts": `import { generateText } from "ai";\nimport { model } from "./ai";\nimport { withRetry } from "./retry";\nawait withRetry(() => generateText({ model, prompt: "x" }));`,
      },
      sites: [[4, "ai_sdk", HAIKU, "constant"]],
    },
    {
      name: "not a Bedrock client: the same method on another SDK's client is no site",
      at: "src/route.ts",
      files: {
        "src/client.ts": `import Anthropic from "@anthropic-ai/sdk";\nexport const claude = new Anthropic();`,
        "src/route.ts": `import { claude } from "./client";\n${ANTHROPIC_CALL("claude")}`,
      },
      sites: [],
    },
  ];
  it.each(rows)("$name", (row) => {
    expect(run(row)).toEqual(row.sites);
  });
});

describe("request objects: spreads and conditional spreads are read, not dropped", () => {
  const body = (request: string) => `${RUNTIME}
const rt = new BedrockRuntimeClient({});
const base = { modelId: "${HAIKU}", inferenceConfig: { maxTokens: 700 } };
export async function ask(useCache: boolean, system: string) {
  return rt.send(new ConverseCommand(${request}));
}`;
  const maxTokensOf = (text: string) => sitesOf(text, "src/a.ts")[0]!.maxTokens;
  it("a conditional spread leaves the other keys known", () => {
    const text = body(`{ ...base, messages: [], ...(useCache ? { system: [{ text: system }] } : {}) }`);
    expect(maxTokensOf(text)).toEqual({ kind: "static", value: 700, source: "constant" });
    expect(sitesOf(text, "src/a.ts")[0]!.model).toEqual({ id: HAIKU, source: "constant" });
  });
  it("a key the condition decides is dynamic, saying on what", () => {
    expect(maxTokensOf(body(`{ ...base, messages: [], ...(useCache ? { inferenceConfig: { maxTokens: 100 } } : {}) }`))).toEqual({
      kind: "dynamic",
      origin: "property `maxTokens` of `inferenceConfig` depends on `useCache`",
    });
  });
  it("`cond && { … }` spreads like a conditional", () => {
    expect(maxTokensOf(body(`{ ...base, messages: [], ...(useCache && { system: [] }) }`))).toEqual({ kind: "static", value: 700, source: "constant" });
  });
});

describe("wrappers priced per caller", () => {
  const wrapper = `import AnthropicBedrock from "@anthropic-ai/bedrock-sdk";
const claude = new AnthropicBedrock();
export async function chat(prompt: string, model: string, maxTokens = 512) {
  return claude.messages.create({ model, max_tokens: maxTokens, messages: [{ role: "user", content: prompt }] });
}`;
  const paths = (files: Record<string, string>) =>
    sitesOf(files["src/llm.ts"]!, "src/llm.ts", files).map((s) => ({
      line: s.location.line,
      model: s.model.id,
      maxTokens: s.maxTokens.kind === "static" ? s.maxTokens.value : s.maxTokens.kind,
      callers: (s.callers ?? []).map((c) => `${c.path}:${c.line} ${c.symbol} ${c.callee}#${c.ordinal}`),
      key: s.key,
    }));

  it("one site per call of the wrapper, in any module, with that caller's arguments and defaults", () => {
    const files = {
      "src/llm.ts": wrapper,
      "src/routes/a.ts": `import { chat } from "../llm";\nexport async function summarize(t: string) {\n  return chat(t, "${HAIKU}");\n}`,
      "src/routes/b.ts": `import { chat as ask } from "../llm";\nexport const title = (t: string) => ask(t, "${SONNET}", 64);`,
    };
    expect(paths(files)).toEqual([
      { line: 4, model: HAIKU, maxTokens: 512, callers: ["src/routes/a.ts:3 summarize chat#0"], key: "src/llm.ts#chat#anthropic_messages#0<src/routes/a.ts#summarize#chat#0" },
      { line: 4, model: SONNET, maxTokens: 64, callers: ["src/routes/b.ts:2 title chat#0"], key: "src/llm.ts#chat#anthropic_messages#0<src/routes/b.ts#title#chat#0" },
    ]);
  });

  it("through two wrapper levels, the outermost caller's argument", () => {
    const files = {
      "src/llm.ts": wrapper,
      "src/summaries.ts": `import { chat } from "./llm";\nexport function summarize(text: string, model: string) {\n  return chat(text, model, 300);\n}`,
      "src/route.ts": `import { summarize } from "./summaries";\nimport { FAST } from "./models";\nexport const POST = () => summarize("x", FAST);`,
      "src/models.ts": `export const FAST = "${HAIKU}";`,
    };
    expect(paths(files)).toEqual([
      {
        line: 4,
        model: HAIKU,
        maxTokens: 300,
        callers: ["src/summaries.ts:3 summarize chat#0", "src/route.ts:3 POST summarize#0"],
        key: "src/llm.ts#chat#anthropic_messages#0<src/summaries.ts#summarize#chat#0<src/route.ts#POST#summarize#0",
      },
    ]);
  });

  it("a method of a class, called on an instance made in another module", () => {
    const files = {
      "src/llm.ts": `import AnthropicBedrock from "@anthropic-ai/bedrock-sdk";
export class Llm {
  private readonly claude = new AnthropicBedrock();
  constructor(private readonly model: string) {}
  async ask(prompt: string) {
    return this.claude.messages.create({ model: this.model, max_tokens: 100, messages: [] });
  }
}`,
      "src/route.ts": `import { Llm } from "./llm";\nconst llm = new Llm("${SONNET}");\nexport const POST = () => llm.ask("x");`,
    };
    expect(paths(files).map((p) => [p.model, p.callers])).toEqual([[SONNET, ["src/route.ts:3 POST ask#0"]]]);
  });

  it("a class re-exported through two barrels, its instance made in a constructor of another package's service", () => {
    const files = {
      "packages/ai/package.json": `{ "name": "@acme/ai", "exports": { ".": "./dist/index.js" } }`,
      "packages/ai/src/index.ts": `export * from "./bedrock/index.js";`,
      "packages/ai/src/bedrock/index.ts": `export { Llm } from "./client.js";`,
      "packages/ai/src/bedrock/client.ts": `import AnthropicBedrock from "@anthropic-ai/bedrock-sdk";
export class Llm {
  private readonly claude = new AnthropicBedrock();
  constructor(private readonly config: { model: string }) {}
  complete(prompt: string) {
    return this.claude.messages.create({ model: this.config.model, max_tokens: 100, messages: [] });
  }
}`,
      "services/api/src/service.ts": `import { Llm } from "@acme/ai";
export class Service {
  private readonly llm: Llm;
  constructor() {
    this.llm = new Llm({ model: "${SONNET}" });
  }
  run() {
    return this.llm.complete("x");
  }
}`,
    };
    const sites = sitesOf(files["packages/ai/src/bedrock/client.ts"]!, "packages/ai/src/bedrock/client.ts", files);
    expect(sites.map((s) => [s.model.id, (s.callers ?? []).map((c) => `${c.path}:${c.line} ${c.symbol}`)])).toEqual([[SONNET, ["services/api/src/service.ts:8 Service.run"]]]);
  });

  it("NestJS providers: a service injected into another service's constructor, its method called there", () => {
    const files = {
      "src/llm.ts": `import { Injectable } from "@nestjs/common";
import AnthropicBedrock from "@anthropic-ai/bedrock-sdk";
@Injectable()
export class LlmService {
  constructor(private readonly claude: AnthropicBedrock) {}
  async complete(prompt: string, model: string) {
    return this.claude.messages.create({ model, max_tokens: 400, messages: [{ role: "user", content: prompt }] });
  }
}`,
      "src/summary.service.ts": `import { Injectable } from "@nestjs/common";
import { LlmService } from "./llm";
import { MODELS } from "./models";
@Injectable()
export class SummaryService {
  constructor(private readonly llm: LlmService) {}
  summarize(text: string) {
    return this.llm.complete(text, MODELS.fast);
  }
}`,
      "src/models.ts": `export const MODELS = { fast: "${HAIKU}" } as const;`,
    };
    expect(paths(files).map((p) => [p.line, p.model, p.maxTokens, p.callers])).toEqual([[7, HAIKU, 400, ["src/summary.service.ts:8 SummaryService.summarize complete#0"]]]);
  });

  it("a caller passing a value known only at run time: one dynamic site, saying how many places call it", () => {
    const files = { "src/llm.ts": wrapper, "src/route.ts": `import { chat } from "./llm";\nexport const POST = (req: any) => chat("x", req.body.model);` };
    const [site] = sitesOf(files["src/llm.ts"], "src/llm.ts", files);
    expect(site!.callers).toBeUndefined();
    expect(site!.model).toEqual({ id: null, source: "dynamic", origin: "parameter `model` of `chat`, called from 1 place" });
  });

  it("no caller in the repository: the site alone, dynamic, saying so", () => {
    const [site] = sitesOf(wrapper, "src/llm.ts", {});
    expect(site!.model).toEqual({ id: null, source: "dynamic", origin: "parameter `model` of `chat`" });
    expect(site!.notes).toEqual(["`chat` is not called anywhere in the repository outside tests, so its parameters are unknown"]);
  });

  it("a wrapper called from more places than are priced: the first 256 paths, saying how many are not", () => {
    const calls = Array.from({ length: 258 }, (_, i) => `chat("x", "${HAIKU}", ${i + 1});`).join("\n");
    const files = { "src/llm.ts": wrapper, "src/route.ts": `import { chat } from "./llm";\n${calls}` };
    const sites = sitesOf(wrapper, "src/llm.ts", files);
    expect(sites).toHaveLength(256);
    expect(sites[0]!.notes).toEqual(["only the first 256 caller paths of `chat` are priced; 2 more are not"]);
  });

  it("tests are no callers: they call mocks", () => {
    const files = {
      "src/llm.ts": wrapper,
      "src/route.ts": `import { chat } from "./llm";\nexport const POST = () => chat("x", "${HAIKU}");`,
      "src/llm.test.ts": `import { chat } from "./llm";\nchat("x", "${SONNET}");`,
      "test/llm.spec.ts": `import { chat } from "../src/llm";\nchat("x", "${SONNET}");`,
    };
    expect(paths(files).map((p) => p.callers)).toEqual([["src/route.ts:2 POST chat#0"]]);
  });

  it("parameters that only feed the prompt keep one site", () => {
    const text = `import AnthropicBedrock from "@anthropic-ai/bedrock-sdk";
const claude = new AnthropicBedrock();
export const ask = (prompt: string) => claude.messages.create({ model: "${HAIKU}", max_tokens: 256, messages: [{ role: "user", content: prompt }] });`;
    const files = { "src/llm.ts": text, "src/a.ts": `import { ask } from "./llm";\nask("one");\nask("two");` };
    expect(paths(files)).toEqual([{ line: 3, model: HAIKU, maxTokens: 256, callers: [], key: "src/llm.ts#ask#anthropic_messages#0" }]);
  });

  it("a recursive wrapper ends its path instead of looping", () => {
    const text = `import AnthropicBedrock from "@anthropic-ai/bedrock-sdk";
const claude = new AnthropicBedrock();
export async function retry(model: string, left: number): Promise<unknown> {
  try {
    return await claude.messages.create({ model, max_tokens: 10, messages: [] });
  } catch {
    return left > 0 ? retry(model, left - 1) : null;
  }
}
export const POST = () => retry("${HAIKU}", 3);`;
    const sites = sitesOf(text, "src/llm.ts");
    expect(sites.map((s) => [s.model.id, (s.callers ?? []).map((c) => `${c.line} ${c.symbol}`)])).toEqual([
      [null, ["7 retry"]],
      [HAIKU, ["10 POST"]],
    ]);
  });
});

describe("what a site was read through (via)", () => {
  it("names the declarations in other modules, with their lines", () => {
    const files = {
      "src/models.ts": `// models\nexport const PREFIX = "global.";\nexport const MODEL = \`\${PREFIX}${HAIKU}\`;`,
      "src/route.ts": converseWith(`import { MODEL } from "./models";`, "MODEL"),
    };
    const [site] = sitesOf(files["src/route.ts"], "src/route.ts", files);
    expect(site!.model.id).toBe(`global.${HAIKU}`);
    expect(site!.via?.map((ref) => `${ref.path}:${ref.line} ${ref.name}`)).toEqual(["src/models.ts:3 MODEL"]);
  });
});
