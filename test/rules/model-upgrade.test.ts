import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffFiles, scanFiles } from "../helpers/analyze.js";

const C = (1000 * 730) / 24; // built-in 1,000 requests/day → calls per month
const ROOT = join(import.meta.dirname, "..", "..");

const converse = (modelId: string, maxTokens = 500) => `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export async function ask(q: string) {
  return client.send(
    new ConverseCommand({
      modelId: "${modelId}",
      messages: [{ role: "user", content: [{ text: q }] }],
      inferenceConfig: { maxTokens: ${maxTokens} },
    }),
  );
}
`;

const HAIKU = "global.anthropic.claude-haiku-4-5-20251001-v1:0";
const SONNET = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";

const diff = async (base: string, head: string) => {
  const report = await diffFiles({ "src/ask.ts": base }, { "src/ask.ts": head });
  return { report, findings: report.findings.filter((f) => f.ruleId === "model-upgrade") };
};

describe("model-upgrade", () => {
  it("flags Haiku 4.5 → Sonnet 4.5 with the multiple and the monthly delta", async () => {
    const { report, findings } = await diff(converse(HAIKU), converse(SONNET));
    const [finding, ...rest] = findings;
    expect(rest).toEqual([]);
    // Haiku 4.5 $1/$5, Sonnet 4.5 $3/$15 per 1M; 1,500 in + 400 out per call.
    const before = ((1500 * 1 + 400 * 5) * C) / 1e6; // $106.46
    const after = ((1500 * 3 + 400 * 15) * C) / 1e6; // $319.38
    expect(before).toBeCloseTo(106.4583, 3);
    expect(after).toBeCloseTo(319.375, 3);
    expect(finding).toMatchObject({ path: "src/ask.ts", line: 4, column: 10, level: "warning", monthlySavings: 212.92 });
    expect(finding!.message).toBe("3.0× the cost per call: Claude Haiku 4.5 → Claude Sonnet 4.5 ($213/mo more).");
    expect(finding!.why).toBe(
      "At this call's traffic it costs $319/mo on Claude Sonnet 4.5 against $106/mo on Claude Haiku 4.5 through the same profile (`global.anthropic.claude-haiku-4-5-20251001-v1:0`): every token is billed at the dearer model's rates.",
    );
    expect(finding!.fix).toContain("Keep Claude Haiku 4.5 (`global.anthropic.claude-haiku-4-5-20251001-v1:0`) unless the task needs Claude Sonnet 4.5");
    // The same figure as the site's delta in the report when only the model changed.
    expect(report.sites[0]).toMatchObject({ change: "modified", monthlyDelta: 212.92 });
  });

  it("prices only the model change when the same pull request also changes the call", async () => {
    // Base: Haiku capped at 200 output tokens; head: Sonnet capped at 500 (so 400 assumed output).
    const { report, findings } = await diff(converse(HAIKU, 200), converse(SONNET, 500));
    // The site's delta mixes both changes, each side rounded to cents first:
    // 10,500 × C / 1M = $319.38 minus (1,500 + 200 × 5) × C / 1M = $76.04 → $243.34.
    expect(report.sites[0]!.monthlyDelta).toBe(243.34);
    // Reverting the model alone saves the head call on Haiku: (10,500 − 3,500) × C / 1M = $212.92.
    expect(findings[0]!.monthlySavings).toBe(212.92);
    expect(findings[0]!.message).toContain("3.0×");
  });

  it("states the multiple with two decimals when it is small", async () => {
    // Sonnet 4 ($3/$15, no regional premium) in-Region → Claude Opus 4.5 ($5/$25) global: 5/3.
    const { findings } = await diff(converse("anthropic.claude-sonnet-4-20250514-v1:0"), converse("global.anthropic.claude-opus-4-5-20251101-v1:0"));
    expect(findings[0]!.message).toBe("1.7× the cost per call: Claude Sonnet 4 → Claude Opus 4.5 ($213/mo more).");
    // Nova Pro ($0.80/$3.20) → Claude 3.5 Haiku ($0.80/$4): (1,200 + 1,600) / (1,200 + 1,280) = 1.129….
    const small = await diff(converse("us.amazon.nova-pro-v1:0"), converse("us.anthropic.claude-3-5-haiku-20241022-v1:0"));
    expect(small.findings[0]!.message).toBe("1.1× the cost per call: Amazon Nova Pro → Claude 3.5 Haiku ($9.73/mo more).");
    expect(((400 * 0.8) * C) / 1e6).toBeCloseTo(9.7333, 3);
    // Mistral Large 3 ($0.50/$1.50) → Llama 3.3 70B ($0.72/$0.72): 1,368 / 1,350 = 1.0133…, $0.55/mo.
    const tiny = await diff(converse("mistral.mistral-large-3-675b-instruct"), converse("meta.llama3-3-70b-instruct-v1:0"));
    expect(((1500 * 0.72 + 400 * 0.72 - (1500 * 0.5 + 400 * 1.5)) * C) / 1e6).toBeCloseTo(0.5475, 4);
    expect(tiny.findings[0]!.message).toBe("1.01× the cost per call: Mistral Large 3 → Llama 3.3 70B Instruct ($0.55/mo more).");
  });

  it.each([
    ["a move to a cheaper model", SONNET, HAIKU],
    ["the same model through a regional profile (regional-inference-profile's business)", SONNET, "us.anthropic.claude-sonnet-4-5-20250929-v1:0"],
    ["a change that leaves the model alone", converse(SONNET, 500), converse(SONNET, 300)],
    ["a model that cannot be priced", HAIKU, "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123"],
  ])("does not flag %s", async (_name, base, head) => {
    const code = (s: string) => (s.startsWith("import") ? s : converse(s));
    expect((await diff(code(base), code(head))).findings).toEqual([]);
  });

  it("does not flag a new call, nor anything in a scan (there is no base side)", async () => {
    expect((await diffFiles({}, { "src/ask.ts": converse(SONNET) })).findings.filter((f) => f.ruleId === "model-upgrade")).toEqual([]);
    expect((await scanFiles({ "src/ask.ts": converse(SONNET) })).findings.filter((f) => f.ruleId === "model-upgrade")).toEqual([]);
  });
});

