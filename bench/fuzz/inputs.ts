import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { MAX_YAML_NODES } from "../../src/extract/iac/cloudformation/yaml.js";
import { MAX_INDENTATION, MAX_NESTING } from "../../src/extract/limits.js";
import type { ChangedFile, ChangeSet, FileContent } from "../../src/model/source-file.js";

/**
 * Generated inputs for the engine's property (see property.ts): the real fixture files, mutated, and
 * pathological files made from scratch around the limits of src/extract/limits.ts. Positions are naturals
 * taken modulo the text's length, so fast-check shrinks a failure towards the start of the text.
 */

/** A fixture file at its repository-relative path; `group` and `side` find its other version in a PR fixture. */
export interface Seed {
  group: string;
  side: "base" | "head" | null;
  path: string;
  text: string;
}

export interface Seeds {
  files: Seed[];
  configs: string[];
}

/** One generated file: what was done to it, for the figures. */
export interface FuzzFile {
  path: string;
  text: string;
  kinds: string[];
  /** The seed's other version (a PR fixture's base or head), what a diff pairs it with. */
  other?: string;
}

export interface FuzzInput {
  mode: "scan" | "diff";
  /** Text of .github/bedrock-cost.yml; "" for none. */
  config: string;
  changeSet: ChangeSet;
  kinds: string[];
}

const SEED_FILE = /\.(?:ts|js|py|tf|ya?ml|json|toml)$/;
const CONFIG_FILE = /(?:^|\/)\.github\/bedrock-cost\.yml$/;

/** Every fixture the engine could read, at the path it has in its own repository (prs/x/base/src/a.ts -> src/a.ts). */
export function loadSeeds(fixtures: string): Seeds {
  const files: Seed[] = [];
  const configs: string[] = [];
  for (const entry of readdirSync(fixtures, { recursive: true, encoding: "utf8" }).sort()) {
    const rel = entry.split("\\").join("/");
    if (!SEED_FILE.test(rel)) continue;
    const text = readFileSync(join(fixtures, rel), "utf8");
    if (CONFIG_FILE.test(rel)) configs.push(text);
    const parts = rel.split("/");
    const [top, name, variant] = parts;
    if (top === "prs" || top === "rules") {
      const side = variant === "base" || variant === "head" ? variant : null;
      files.push({ group: `${top}/${name}`, side, path: parts.slice(3).join("/"), text });
    } else if (top === "repos") files.push({ group: `${top}/${name}`, side: null, path: parts.slice(2).join("/"), text });
    else files.push({ group: top!, side: null, path: parts.slice(1).join("/"), text });
  }
  // The fixtures hold no CloudFormation, Serverless or CDK: small real-shaped ones stand in.
  files.push(...SYNTHETIC.map(([path, text]) => ({ group: "synthetic", side: null, path, text })));
  configs.push(README_CONFIG);
  return { files, configs };
}

const TS_CALL = `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export async function ask(text: string) {
  return client.send(new ConverseCommand({ modelId: "anthropic.claude-3-haiku-20240307-v1:0", messages: [{ role: "user", content: [{ text }] }] }));
}
`;
const PY_CALL = `import boto3
client = boto3.client("bedrock-runtime")
def ask(text):
    return client.converse(modelId="anthropic.claude-3-haiku-20240307-v1:0", messages=[{"role": "user", "content": [{"text": text}]}])
`;
const TF_RESOURCE = `resource "aws_bedrock_provisioned_model_throughput" "pt" {
  provisioned_model_name = "pt"
  model_arn              = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
  model_units            = 1
`;
const CFN_HEAD = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Agent:
    Type: AWS::Bedrock::Agent
    Properties:
      AgentName: support
      FoundationModel: anthropic.claude-3-haiku-20240307-v1:0
      Instruction: Answer support questions.
