import { describe, expect, it } from "vitest";
import type { ChangeSet } from "../../../src/model/source-file.js";
import { analyzeChange } from "../../../src/pipeline/analyze.js";
import { defaultConfig } from "../../../src/config/schema.js";
import { diffFiles } from "../../helpers/analyze.js";
import { evaluatePolicy, unanalysedFiles } from "../../../src/policy/evaluate.js";
import { renderMarkdown } from "../../../src/report/markdown.js";
import { renderTable } from "../../../src/report/table.js";

const call = (fn: string, model: string) => `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
export async function ${fn}(q: string) {
  return client.send(new ConverseCommand({ modelId: "${model}", messages: [{ role: "user", content: [{ text: q }] }], inferenceConfig: { maxTokens: 500 } }));
}
`;
const HAIKU = "global.anthropic.claude-haiku-4-5-20251001-v1:0";
const SONNET = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";

describe("analyzeChange: pairing base and head", () => {
  it("follows a renamed file: its calls are unchanged, not removed and added", async () => {
    const text = call("ask", HAIKU);
    const changeSet: ChangeSet = {
      files: [{ path: "src/new.ts", previousPath: "src/old.ts", status: "renamed", base: { kind: "text", text }, head: { kind: "text", text } }],
      notes: [],
    };
    const report = await analyzeChange(changeSet, { config: defaultConfig(), configPath: null, mode: "diff" });
    expect(report.sites.map((s) => [s.key, s.change, s.base?.path, s.head?.path])).toEqual([
      ["src/old.ts#ask#converse#0", "unchanged", "src/old.ts", "src/new.ts"],
    ]);
    expect(report.totals.delta).toBe(0);
    expect(report.findings).toEqual([]);
  });

  it("pairs a call whose enclosing function was renamed, so the row shows the model change", async () => {
    const report = await diffFiles({ "src/a.ts": call("ask", HAIKU) }, { "src/a.ts": call("answer", SONNET) });
    expect(report.sites).toHaveLength(1);
    expect(report.sites[0]).toMatchObject({ key: "src/a.ts#answer#converse#0", change: "modified" });
    expect(report.sites[0]!.base!.model.id).toBe(HAIKU);
    expect(report.sites[0]!.head!.model.id).toBe(SONNET);
  });

  it("shows a removed call as a decrease", async () => {
    const report = await diffFiles({ "src/a.ts": call("ask", SONNET) }, { "src/a.ts": "export const unused = 1;\n" });
    expect(report.sites.map((s) => s.change)).toEqual(["removed"]);
    const calls = (1000 * 730) / 24;
    expect(report.totals.delta).toBe(-Math.round(((calls * (1500 * 3 + 400 * 15)) / 1e6) * 100) / 100);
    expect(report.totals.deltaPercent).toBe(-100);
  });

  it("leaves a file out of both totals when its base side cannot be parsed, instead of showing its calls as added", async () => {
    const report = await diffFiles({ "src/a.ts": call("ask", HAIKU) + "export const = ;\n" }, { "src/a.ts": call("ask", SONNET) });
    expect(report.sites).toEqual([]);
    expect(report.totals).toMatchObject({ base: 0, head: 0, delta: 0 });
    expect(report.problems).toEqual([
      expect.objectContaining({ path: "src/a.ts", message: expect.stringMatching(/^base side: .*file skipped$/) }),
      expect.objectContaining({ path: "src/a.ts", message: expect.stringMatching(/^the base side could not be analysed .* its 1 Bedrock call site\(s\) .* left out of both totals/) }),
    ]);
  });

  it("does not read an unparsable head as a removal (a syntax error cannot hide a cost increase)", async () => {
    const report = await diffFiles({ "src/a.ts": call("ask", HAIKU) }, { "src/a.ts": call("ask", SONNET) + "export const = ;\n" });
    expect(report.sites).toEqual([]);
    expect(report.totals.delta).toBe(0);
    expect(report.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/file skipped$/),
      expect.stringMatching(/^the head side could not be analysed/),
    ]);
  });

  it("keeps an untouched call unchanged when a new one is added above it, and an unknown side out of the totals", async () => {
    const two = call("ask", HAIKU).replace("  return client.send(", `  await client.send(new ConverseCommand({ modelId: q, messages: [] }));\n  return client.send(`);
    const report = await diffFiles({ "src/a.ts": call("ask", HAIKU) }, { "src/a.ts": two });
    expect(report.sites.map((s) => [s.change, s.head?.model.id ?? null])).toEqual([
      ["added", null],
      ["unchanged", HAIKU],
    ]);
    expect(report.totals.delta).toBe(0);
    expect(report.unpriced).toHaveLength(1);
  });

  it("reports a malformed annotation at its line and ignores only that key", async () => {
    const head = call("ask", SONNET).replace("  return client.send", "  // bedrock-cost: requests_per_day=500 tokens=9\n  return client.send");
    const report = await diffFiles({}, { "src/a.ts": head });
    expect(report.sites[0]!.head!.assumptions.requestsPerMonth).toBeCloseTo((500 * 730) / 24, 6);
    expect(report.problems).toEqual([expect.objectContaining({ path: "src/a.ts", line: 4, message: expect.stringContaining("tokens") })]);
  });

  it("a typo in an annotation is a located warning: the file still counts as analysed, so the gate is not made incomplete", async () => {
    const head = call("ask", SONNET).replace("  return client.send", "  // bedrock-cost: request_per_day=500\n  return client.send");
    const report = await diffFiles({}, { "src/a.ts": head });
    expect(report.problems).toEqual([expect.objectContaining({ path: "src/a.ts", line: 4, warning: true, message: expect.stringContaining('did you mean "requests_per_day"') })]);
    expect(unanalysedFiles(report)).toEqual([]);
    const outcome = evaluatePolicy(report, { policy: { max_monthly_increase_usd: 1_000_000, fail_on_level: "error" }, configured: true, setIn: () => "config", draft: false });
    expect(outcome.conclusion).toBe("success");
    const markdown = renderMarkdown(report);
    expect(markdown).not.toContain("#### Not analysed");
    expect(markdown).toMatch(/#### Warnings\n\n- .*src\/a\.ts.*: bedrock-cost annotation: unknown key "request_per_day"/);
    expect(renderTable(report)).toMatch(/\nWARNINGS\nsrc\/a\.ts:4  bedrock-cost annotation: unknown key/);
  });
});

