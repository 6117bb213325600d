import { describe, expect, it } from "vitest";
import { typescriptExtractor } from "../../../../src/extract/typescript/index.js";
import { siteOf, sitesOf } from "./extract-helper.js";

const IMPORTS = `import { BedrockRuntimeClient, ConverseCommand, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
const rt = new BedrockRuntimeClient({});`;

describe("handles", () => {
  const cases: Array<[string, boolean]> = [
    ["src/a.ts", true],
    ["src/a.tsx", true],
    ["src/a.mts", true],
    ["src/a.cts", true],
    ["src/a.js", true],
    ["src/a.jsx", true],
    ["src/a.mjs", true],
    ["src/a.cjs", true],
    ["src/types.d.ts", false],
    ["src/types.d.mts", false],
    ["src/a.py", false],
    ["README.md", false],
  ];
  it.each(cases)("%s → %s", (path, expected) => {
    expect(typescriptExtractor.handles(path)).toBe(expected);
  });
});

describe("mayContainCalls", () => {
  const cases: Array<[string, boolean]> = [
    [`import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";`, true],
    [`import { bedrock } from "@ai-sdk/amazon-bedrock";`, true],
    [`import { ChatBedrockConverse } from "@langchain/aws";`, true],
    [`import AnthropicBedrock from "@anthropic-ai/bedrock-sdk";`, true],
    [`import { generateText } from "ai"; import { openai } from "@ai-sdk/openai";`, false],
    [`import { ChatOpenAI } from "@langchain/openai";`, false],
    [`export const converse = () => "InvokeModel";`, false],
  ];
  it.each(cases)("%s → %s", (text, expected) => {
    expect(typescriptExtractor.mayContainCalls(text)).toBe(expected);
  });
});

describe("syntax errors", () => {
  it("one problem with the first error's position, and no sites", () => {
    const text = `${IMPORTS}
export async function broken() {
  const total = 1 +;
  return rt.send(new ConverseCommand({ modelId: "amazon.nova-lite-v1:0", messages: [] }));
}`;
    expect(typescriptExtractor.extract({ path: "src/broken.ts", text })).toEqual({
      sites: [],
      problems: [{ path: "src/broken.ts", line: 4, column: 20, message: "syntax error: Expression expected.; file skipped" }],
    });
  });
});

describe("symbols, ordinals and keys", () => {
  it("two calls in one function keep their source order", () => {
    const text = `${IMPORTS}
export async function route(q: string) {
  const draft = await rt.send(new ConverseCommand({ modelId: "amazon.nova-micro-v1:0", messages: [] }));
  const final = await rt.send(new ConverseCommand({ modelId: "amazon.nova-pro-v1:0", messages: [] }));
  await rt.send(new InvokeModelCommand({ modelId: "amazon.titan-text-lite-v1", body: "{}" }));
}`;
    expect(sitesOf(text).map((s) => [s.key, s.location.line, s.model.id])).toEqual([
      ["src/app.ts#route#converse#0", 4, "amazon.nova-micro-v1:0"],
      ["src/app.ts#route#converse#1", 5, "amazon.nova-pro-v1:0"],
      ["src/app.ts#route#invoke_model#0", 6, "amazon.titan-text-lite-v1"],
    ]);
  });

  it("names classes, methods, arrow-function variables and object-literal methods, not callbacks", () => {
    const text = `${IMPORTS}
const call = () => rt.send(new ConverseCommand({ modelId: "a.b", messages: [] }));
export class Bot {
  async step() { return rt.send(new ConverseCommand({ modelId: "a.b", messages: [] })); }
}
export const handlers = {
  async ask() { return rt.send(new ConverseCommand({ modelId: "a.b", messages: [] })); },
};
export default function (items: string[]) {
  return Promise.all(items.map(async () => rt.send(new ConverseCommand({ modelId: "a.b", messages: [] }))));
}
rt.send(new ConverseCommand({ modelId: "a.b", messages: [] }));`;
    expect(sitesOf(text).map((s) => s.symbol)).toEqual(["call", "Bot.step", "ask", "", ""]);
  });
});

describe("key stability across a change", () => {
  it("a call added in another function and lines moved leave existing keys alone", () => {
    const base = `${IMPORTS}
export async function summarise() {
  await rt.send(new ConverseCommand({ modelId: "amazon.nova-lite-v1:0", messages: [] }));
}`;
    const head = `${IMPORTS}
// a new helper above
export async function classify() {
  await rt.send(new ConverseCommand({ modelId: "amazon.nova-micro-v1:0", messages: [] }));
}
export async function summarise() {
  await rt.send(new ConverseCommand({ modelId: "amazon.nova-pro-v1:0", messages: [] }));
}`;
    expect(sitesOf(base).map((s) => s.key)).toEqual(["src/app.ts#summarise#converse#0"]);
    expect(sitesOf(head).map((s) => [s.key, s.location.line])).toEqual([
      ["src/app.ts#classify#converse#0", 5],
      ["src/app.ts#summarise#converse#0", 8],
    ]);
  });
});

describe("JSX files", () => {
  it("parses .tsx and finds a call next to markup", () => {
    const text = `${IMPORTS}
export function Page() {
  const onClick = () => rt.send(new ConverseCommand({ modelId: "amazon.nova-lite-v1:0", messages: [] }));
  return <button onClick={onClick}>Ask</button>;
}`;
    expect(siteOf(text, "src/Page.tsx")).toMatchObject({ key: "src/Page.tsx#Page.onClick#converse#0", location: { line: 4, column: 25 } });
  });
});