`;
const SYNTHETIC: Array<[string, string]> = [
  ["cfn/template.yaml", CFN_HEAD + `  Profile:\n    Type: AWS::Bedrock::ApplicationInferenceProfile\n    Properties:\n      InferenceProfileName: p\n      ModelSource:\n        CopyFrom: !Sub arn:aws:bedrock:\${AWS::Region}::foundation-model/amazon.nova-lite-v1:0\n`],
  ["cfn/template.json", JSON.stringify({ Resources: { Agent: { Type: "AWS::Bedrock::Agent", Properties: { AgentName: "a", FoundationModel: { Ref: "Model" } } } }, Parameters: { Model: { Type: "String", Default: "amazon.nova-pro-v1:0" } } }, null, 2)],
  ["svc/serverless.yml", `service: support\ncustom:\n  model: us.anthropic.claude-sonnet-4-5-20250929-v1:0\nprovider:\n  name: aws\n  environment:\n    BEDROCK_MODEL_ID: \${self:custom.model}\nfunctions:\n  answer:\n    handler: handler.answer\n`],
  ["cdk/lib/stack.ts", `import { Stack } from "aws-cdk-lib";\nimport * as bedrock from "aws-cdk-lib/aws-bedrock";\nexport class S extends Stack {\n  constructor(scope: any, id: string) {\n    super(scope, id);\n    new bedrock.CfnAgent(this, "Agent", { agentName: "a", foundationModel: "amazon.nova-pro-v1:0" });\n  }\n}\n`],
  ["cdk/stack.py", `from aws_cdk import Stack, aws_bedrock as bedrock\n\nclass S(Stack):\n    def __init__(self, scope, id):\n        super().__init__(scope, id)\n        bedrock.CfnAgent(self, "Agent", agent_name="a", foundation_model="amazon.nova-pro-v1:0")\n`],
  ["src/ask.ts", TS_CALL],
  ["app/ask.py", PY_CALL],
  ["infra/pt.tf", TF_RESOURCE + "}\n"],
];
const README_CONFIG = `usage:
  defaults:
    requests_per_day: 2000
  sites:
    - path: "src/**"
      model: "*haiku*"
      requests_per_month: 1500000
pricing:
  discount_percent: 12
  overrides:
    - { model: "anthropic.claude-sonnet-4-5*", input: 2.7, output: 13.5 }
  models:
    - { id: "acme.private-model-v1", input: 1, output: 2, max_output_tokens: 8192 }
policy:
  max_monthly_increase_usd: 500
  fail_on_level: error
rules:
  regional-inference-profile: off
  high-max-tokens: { level: error, max: 4096 }
paths:
  ignore: ["**/*.test.ts", "infra/**"]
comment:
  behavior: update
  min_delta_usd: 5
`;

/** A count of levels: a few, around a limit, or far past it (where a recursive parser would run out of stack). */
const levels = (limit: number, far = limit * 8) =>
  fc.oneof({ weight: 2, arbitrary: fc.integer({ min: 1, max: 40 }) }, fc.integer({ min: limit - 8, max: limit + 8 }), fc.integer({ min: limit * 2, max: far }));

const OPEN = { "(": ")", "[": "]", "{": "}" } as const;
const brackets = fc
  .record({ open: fc.constantFrom("(", "[", "{"), depth: levels(MAX_NESTING), closed: fc.boolean() })
  .map(({ open, depth, closed }) => open.repeat(depth) + "0" + (closed ? OPEN[open].repeat(depth) : ""));
/** Tokens that nest a syntax tree without brackets (prefix operators, chains), in TS/JS, Python, HCL or YAML. */
const chain = fc
  .record({
    token: fc.constantFrom("!", "-", "~", "typeof ", "await ", "() => ", "a ? 0 : ", "0 + ", "x.", "<T>", "not ", "lambda: ", "0 if a else ", "- ", "? ", "!!str "),
    count: levels(MAX_NESTING, 8_000),
  })
  .map(({ token, count }) => token.repeat(count) + "0");
const longLine = fc
  .record({ token: fc.constantFrom("a", "1,", "é", "😀", " ", "\\", '"', "'", "`"), count: fc.integer({ min: 1_000, max: 30_000 }) })
  .map(({ token, count }) => token.repeat(count));