describe("analyzeChange: deployment config feeds call sites", () => {
  it("prices a call whose model is an environment variable with the value the SAM template sets", async () => {
    const template = `Transform: AWS::Serverless-2016-10-31
Parameters:
  ModelId: {Type: String, Default: global.anthropic.claude-haiku-4-5-20251001-v1:0}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Environment: {Variables: {MODEL_ID: !Ref ModelId}}
`;
    const handler = `import os
import boto3

client = boto3.client("bedrock-runtime")


def handler(event, context):
    return client.converse(
        modelId=os.environ["MODEL_ID"],
        messages=[{"role": "user", "content": [{"text": event["q"]}]}],
        inferenceConfig={"maxTokens": 300},
    )
`;
    const report = await diffFiles({}, { "template.yaml": template, "app.py": handler });
    const site = report.sites[0]!.head!;
    expect(site.model).toMatchObject({ id: HAIKU, source: "constant", env: "MODEL_ID", origin: "environment variable MODEL_ID set at template.yaml:10" });
    expect(site.monthlyCost).toBe(Math.round((((1000 * 730) / 24) * (1500 * 1 + 300 * 5)) / 1e6 * 100) / 100);
  });
});

describe("analyzeChange: the age of the price catalog", () => {
  const changeSet = (): ChangeSet => ({ files: [{ path: "src/a.ts", status: "added", base: null, head: { kind: "text", text: call("ask", HAIKU) } }], notes: [] });
  const verified = Date.parse("2026-12-04T00:00:00Z");
  const day = 86_400_000;
  const notesOn = async (daysLater: number, config = defaultConfig()) =>
    (await analyzeChange(changeSet(), { config, configPath: null, mode: "scan", now: new Date(verified + daysLater * day) })).notes.filter((n) => n.includes("catalog"));

  it("warns when the catalog was last verified more than 120 days ago, and not before", async () => {
    expect(await notesOn(120)).toEqual([]);
    expect(await notesOn(121)).toEqual([
      "⚠️ The built-in price catalog was last verified 2026-12-04, 121 days ago (more than pricing.catalog_max_age_days: 120): Bedrock prices may have changed since. Update bedrock-cost-review, or set negotiated prices under pricing.overrides.",
    ]);
  });

  it("takes the age the config allows", async () => {
    const config = { ...defaultConfig(), pricing: { catalog_max_age_days: 365 } };
    expect(await notesOn(200, config)).toEqual([]);
    expect((await notesOn(400, config))[0]).toContain("400 days ago (more than pricing.catalog_max_age_days: 365)");
  });
});