describe("loop notes", () => {
  const cases = [
    { name: "for...of", body: `for (const q of qs) { await rt.send(new ConverseCommand({ modelId: "a.b", messages: [] })); }`, notes: ["inside a loop"] },
    { name: "while", body: `while (qs.length) { await rt.send(new ConverseCommand({ modelId: "a.b", messages: [] })); }`, notes: ["inside a loop"] },
    { name: "for await", body: `for await (const q of stream) { await rt.send(new ConverseCommand({ modelId: "a.b", messages: [] })); }`, notes: ["inside a loop"] },
    { name: "map callback", body: `await Promise.all(qs.map((q) => rt.send(new ConverseCommand({ modelId: "a.b", messages: [] }))));`, notes: ["inside a loop"] },
    { name: "forEach callback", body: `qs.forEach(function (q) { rt.send(new ConverseCommand({ modelId: "a.b", messages: [] })); });`, notes: ["inside a loop"] },
    { name: "straight-line code", body: `await rt.send(new ConverseCommand({ modelId: "a.b", messages: [] }));`, notes: [] },
    { name: "a function declared in a loop but called elsewhere", body: `for (const q of qs) { handlers.push(() => rt.send(new ConverseCommand({ modelId: "a.b", messages: [] }))); }`, notes: [] },
  ];
  it.each(cases)("$name", ({ body, notes }) => {
    const text = `${IMPORTS}
export async function run(qs: string[]) {
  ${body}
}`;
    expect(siteOf(text).notes).toEqual(notes);
  });
});

describe("usage annotations", () => {
  it("attaches the annotation above the statement that holds the call", () => {
    const text = `${IMPORTS}
export async function run() {
  // bedrock-cost: requests_per_day=20000 output_tokens=300
  // (the nightly digest)
  const out = await rt.send(
    new ConverseCommand({ modelId: "a.b", messages: [] }),
  );
  await rt.send(new ConverseCommand({ modelId: "c.d", messages: [] }));
}`;
    const [first, second] = sitesOf(text);
    expect(first!.annotation).toEqual({ line: 4, fields: { requests_per_day: "20000", output_tokens: "300" } });
    expect(second!.annotation).toBeUndefined();
  });
});

describe("system prompts read from files", () => {
  const files = { "src/prompts/support.md": "You are support.\n", "prompts/root.md": "Root prompt" };
  const cases = [
    { name: "fs.readFileSync(path.join(__dirname, ...))", before: `import fs from "node:fs";\nimport path from "node:path";\nconst SYS = fs.readFileSync(path.join(__dirname, "prompts/support.md"), "utf8");`, systemPrompt: { chars: 17, origin: "file src/prompts/support.md" } },
    { name: "readFileSync of a relative literal, trimmed", before: `import { readFileSync } from "fs";\nconst SYS = readFileSync("./prompts/support.md", "utf8").trim();`, systemPrompt: { chars: 16, origin: "file src/prompts/support.md" } },
    { name: "a literal path from the repository root", before: `import { readFileSync } from "fs";\nconst SYS = readFileSync("prompts/root.md", "utf8");`, systemPrompt: { chars: 11, origin: "file prompts/root.md" } },
    { name: "new URL(..., import.meta.url)", before: `import { readFileSync } from "node:fs";\nconst SYS = readFileSync(new URL("./prompts/support.md", import.meta.url), "utf8");`, systemPrompt: { chars: 17, origin: "file src/prompts/support.md" } },
    { name: "a file not in the change", before: `import { readFileSync } from "fs";\nconst SYS = readFileSync("./prompts/missing.md", "utf8");`, systemPrompt: { chars: null, origin: "read from src/prompts/missing.md (not available)" } },
    { name: "a path not known statically", before: `import { readFileSync } from "fs";\nconst SYS = readFileSync(process.env.PROMPT_FILE!, "utf8");`, systemPrompt: { chars: null, origin: "a file read from environment variable PROMPT_FILE" } },
    { name: "constant plus a dynamic part", before: `const SYS = "Rules. " + loadPolicy();`, systemPrompt: { chars: null, origin: "the result of `loadPolicy(…)`" } },
    { name: "a literal repeated a literal number of times", before: `const SYS = "Cite the policy. ".repeat(3);`, systemPrompt: { chars: 51, origin: "constant SYS" } },
    { name: "a repeat count that is not static", before: `const SYS = "Cite the policy. ".repeat(n);`, systemPrompt: { chars: null, origin: "the result of `\"Cite the policy. \".repeat(…)`" } },
    { name: "two constants", before: `const A = "abc";\nconst B = "de";\nconst SYS = [{ text: A }, { text: B }];`, system: `SYS`, systemPrompt: { chars: 5, origin: "constant A + constant B" } },
  ];
  it.each(cases)("$name", ({ before, system, systemPrompt }) => {
    const text = `${IMPORTS}
${before}
await rt.send(new ConverseCommand({ modelId: "a.b", system: ${system ?? "[{ text: SYS }]"}, messages: [] }));`;
    expect(siteOf(text, "src/agent.ts", files).systemPrompt).toEqual(systemPrompt);
  });
});

describe("service tiers", () => {
  const cases = [
    { tier: `{ type: "default" }`, expected: { tier: "standard", source: "literal" } },
    { tier: `{ type: "priority" }`, expected: { tier: "priority", source: "literal" } },
    { tier: `{ type: TIER }`, expected: { tier: null, source: "dynamic", origin: "`TIER` (not declared in this file)" } },
    { tier: `{ type: "turbo" }`, expected: { tier: null, source: "dynamic", origin: 'unrecognised service tier "turbo"' } },
  ];
  it.each(cases)("serviceTier: $tier", ({ tier, expected }) => {
    const text = `${IMPORTS}
await rt.send(new ConverseCommand({ modelId: "a.b", messages: [], serviceTier: ${tier} }));`;
    expect(siteOf(text).serviceTier).toEqual(expected);
  });
});