const pythonBlocks = levels(MAX_INDENTATION, 650).map((depth) => Array.from({ length: depth }, (_, i) => `${" ".repeat(i)}if x:\n`).join("") + `${" ".repeat(depth)}pass\n`);
const hclBlocks = levels(MAX_NESTING, 3_000).map((depth) => 'dynamic "d" {\n'.repeat(depth) + "}\n".repeat(depth));
/** `l0: &l0 [x, x]`, `l1: &l1 [*l0, *l0]`, …: width^levels nodes from a few hundred bytes, levels around the reader's node budget. */
const aliasBomb = fc
  .record({ width: fc.integer({ min: 2, max: 9 }), offset: fc.integer({ min: -3, max: 3 }) })
  .map(({ width, offset }) => ({ width, levels: Math.max(1, Math.round(Math.log(MAX_YAML_NODES) / Math.log(width)) + offset) }))
  .map(({ levels, width }) =>
    Array.from({ length: levels }, (_, i) => `  l${i}: &l${i} [${Array(width).fill(i === 0 ? '"lol"' : `*l${i - 1}`).join(", ")}]\n`).join(""),
  );
const aliasCycle = fc.constantFrom("  Self: &self\n    Again: *self\n", "  Loop: &loop [*loop]\n", "  A: &a\n    B: &b\n      C: *a\n", "  M: &m {<<: *m}\n");
const mergeChain = fc
  .integer({ min: 1, max: 1_500 })
  .map((depth) => Array.from({ length: depth }, (_, i) => (i === 0 ? "  m0: &m0 {x: 1}\n" : `  m${i}: &m${i} {<<: *m${i - 1}, y${i}: 1}\n`)).join(""));
/** Block collections nested on one line (`- - - 0`, `? ? 0`) or by indentation: past ~1,000 levels yaml's scanner dies of a fatal error. */
const yamlBlocks = fc
  .record({ indicator: fc.constantFrom("- ", "? ", "a: "), depth: levels(MAX_NESTING, 3_000), indented: fc.boolean() })
  .map(({ indicator, depth, indented }) => (indented ? Array.from({ length: depth }, (_, i) => `${" ".repeat(i)}${indicator.trim()}`).join("\n") + " 0\n" : `${indicator.repeat(depth)}0\n`));
/** A map or list as a key, nested: yaml stringifies such keys in time exponential in their depth. */
const yamlComplexKey = levels(40, 600).map((depth) => `  ? ${"{".repeat(depth)}0${"}".repeat(depth)}\n  : 1\n`);
const tricky = fc.constantFrom("\uFEFF", "\u2028", "\u2029", "\u202E", "\u200B", "\r", "\r\n", "\t", "\\", "`", "${", '"""', "'''", "*/", "/*", "#", "<<", "\uD800", "\uDFFF", "\u0085");

/** Texts inserted into a file, by name; the block-shaped ones go at a line start. */
const INSERTS = {
  unicode: fc.string({ unit: "binary", minLength: 1, maxLength: 32 }),
  tricky,
  nul: fc.integer({ min: 1, max: 256 }).map((n) => "\0".repeat(n)),
  "long-line": longLine,
  brackets,
  chain,
  "python-blocks": pythonBlocks,
  "hcl-blocks": hclBlocks,
  "yaml-bomb": aliasBomb,
  "yaml-cycle": aliasCycle,
  "yaml-merge": mergeChain,
  "yaml-blocks": yamlBlocks,
  "yaml-complex-key": yamlComplexKey,
};
type InsertKind = keyof typeof INSERTS;
const AT_LINE_START = new Set<string>(["python-blocks", "hcl-blocks", "yaml-bomb", "yaml-cycle", "yaml-merge", "yaml-blocks", "yaml-complex-key"]);

export type Mutation =
  | { op: "flip"; at: number; bit: number }
  | { op: "delete"; at: number; length: number }
  | { op: "duplicate"; at: number; length: number; to: number; times: number }
  | { op: "splice"; at: number; other: number; from: number }
  | { op: "truncate"; at: number }
  | { op: InsertKind; at: number; text: string };

