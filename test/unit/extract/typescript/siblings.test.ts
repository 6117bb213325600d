import { describe, expect, it } from "vitest";
import { typescriptExtractor } from "../../../../src/extract/typescript/index.js";
import { programOf, siteOf } from "./extract-helper.js";

const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

/** A Converse call in src/agent.ts whose modelId is `expr`, after `imports`. */
function converse(imports: string, expr: string): string {
  return `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
${imports}
await new BedrockRuntimeClient({}).send(new ConverseCommand({ modelId: ${expr}, messages: [] }));`;
}

describe("constants imported from other files of the change", () => {
  const cases = [
    { name: "export const, extensionless specifier", imports: `import { MODEL_ID } from "./config";`, expr: "MODEL_ID", files: { "src/config.ts": `export const MODEL_ID = "${HAIKU}";` }, model: { id: HAIKU, source: "constant" } },
    { name: "NodeNext .js specifier for a .ts file", imports: `import { MODEL_ID } from "./config.js";`, expr: "MODEL_ID", files: { "src/config.ts": `export const MODEL_ID = "${HAIKU}";` }, model: { id: HAIKU, source: "constant" } },
    { name: "aliased import of an aliased export", imports: `import { FAST as M } from "../shared/models";`, expr: "M", files: { "shared/models.ts": `const haiku = "${HAIKU}";\nexport { haiku as FAST };` }, model: { id: HAIKU, source: "constant" } },
    { name: "a folder's index file and an object property", imports: `import { MODELS } from "./models";`, expr: "MODELS.fast", files: { "src/models/index.ts": `export const MODELS = { fast: "${HAIKU}" };` }, model: { id: HAIKU, source: "constant" } },
    { name: "default export", imports: `import model from "./model.js";`, expr: "model", files: { "src/model.js": `export default "${HAIKU}";` }, model: { id: HAIKU, source: "constant" } },
    { name: "env default in the other file", imports: `import { MODEL_ID } from "./config";`, expr: "MODEL_ID", files: { "src/config.ts": `export const MODEL_ID = process.env.MODEL_ID ?? "${HAIKU}";` }, model: { id: HAIKU, source: "env-default", env: "MODEL_ID" } },
    { name: "a sibling with syntax errors", imports: `import { MODEL_ID } from "./config";`, expr: "MODEL_ID", files: { "src/config.ts": `export const MODEL_ID = ;` }, model: { id: null, source: "dynamic", origin: "`MODEL_ID` imported from src/config.ts, which has syntax errors" } },
    { name: "a module not in the change", imports: `import { MODEL_ID } from "./config";`, expr: "MODEL_ID", files: {}, model: { id: null, source: "dynamic", origin: '`MODEL_ID` imported from "./config"' } },
  ];
  it.each(cases)("$name", ({ imports, expr, files, model }) => {
    expect(siteOf(converse(imports, expr), "src/agent.ts", files).model).toEqual(model);
  });
});

describe("SDK objects made in another file", () => {
  it("an aggregated client exported from a sibling", () => {
    const text = `import { bedrockRuntime } from "./clients.js";
export const ask = (q: string) => bedrockRuntime.converse({ modelId: "${HAIKU}", messages: [], inferenceConfig: { maxTokens: 99 } });`;
    const files = { "src/clients.ts": `import { BedrockRuntime } from "@aws-sdk/client-bedrock-runtime";\nexport const bedrockRuntime = new BedrockRuntime({});` };
    expect(siteOf(text, "src/agent.ts", files)).toMatchObject({
      key: "src/agent.ts#ask#converse#0",
      location: { line: 2, column: 35 },
      model: { id: HAIKU, source: "literal" },
      maxTokens: { kind: "static", value: 99, source: "literal" },
    });
  });

  it("an AI SDK model exported from a sibling, with its prompt file read there", () => {
    const text = `import { generateText } from "ai";
import { bedrockFast, SYSTEM } from "./models";
await generateText({ model: bedrockFast, system: SYSTEM, prompt: "x" });`;
    const files = {
      "src/models.ts": `import { bedrock } from "@ai-sdk/amazon-bedrock";
import { readFileSync } from "node:fs";
export const SYSTEM = readFileSync(new URL("./prompts/fast.md", import.meta.url), "utf8");
export const bedrockFast = bedrock("amazon.nova-micro-v1:0");`,
      "src/prompts/fast.md": "Answer in one line.",
    };
    expect(siteOf(text, "src/agent.ts", files)).toMatchObject({
      model: { id: "amazon.nova-micro-v1:0", source: "constant" },
      systemPrompt: { chars: 19, origin: "file src/prompts/fast.md" },
    });
  });

  it("a file that fails the prefilter still yields the call it makes through a client module of the repository", () => {
    const text = `import { rt } from "./clients.js";\nrt.converse({ modelId: "${HAIKU}", messages: [] });`;
    const files = { "src/clients.ts": `import { BedrockRuntime } from "@aws-sdk/client-bedrock-runtime";\nexport const rt = new BedrockRuntime({});` };
    expect(typescriptExtractor.mayContainCalls(text)).toBe(false);
    const { sites, problems } = typescriptExtractor.extract({ path: "src/agent.ts", text }, programOf("src/agent.ts", text, files));
    expect(problems).toEqual([]);
    expect(sites.map((s) => [s.location.line, s.api, s.model.id])).toEqual([[2, "converse", HAIKU]]);
  });
});
