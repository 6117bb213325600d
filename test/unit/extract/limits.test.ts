import { afterEach, describe, expect, it, vi } from "vitest";
import { parseConfig } from "../../../src/config/load.js";
import { ruleOptionSchemas } from "../../../src/engine/registry.js";
import { bracketDepth, guardFile, indentationDepth, MAX_INDENTATION, MAX_NESTING, nested, parseWithinBudget, yamlNestingDepth } from "../../../src/extract/limits.js";
import { scanFiles } from "../../helpers/analyze.js";

const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const TS_HEAD = `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";\nconst client = new BedrockRuntimeClient({});\n`;
const TS_CALL = `await client.send(new ConverseCommand({ modelId: "${HAIKU}", messages: [] }));\n`;
const PY_HEAD = `import boto3\nclient = boto3.client("bedrock-runtime")\n`;
const PY_CALL = `client.converse(modelId="${HAIKU}", messages=[])\n`;

/** A healthy file of each language beside the hostile one: it must still be priced. */
const HEALTHY = { "ok.ts": TS_HEAD + TS_CALL, "ok.py": PY_HEAD + PY_CALL };

function indented(levels: number): string {
  let text = PY_HEAD;
  for (let i = 0; i < levels; i++) text += `${" ".repeat(i)}if x:\n`;
  return text + " ".repeat(levels) + PY_CALL;
}

function nestedObjects(levels: number): string {
  let value = "1";
  for (let i = 0; i < levels; i++) value = `{ a = ${value} }`;
  return value;
}

const ALIAS_BOMB = [
  "Resources:",
  "  KB:",
  "    Type: AWS::Bedrock::KnowledgeBase",
  "    Properties:",
  '      a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...["b", "c", "d", "e", "f", "g", "h", "i"].map((name, i) => `      ${name}: &${name} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(",")}]`),
  "",
].join("\n");

// Each hostile file, and the reason the report must give for leaving it out.
const HOSTILE: Array<{ name: string; path: string; text: string; reason: RegExp }> = [
  { name: "10,000 nested brackets in TypeScript", path: "deep.ts", text: `${TS_HEAD}const x = ${"[".repeat(10_000)}${"]".repeat(10_000)};\n${TS_CALL}`, reason: /brackets nest 10000 levels deep/ },
  { name: "a 5,000-link method chain in TypeScript", path: "chain.ts", text: `${TS_HEAD}const x = client${"\n  .x()".repeat(5_000)};\n${TS_CALL}`, reason: /syntax tree nests deeper than 500 levels/ },
  { name: "a 20,000-term binary chain in TypeScript", path: "sum.ts", text: `${TS_HEAD}const m = "${HAIKU}"${'\n  + ""'.repeat(20_000)};\n${TS_CALL}`, reason: /nests deeper than 500 levels/ },
  { name: "10,000 nested lists in Python", path: "deep.py", text: `${PY_HEAD}x = ${"[".repeat(10_000)}${"]".repeat(10_000)}\n${PY_CALL}`, reason: /brackets nest 10000 levels deep/ },
  { name: "900 indented blocks in Python", path: "indent.py", text: indented(900), reason: /indented 900 levels deep/ },
  { name: "a 20,000-term binary chain in Python", path: "sum.py", text: `${PY_HEAD}m = ("${HAIKU}"${'\n  + ""'.repeat(20_000)})\n${PY_CALL}`, reason: /nests deeper than 500 levels/ },
  {
    name: "5,000 nested objects in Terraform",
    path: "infra/main.tf",
    text: `resource "aws_bedrock_provisioned_model_throughput" "p" {\n  provisioned_model_name = "x"\n  model_arn = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2"\n  model_units = 1\n  tags = ${nestedObjects(5_000)}\n}\n`,
    reason: /brackets nest 5001 levels deep/,
  },
  {
    name: "a self-referencing YAML alias in a CloudFormation template",
    path: "template.yaml",
    text: "Resources:\n  KB: &kb\n    Type: AWS::Bedrock::KnowledgeBase\n    Properties:\n      Name: x\n      Self: *kb\n",
    reason: /alias \*kb refers to a node that contains it \(a cycle\)/,
  },
  { name: "a 500-byte YAML alias bomb in a CloudFormation template", path: "bomb.yaml", text: ALIAS_BOMB, reason: /aliases expand to more than 200,000 nodes/ },
  // Found by `npm run fuzz`: yaml's scanner dies with a fatal out-of-memory error (no exception; the process ends).
  { name: "2,000 compact YAML block sequences on one line", path: "seq.yaml", text: `# AWS::Bedrock::Agent\n${"- ".repeat(2_000)}0\n`, reason: /nests about 2000 levels deep, more than the 500 YAML is read to/ },
  {
    name: "1,000 indented YAML block sequences",
    path: "indent.yaml",
    text: `# AWS::Bedrock::Agent\n${Array.from({ length: 1_000 }, (_, i) => `${" ".repeat(i)}-`).join("\n")} 0\n`,
    reason: /nests about 1000 levels deep/,
  },
];

