import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import type { Report } from "../../src/model/report.js";

const ROOT = join(import.meta.dirname, "..", "..");
const PR = "fixtures/prs/shared-model-constant";
const cents = (n: number) => Math.round(n * 100) / 100;
const perMonth = (perDay: number) => (perDay * 730) / 24;
const HAIKU = "global.anthropic.claude-haiku-4-5-20251001-v1:0";
const SONNET = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";

async function diff(format: "json" | "markdown") {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["diff", "--base", `${PR}/base`, "--head", `${PR}/head`, "--format", format], {
    cwd: ROOT,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

/*
 * The pull request changes one line of one file: the shared MODEL constant in src/lib/claude/client.ts,
 * Haiku 4.5 ($1/$5 per 1M) to Sonnet 4.5 ($3/$15), both through global profiles. No file that calls
 * Bedrock changes, yet four call sites move: two routes that call the client from the factory in that
 * file, and the wrapper chat() in src/lib/llm.ts, priced once per caller (tags, title).
 */
describe("bedrock-cost diff on a pull request that changes only a shared module (shared-model-constant)", () => {
  it("prices every call site that reads the changed constant, by hand, and fails the gate", async () => {
    const { code, stdout, stderr } = await diff("json");
    const report = JSON.parse(stdout) as Report;
    const rows = report.sites.map((s) => ({
      at: `${s.head!.path}:${s.head!.line}`,
      caller: s.head!.callers?.map((c) => `${c.path}:${c.line}`).join(" < ") ?? null,
      change: s.change,
      models: [s.base!.model.id, s.head!.model.id],
      before: s.base!.monthlyCost,
      after: s.head!.monthlyCost,
      via: s.via,
    }));
    const via = [{ path: "src/lib/claude/client.ts", line: 4, name: "MODEL", side: "head" }];
    // summarize: usage.sites[0] 2,000/day, 3,000 in, 600 out (cap 1,024).
    const summarize = [cents((perMonth(2000) * (3000 * 1 + 600 * 5)) / 1e6), cents((perMonth(2000) * (3000 * 3 + 600 * 15)) / 1e6)];
    // quiz: inline input_tokens=1200; 1,000/day and 400 out by default (cap 2,048).
    const quiz = [cents((perMonth(1000) * (1200 * 1 + 400 * 5)) / 1e6), cents((perMonth(1000) * (1200 * 3 + 400 * 15)) / 1e6)];
    // chat() called from tags: inline requests_per_day=500 above the call; max tokens 256 caps the 400 assumed.
    const tags = [cents((perMonth(500) * (1500 * 1 + 256 * 5)) / 1e6), cents((perMonth(500) * (1500 * 3 + 256 * 15)) / 1e6)];
    // chat() called from title: max tokens by default 512; usage.sites[1] (path of the caller) 300 out.
    const title = [cents((perMonth(1000) * (1500 * 1 + 300 * 5)) / 1e6), cents((perMonth(1000) * (1500 * 3 + 300 * 15)) / 1e6)];
    expect(rows).toEqual([
      { at: "src/app/api/quiz/route.ts:6", caller: null, change: "modified", models: [HAIKU, SONNET], before: quiz[0], after: quiz[1], via },
      { at: "src/app/api/summarize/route.ts:6", caller: null, change: "modified", models: [HAIKU, SONNET], before: summarize[0], after: summarize[1], via },
      { at: "src/lib/llm.ts:5", caller: "src/app/api/tags/route.ts:6", change: "modified", models: [HAIKU, SONNET], before: tags[0], after: tags[1], via },
      { at: "src/lib/llm.ts:5", caller: "src/app/api/title/route.ts:5", change: "modified", models: [HAIKU, SONNET], before: title[0], after: title[1], via },
    ]);
    expect([summarize, quiz, tags, title]).toEqual([[365, 1095], [97.33, 292], [42.28, 126.84], [91.25, 273.75]]);
    expect(report.totals).toEqual({ base: 595.86, head: 1787.59, delta: 1191.73, deltaPercent: 200, unpricedBase: 0, unpricedHead: 0 });
    expect(report.unpriced).toEqual([]);
    expect(report.problems).toEqual([]);
    // The gate: +$1,191.73 is over the base branch's +$500 limit.
    expect(code).toBe(1);
    expect(stderr).toContain("Monthly cost rises by +$1,192/mo, over the limit of $500/mo");
    // The JSON says the verdict and the limits applied, not only the cost.
    expect(report.policy).toMatchObject({ conclusion: "failure", configured: true, enforced: true, limits: { max_monthly_increase_usd: 500, fail_on_level: "error" } });
    expect(report.policy!.reasons.map((r) => r.limit)).toEqual(["max_monthly_increase_usd"]);
    // One finding per caller path of the wrapper, each saying which caller it is for.
    expect(report.findings.map((f) => [f.ruleId, `${f.path}:${f.line}`, f.monthlySavings])).toEqual([
      ["model-upgrade", "src/app/api/quiz/route.ts:6", cents(quiz[1]! - quiz[0]!)],
      ["model-upgrade", "src/app/api/summarize/route.ts:6", cents(summarize[1]! - summarize[0]!)],
      ["model-upgrade", "src/lib/llm.ts:5", cents(tags[1]! - tags[0]!)],
      ["model-upgrade", "src/lib/llm.ts:5", cents(title[1]! - title[0]!)],
    ]);
    expect(report.findings[2]!.message).toMatch(/\) — for the call from `POST` src\/app\/api\/tags\/route\.ts:6\.$/);
  });

  it("says in the comment which changed line moved each site, and through which caller", async () => {
    const { stdout } = await diff("markdown");
    expect(stdout).toContain("Totals cover the Bedrock usage in the changed files and in the code that reads them: 4 of 4 call sites/resources changed.");
    expect(stdout).toContain("| `src/lib/llm.ts:5` `chat`<br>called from `POST` `src/app/api/tags/route.ts:6` |");
    expect(stdout.match(/<br>model via `MODEL` `src\/lib\/claude\/client\.ts:4`/g)).toHaveLength(4);
    expect(stdout).toContain("| `src/lib/llm.ts:5 ← src/app/api/title/route.ts:5` | 30,416.67 |");
  });
});