/**
 * The shared fixture and README harnesses scan one side only; this rule needs a base side. Here the
 * fixtures are diffed against fixtures/rules/model-upgrade/base/<same name>, and the README's examples
 * against its ```ts base block, with the same inline `expect:` marks.
 */
const MARK = /(?:\/\/|#)\s*expect:\s*([a-z-]+)/;

function markedLines(text: string): number[] {
  const lines = text.split("\n");
  const out: number[] = [];
  lines.forEach((line, i) => {
    const m = MARK.exec(line);
    if (!m || m[1] !== "model-upgrade") return;
    let target = i + 1;
    while (target < lines.length && /^\s*(\/\/|#)/.test(lines[target]!)) target++;
    out.push(target + 1);
  });
  return out;
}

const FIXTURES = join(ROOT, "fixtures", "rules", "model-upgrade");
const fixtureCases = ["valid", "invalid"].flatMap((kind) => readdirSync(join(FIXTURES, kind)).map((file) => ({ kind, file })));

describe.each(fixtureCases)("fixtures/rules/model-upgrade/$kind/$file against base/$file", ({ kind, file }) => {
  it("reports exactly the marked lines", async () => {
    const head = readFileSync(join(FIXTURES, kind, file), "utf8");
    const base = readFileSync(join(FIXTURES, "base", file), "utf8");
    const report = await diffFiles({ [file]: base }, { [file]: head });
    const fired = report.findings.filter((f) => f.ruleId === "model-upgrade").map((f) => f.line).sort((a, b) => a - b);
    const expected = markedLines(head);
    expect(fired).toEqual(expected);
    if (kind === "valid") expect(expected).toEqual([]);
    else expect(expected.length).toBeGreaterThan(0);
  });
});

describe("fixtures/rules/model-upgrade/invalid/support.ts", () => {
  it("prices both upgrades by hand", async () => {
    const head = readFileSync(join(FIXTURES, "invalid", "support.ts"), "utf8");
    const base = readFileSync(join(FIXTURES, "base", "support.ts"), "utf8");
    const [reply, classify] = (await diffFiles({ "support.ts": base }, { "support.ts": head })).findings.filter((f) => f.ruleId === "model-upgrade");
    expect(reply).toMatchObject({ line: 9, monthlySavings: 212.92 });
    // Nova Lite ($0.06/$0.24) → Nova Pro ($0.80/$3.20), 50 output tokens: 102 → 1,360 per 1M-token unit; ×13.3.
    expect(((1360 - 102) * C) / 1e6).toBeCloseTo(38.2642, 3);
    expect(classify).toMatchObject({ line: 20, monthlySavings: 38.26 });
    expect(classify!.message).toBe("13.3× the cost per call: Amazon Nova Lite → Amazon Nova Pro ($38.26/mo more).");
  });
});

describe("rules/model-upgrade/README.md examples, diffed against its base block", () => {
  const doc = readFileSync(join(ROOT, "rules", "model-upgrade", "README.md"), "utf8");
  const base = /```ts base\n([\s\S]*?)```/.exec(doc)?.[1];
  const examples = [...doc.matchAll(/```ts expect: ([a-z-]+)\n([\s\S]*?)```/g)].map((m) => ({ expect: m[1]!, code: m[2]! }));

  it("has a base block and one flagged and one clean example", () => {
    expect(base).toBeDefined();
    expect(examples.map((e) => e.expect).sort()).toEqual(["model-upgrade", "none"]);
  });

  it.each(examples)("behaves as documented: $expect", async ({ expect: expected, code }) => {
    const report = await diffFiles({ "example.ts": base! }, { "example.ts": code });
    const fired = report.findings.filter((f) => f.ruleId === "model-upgrade").length;
    expect(fired).toBe(expected === "model-upgrade" ? 1 : 0);
  });
});
