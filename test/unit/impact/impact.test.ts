import { describe, expect, it } from "vitest";
import { typescriptExtractor } from "../../../src/extract/typescript/index.js";
import { filesToExtract, readOrder, type ImpactInput } from "../../../src/impact/impact.js";
import { SideProgram } from "../../../src/repository/program.js";

const CLIENT = `import AnthropicBedrock from "@anthropic-ai/bedrock-sdk";
export const claude = new AnthropicBedrock();
export const VERSION = "1";`;

/** A small application: a client module, a wrapper, constants, and files using each. */
const APP: Record<string, string> = {
  "src/lib/client.ts": CLIENT,
  "src/lib/llm.ts": `import { claude } from "./client";\nexport const chat = (p: string, model: string) => claude.messages.create({ model, max_tokens: 10, messages: [] });`,
  "src/config.ts": `export const MODEL = "anthropic.claude-haiku-4-5-20251001-v1:0";`,
  "src/routes/direct.ts": `import { claude } from "../lib/client";\nimport { MODEL } from "../config";\nexport const POST = () => claude.messages.create({ model: MODEL, max_tokens: 5, messages: [] });`,
  "src/routes/wrapped.ts": `import { chat } from "../lib/llm";\nimport { MODEL } from "../config";\nexport const POST = () => chat("x", MODEL);`,
  "src/routes/version.ts": `import { VERSION } from "../lib/client";\nexport const GET = () => VERSION;`,
  "src/util.ts": `export const id = (x: string) => x;`,
  "prompts/system.md": "You are helpful.",
  "src/routes/prompted.ts": `import { readFileSync } from "node:fs";\nimport { claude } from "../lib/client";\nconst SYSTEM = readFileSync("prompts/system.md", "utf8");\nexport const POST = () => claude.messages.create({ model: "m", max_tokens: 5, system: SYSTEM, messages: [] });`,
  "tsconfig.json": `{ "compilerOptions": { "strict": true } }`,
};

function impact(mode: ImpactInput["mode"], changed: string[], files = APP, changedEnv: string[] = []): string[] {
  const program = SideProgram.ofFiles(files);
  const input: ImpactInput = {
    mode,
    changed: new Set(changed),
    isSource: (path) => typescriptExtractor.handles(path),
    mayHoldCalls: (_path, text) => typescriptExtractor.mayContainCalls(text),
    changedEnv: new Set(changedEnv),
    carryingExports: (path, side, mayCarry) => typescriptExtractor.carryingExports!(path, side, mayCarry),
  };
  return [...filesToExtract(program, input)].sort();
}

describe("filesToExtract", () => {
  it("a scan reads the files that may call Bedrock, and those taking a client from them — not those taking a constant", () => {
    expect(impact("scan", [])).toEqual(["src/lib/client.ts", "src/lib/llm.ts", "src/routes/direct.ts", "src/routes/prompted.ts"]);
  });

  it("an export carries a client made from an import through a local variable (createAmazonBedrock, then bedrock(…))", () => {
    const files = {
      "src/lib/ai.ts": `import { createAmazonBedrock } from "@ai-sdk/amazon-bedrock";\nconst bedrock = createAmazonBedrock({ region: "us-east-1" });\nexport const model = bedrock("anthropic.claude-haiku-4-5-20251001-v1:0");\nexport const LABEL = "ai";`,
      "src/app/chat.ts": `import { generateText } from "ai";\nimport { model } from "../lib/ai";\nexport const POST = () => generateText({ model, prompt: "x" });`,
      "src/app/label.ts": `import { LABEL } from "../lib/ai";\nexport const GET = () => LABEL;`,
    };
    expect(impact("scan", [], files)).toEqual(["src/app/chat.ts", "src/lib/ai.ts"]);
  });

  it("a changed constant reaches every file that reads it, and what those import (the wrappers they call)", () => {
    expect(impact("diff", ["src/config.ts"])).toEqual(["src/lib/client.ts", "src/lib/llm.ts", "src/routes/direct.ts"]);
  });

  it("a changed client module reaches its importers, directly or through others", () => {
    expect(impact("diff", ["src/lib/client.ts"])).toEqual(["src/lib/client.ts", "src/lib/llm.ts", "src/routes/direct.ts", "src/routes/prompted.ts"]);
  });

  it("a changed file that reaches no Bedrock call extracts nothing but the Bedrock modules it imports", () => {
    expect(impact("diff", ["src/util.ts"])).toEqual([]);
    expect(impact("diff", ["src/routes/version.ts"])).toEqual(["src/lib/client.ts"]);
  });

  it("a changed tsconfig.json can move any import: every Bedrock-reaching file", () => {
    expect(impact("diff", ["tsconfig.json"])).toEqual(impact("scan", []));
  });

  it("a changed prompt file reaches the files that name it", () => {
    expect(impact("diff", ["prompts/system.md"])).toEqual(["src/routes/prompted.ts"]);
  });

  it("an environment variable a changed IaC file sets reaches the files that read it", () => {
    const files = { ...APP, "src/env.ts": `import { claude } from "./lib/client";\nexport const go = () => claude.messages.create({ model: process.env.CHAT_MODEL!, max_tokens: 5, messages: [] });` };
    expect(impact("diff", ["template.yaml"], files, ["CHAT_MODEL"])).toEqual(["src/env.ts"]);
  });
});

describe("readOrder", () => {
  it("reads the changed files first, then their neighbours in the folder tree", () => {
    expect(readOrder(["a/x.ts", "src/lib/b.ts", "src/lib/claude/client.ts", "src/app/route.ts", "z.ts"], new Set(["src/lib/claude/client.ts"]))).toEqual([
      "src/lib/claude/client.ts",
      "src/lib/b.ts",
      "src/app/route.ts",
      "a/x.ts",
      "z.ts",
    ]);
  });
});