const at = fc.nat();
/** `arb` one time in twenty, else null. */
const rarely = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 19, arbitrary: fc.constant(null) }, arb);
const mutationOf = (inserts: Record<InsertKind, fc.Arbitrary<string>>): fc.Arbitrary<Mutation> =>
  fc.oneof(
    fc.record({ op: fc.constant("flip"), at, bit: fc.integer({ min: 0, max: 15 }) }),
    fc.record({ op: fc.constant("delete"), at, length: fc.integer({ min: 1, max: 2_000 }) }),
    fc.record({ op: fc.constant("duplicate"), at, length: fc.integer({ min: 1, max: 4_000 }), to: at, times: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ op: fc.constant("splice"), at, other: fc.nat(), from: at }),
    fc.record({ op: fc.constant("truncate"), at }),
    ...(Object.keys(inserts) as InsertKind[]).map((op) => fc.record({ op: fc.constant(op), at, text: inserts[op] })),
  );
const mutation = mutationOf(INSERTS);
const place = (at: number, text: string) => at % (text.length + 1);

/** One mutation applied to a text; `others` are the texts a splice may take its tail from. */
export function mutate(text: string, m: Mutation, others: readonly string[]): string {
  const i = place(m.at, text);
  switch (m.op) {
    case "flip": {
      if (text.length === 0) return text;
      const j = Math.min(i, text.length - 1);
      return text.slice(0, j) + String.fromCharCode(text.charCodeAt(j) ^ (1 << m.bit)) + text.slice(j + 1);
    }
    case "delete":
      return text.slice(0, i) + text.slice(i + m.length);
    case "duplicate": {
      const j = place(m.to, text);
      return text.slice(0, j) + text.slice(i, i + m.length).repeat(m.times) + text.slice(j);
    }
    case "splice": {
      const other = others[m.other % others.length]!;
      return text.slice(0, i) + other.slice(place(m.from, other));
    }
    case "truncate":
      return text.slice(0, i);
    default: {
      const j = AT_LINE_START.has(m.op) ? text.lastIndexOf("\n", i - 1) + 1 : i;
      return text.slice(0, j) + m.text + text.slice(j);
    }
  }
}

const EXTENSIONS = [".ts", ".js", ".py", ".tf", ".yaml", ".yml", ".json", ".tf.json", ".mjs", ".tsx"];
const DIRS = ["", "src/", "lib/", "infra/", "app/", "tests/"];

/** A fixture, mutated up to three times; now and then under another extension. */
function mutatedFile(seeds: readonly Seed[]): fc.Arbitrary<FuzzFile> {
  const texts = seeds.map((s) => s.text);
  return fc
    .record({
      seed: fc.nat({ max: seeds.length - 1 }),
      mutations: fc.array(mutation, { maxLength: 3 }),
      extension: rarely(fc.constantFrom(...EXTENSIONS)),
    })
    .map(({ seed, mutations, extension }) => {
      const s = seeds[seed]!;
      const other = seeds.find((o) => o.group === s.group && o.path === s.path && o.side !== s.side && o.text !== s.text);
      return {
        path: extension === null ? s.path : s.path.replace(/(\.[^./]+)?$/, extension),
        text: mutations.reduce((text, m) => mutate(text, m, texts), s.text),
        kinds: mutations.length ? mutations.map((m) => m.op) : ["unchanged"],
        ...(other ? { other: other.text } : {}),
      };
    });
}

const file = (kind: string, path: string, text: string): FuzzFile => ({ path, text, kinds: [kind] });
const dir = fc.constantFrom(...DIRS);