describe("one hostile file never sinks a review", () => {
  it.each(HOSTILE)("$name: listed as not analysed with the reason; the healthy files are priced", async ({ path, text, reason }) => {
    const report = await scanFiles({ ...HEALTHY, [path]: text });
    expect(report.problems.filter((p) => p.path === path).map((p) => p.message)).toEqual([expect.stringMatching(reason)]);
    expect(report.sites.map((s) => s.head!.path).sort()).toEqual(["ok.py", "ok.ts"]);
    expect(report.sites.every((s) => s.head!.model.id === HAIKU && s.head!.monthlyCost !== null)).toBe(true);
  });

  it("a YAML alias used as intended still resolves", async () => {
    const template = [
      "Resources:",
      "  Agent:",
      "    Type: AWS::Bedrock::Agent",
      "    Properties: &props",
      "      AgentName: one",
      `      FoundationModel: ${HAIKU}`,
      "  Twin:",
      "    Type: AWS::Bedrock::Agent",
      "    Properties: *props",
      "",
    ].join("\n");
    const report = await scanFiles({ "template.yaml": template });
    expect(report.problems).toEqual([]);
    expect(report.sites.map((s) => [s.head!.line, s.head!.model.id])).toEqual([[2, HAIKU], [7, HAIKU]]);
  });
});

describe("YAML keys that are maps or lists (stringified in time exponential in their depth)", () => {
  const deepKey = `${"{".repeat(40)}0${"}".repeat(40)}`;

  it("in a CloudFormation template: named, not stringified; the template is still read", async () => {
    const template = `Resources:\n  Agent:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      AgentName: one\n      FoundationModel: ${HAIKU}\nMetadata:\n  ? ${deepKey}\n  : 1\n`;
    const report = await scanFiles({ "template.yaml": template });
    expect(report.problems).toEqual([]);
    expect(report.sites.map((s) => s.head!.model.id)).toEqual([HAIKU]);
  });

  it("in the config: a located error", () => {
    const loaded = parseConfig(`usage:\n  ? ${deepKey}\n  : 1\n`, { path: ".github/bedrock-cost.yml", ruleOptions: ruleOptionSchemas() });
    expect(loaded.errors).toEqual([{ path: ".github/bedrock-cost.yml", line: 2, column: 5, message: "a key must be a plain name, not a map or list" }]);
  });
});

describe("a config that nests too deeply for the YAML parser", () => {
  it.each([
    ["2,000 mappings on one line", ` ${"a: ".repeat(2_000)}0\nusage:`],
    ["2,000 compact sequences", `${"- ".repeat(2_000)}0`],
  ])("%s: one error, never a throw or a crash", (_, text) => {
    const loaded = parseConfig(text, { path: ".github/bedrock-cost.yml", ruleOptions: ruleOptionSchemas() });
    expect(loaded.errors).toEqual([{ path: ".github/bedrock-cost.yml", line: 1, column: 1, message: expect.stringMatching(/^not read: it nests about \d+ levels deep, more than the 500 YAML is read to$/) }]);
  });
});

describe("parseWithinBudget", () => {
  afterEach(() => vi.useRealTimers());

  /** A parser whose parse outlives the file's budget (the clock jumps past it), as a quadratic HCL input does. */
  const slowParser = () => {
    const calls: string[] = [];
    return {
      calls,
      parse(text: string, _old: null, options: { progressCallback: () => boolean }) {
        calls.push(`parse ${text}`);
        vi.setSystemTime(Date.now() + 11_000);
        return options.progressCallback() ? null : { text };
      },
      reset: () => void calls.push("reset"),
    };
  };

  it("cancels a parse that runs past the file's time budget, resets the parser for the next file, and the file is listed with the reason", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const parser = slowParser();
    expect(guardFile<unknown>("main.tf", () => parseWithinBudget(parser, "x"), (p) => p)).toEqual({ path: "main.tf", message: "not analysed: parsing it took longer than 10 s; file skipped" });
    expect(parser.calls).toEqual(["parse x", "reset"]);
  });

  it("outside a guarded file there is no budget to cancel by", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    expect(parseWithinBudget(slowParser(), "x")).toEqual({ text: "x" });
  });
});

describe("limits", () => {
  it.each([
    ["a: 1\nb:\n  - c: 2\n", 4],
    ["- - - x\n", 3],
    ["  key: [1, {a: 2}]\n", 6],
    ["# - - - - -\n", 5],
  ])("yamlNestingDepth(%j) is %i", (text, depth) => {
    expect(yamlNestingDepth(text)).toBe(depth);
  });

  it.each([
    ["", 0],
    ["f(a[0], {b: [1]})", 3],
    ["))) (( ]", 2],
    ["'(((' x", 3],
  ])("bracketDepth(%j) is %i", (text, depth) => {
    expect(bracketDepth(text)).toBe(depth);
  });

  it.each([
    ["x = 1\n", 0],
    ["if a:\n    b\n", 1],
    ["if a:\n  if b:\n    c\n  d\ne\n", 2],
    ["if a:\n\n        \n  b\n", 1],
  ])("indentationDepth(%j) is %i", (text, depth) => {
    expect(indentationDepth(text)).toBe(depth);
  });

  it("MAX_INDENTATION sits well inside MAX_NESTING", () => {
    expect(MAX_INDENTATION).toBeLessThan(MAX_NESTING);
  });

  it("guardFile turns a throw into one located problem, and nested levels past the limit into a LimitExceeded", () => {
    const deep = (n: number): number => (n === 0 ? 0 : nested("a test", () => deep(n - 1)));
    expect(guardFile("a.ts", () => deep(MAX_NESTING), () => -1)).toBe(0);
    expect(guardFile<unknown>("a.ts", () => deep(MAX_NESTING + 1), (p) => p)).toEqual({ path: "a.ts", message: "not analysed: a test nests deeper than 500 levels; file skipped" });
    expect(guardFile<unknown>("b.py", () => { throw new TypeError("boom\nstack"); }, (p) => p)).toEqual({ path: "b.py", message: "not analysed: the extractor failed (boom); file skipped" });
    // Depth is counted per file: the failure above left nothing behind.
    expect(guardFile("a.ts", () => deep(MAX_NESTING), () => -1)).toBe(0);
  });
});