/** Whole files made to sit at or past one limit each, well-formed apart from that, with a Bedrock call so no prefilter skips them. */
const pathological: fc.Arbitrary<FuzzFile> = fc.oneof(
  fc.tuple(dir, fc.constantFrom("ts", "js", "py", "tf"), fc.oneof(brackets, chain)).map(([d, ext, deep]) =>
    ext === "tf"
      ? file("deep-expression", `${d}deep.tf`, `${TF_RESOURCE}}\nlocals {\n  deep = ${deep}\n}\n`)
      : file("deep-expression", `${d}deep.${ext}`, `${ext === "py" ? PY_CALL : TS_CALL}\n${ext === "py" ? "" : "export const "}deep = ${deep}\n`),
  ),
  fc.tuple(dir, pythonBlocks).map(([d, blocks]) => file("python-blocks", `${d}blocks.py`, PY_CALL + blocks.replace(/pass\n$/, 'client.converse(modelId="amazon.nova-lite-v1:0", messages=[])\n'))),
  fc.tuple(dir, hclBlocks).map(([d, blocks]) => file("hcl-blocks", `${d}blocks.tf`, `${TF_RESOURCE}${blocks}}\n`)),
  fc.tuple(fc.constantFrom("cfn/template.yaml", "svc/serverless.yml"), fc.oneof(aliasBomb, aliasCycle, mergeChain), fc.boolean()).map(([path, anchors, used]) =>
    // The anchors under Metadata; `used` also puts the last one where the reader looks (the agent's instruction).
    file("yaml-aliases", path, `${CFN_HEAD.replace("Instruction: Answer support questions.", `Instruction: ${used ? "*" + lastAnchor(anchors) : "x"}`)}Metadata:\n${anchors}`),
  ),
  fc.tuple(levels(MAX_NESTING, 5_000), fc.boolean()).map(([depth, yaml]) =>
    yaml
      ? file("yaml-nesting", "cfn/template.yaml", `${CFN_HEAD}Metadata:\n  Deep:\n    ${"- ".repeat(depth)}x\n`)
      : file("json-nesting", "cfn/template.json", `{"Resources": {"A": {"Type": "AWS::Bedrock::Agent", "Properties": {"FoundationModel": "amazon.nova-pro-v1:0"}}}, "Metadata": ${"[".repeat(depth)}${"]".repeat(depth)}}`),
  ),
  fc.tuple(dir, fc.constantFrom("js", "ts", "py"), fc.integer({ min: 10_000, max: 50_000 })).map(([d, ext, n]) =>
    ext === "py"
      ? file("minified", `${d}bundle.py`, `${PY_CALL}data = [${"1,".repeat(n)}]\n`)
      : file("minified", `${d}bundle.${ext}`, `${TS_CALL.replace(/\n/g, " ")}const data=[${"1,".repeat(n)}];\n`),
  ),
);

function lastAnchor(anchors: string): string {
  return [...anchors.matchAll(/&(\w+)/g)].at(-1)?.[1] ?? "none";
}

/** Random characters of any code unit, lone surrogates and NUL included, at a path of any handled extension. */
const randomFile = fc
  .tuple(dir, fc.constantFrom(...EXTENSIONS), fc.string({ unit: "binary", maxLength: 2_000 }))
  .map(([d, ext, text]) => file("random", `${d}random${ext}`, text));

function anyFile(seeds: readonly Seed[]): fc.Arbitrary<FuzzFile> {
  return fc.oneof({ weight: 6, arbitrary: mutatedFile(seeds) }, { weight: 2, arbitrary: pathological }, { weight: 1, arbitrary: randomFile });
}

/** Paths made unique by a folder per repeat, so a change set names each file once. */
function uniquePaths<T extends { path: string }>(files: T[]): T[] {
  const seen = new Set<string>();
  return files.map((f) => {
    let path = f.path;
    for (let n = 2; seen.has(path); n++) path = `copy${n}/${f.path}`;
    seen.add(path);
    return { ...f, path };
  });
}

const binary: FileContent = { kind: "skipped", reason: "binary file" };

/** A side's content: the text, or now and then a file not read as text. */
const content = (text: string, skipped: boolean): FileContent => (skipped ? binary : { kind: "text", text });

/** Scans of 1–4 generated files. */
function scanInput(seeds: Seeds): fc.Arbitrary<Omit<FuzzInput, "config">> {
  return fc.array(fc.tuple(anyFile(seeds.files), rarely(fc.constant(true))), { minLength: 1, maxLength: 4 }).map((entries) => {
    const files = uniquePaths(entries.map(([f, skipped]) => ({ ...f, skipped: skipped === true })));
    return {
      mode: "scan" as const,
      changeSet: { files: files.map((f): ChangedFile => ({ path: f.path, status: "added", base: null, head: content(f.text, f.skipped) })), notes: [] },
      kinds: files.flatMap((f) => f.kinds),
    };
  });
}

/**
 * Diffs of 1–4 changed files: a modified file's head is its seed's other version (or the same text),
 * mutated again; added, removed and renamed files carry one side.
 */
function diffInput(seeds: Seeds): fc.Arbitrary<Omit<FuzzInput, "config">> {
  const texts = seeds.files.map((s) => s.text);
  const change = fc.record({
    base: anyFile(seeds.files),
    status: fc.constantFrom("added", "removed", "modified", "modified", "renamed"),
    mutations: fc.array(mutation, { maxLength: 2 }),
    skipped: rarely(fc.constantFrom("base", "head")),
  });
  return fc.array(change, { minLength: 1, maxLength: 4 }).map((changes) => {
    const files = uniquePaths(changes.map((c) => ({ ...c, path: c.base.path })));
    return {
      mode: "diff" as const,
      changeSet: {
        files: files.map(({ path, base, status, mutations, skipped }): ChangedFile => {
          const head = mutations.reduce((text, m) => mutate(text, m, texts), base.other ?? base.text);
          const baseSide = content(base.text, skipped === "base");
          const headSide = content(head, skipped === "head");
          if (status === "added") return { path, status, base: null, head: headSide };
          if (status === "removed") return { path, status, base: baseSide, head: null };
          if (status === "renamed") return { path, previousPath: `old/${path}`, status, base: baseSide, head: headSide };
          return { path, status, base: baseSide, head: headSide };
        }),
        notes: [],
      },
      kinds: [...changes.flatMap((c) => c.base.kinds), ...changes.flatMap((c) => c.mutations.map((m) => `head:${m.op}`))],
    };
  });
}

/** Engine inputs: a scan or a diff, under no config or one of the fixtures' (valid) configs. */
export function fuzzInput(seeds: Seeds): fc.Arbitrary<FuzzInput> {
  return fc
    .tuple(fc.oneof(scanInput(seeds), diffInput(seeds)), fc.constantFrom("", ...seeds.configs))
    .map(([input, config]) => Object.assign({ ...input, config }, { [fc.toStringMethod]: () => describeInput({ ...input, config }) }));
}

/** A config text: a fixture's mutated, random YAML under the config's sections, alias bombs, or noise. */
export function fuzzConfig(seeds: Seeds): fc.Arbitrary<string> {
  const sections = fc.constantFrom("usage", "pricing", "policy", "rules", "paths", "comment", "_extends", "defaults", "sites");
  return fc.oneof(
    fc.tuple(fc.constantFrom(...seeds.configs), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([text, ms]) => ms.reduce((t, m) => mutate(t, m, seeds.configs), text)),
    fc.dictionary(sections, fc.jsonValue({ maxDepth: 4 })).map((value) => stringify(value)),
    fc.oneof(aliasBomb, aliasCycle, mergeChain).map((anchors) => `usage:\n${anchors}  defaults: *${lastAnchor(anchors)}\n`),
    fc.string({ unit: "binary", maxLength: 500 }),
    fc.oneof(brackets, yamlBlocks, yamlComplexKey.map((key) => `usage:\n${key}`)),
  );
}

/** An input as a failure report shows it: each file's path and the first 200 characters of each side. */
export function describeInput(input: Pick<FuzzInput, "mode" | "config" | "changeSet">): string {
  const side = (c: FileContent | null) => (c === null ? "absent" : c.kind === "skipped" ? `skipped (${c.reason})` : `${c.text.length} chars ${JSON.stringify(c.text.slice(0, 200))}`);
  const files = input.changeSet.files.map((f) => `  ${f.status} ${f.previousPath ? `${f.previousPath} -> ` : ""}${f.path}\n    base: ${side(f.base)}\n    head: ${side(f.head)}`);
  return `${input.mode} with ${input.config ? `config ${JSON.stringify(input.config.slice(0, 200))}` : "no config"}:\n${files.join("\n")}`;
}
