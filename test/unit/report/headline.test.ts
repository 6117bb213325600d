import { describe, expect, it } from "vitest";
import type { Finding, PolicyVerdict, Report } from "../../../src/model/report.js";
import { evaluatePolicy, verdictOf, type PolicySettings } from "../../../src/policy/evaluate.js";
import { costSummary, headline } from "../../../src/report/headline.js";
import { renderMarkdown, savingsUpTo } from "../../../src/report/markdown.js";
import { renderSarif } from "../../../src/report/sarif.js";
import { allRules } from "../../../src/engine/registry.js";
import { report, siteChange } from "../../app/harness.js";

const finding = (level: Finding["level"], overrides: Partial<Finding> = {}): Finding => ({
  ruleId: "regional-inference-profile", level, path: "src/a.ts", line: 3, column: 1, endLine: 3, message: "m", why: "w", fix: "f", monthlySavings: null, ...overrides,
});

/** The report as a review leaves it: judged by `policy`, the verdict attached. */
function judged(r: Report, policy: PolicySettings, context = { configured: true, draft: false }): Report {
  const outcome = evaluatePolicy(r, { policy, configured: context.configured, setIn: () => "base config", draft: context.draft });
  return { ...r, policy: verdictOf(outcome, policy, context) };
}

const unpricedSite = { ...siteChange("src/b.ts#x#converse#0", null, null, 9), change: "added" as const, base: null };

describe("headline: the verdict first, then the cost, then the caveats", () => {
  const cases: Array<[string, Report, string]> = [
    ["no policy configured: no verdict, just the cost", report(1000, 1240), "Bedrock cost: +$240/mo (+24.0%)"],
    ["over the USD limit", judged(report(1000, 6463), { max_monthly_increase_usd: 500, fail_on_level: "error" }), "❌ Fails policy (limit +$500/mo) · Bedrock cost: +$5,463/mo (+546.3%)"],
    ["over both limits, each named once", judged(report(100, 400), { max_monthly_increase_usd: 50, max_monthly_increase_percent: 20, fail_on_level: "error" }), "❌ Fails policy (limit +$50.00/mo, limit +20%) · Bedrock cost: +$300/mo (+300.0%)"],
    [
      "an error finding",
      judged(report(100, 100, { findings: [finding("error"), finding("warning")] }), { fail_on_level: "error" }),
      "❌ Fails policy (error-level findings) · Bedrock cost: no change · 2 findings",
    ],
    ["within the limit", judged(report(1000, 1100), { max_monthly_increase_usd: 500, fail_on_level: "error" }), "✅ Passes policy · Bedrock cost: +$100/mo (+10.0%)"],
    ["a draft over the limit", judged(report(100, 900), { max_monthly_increase_usd: 10, fail_on_level: "error" }, { configured: true, draft: true }), "⚠️ Would fail policy (limit +$10.00/mo; not enforced) · Bedrock cost: +$800/mo (+800.0%)"],
    [
      "an unpriced change under a limit: never +$0.00, and the pass is not confirmed",
      judged(report(100, 100, { sites: [unpricedSite], unpriced: [{ path: "src/b.ts", line: 9, reason: "dynamic" }], totals: { base: 0, head: 0, delta: 0, deltaPercent: null, unpricedBase: 0, unpricedHead: 1 } }), { max_monthly_increase_usd: 10, fail_on_level: "error" }),
      "⚠️ Cannot confirm the policy · Bedrock cost: change unknown · 1 call not priced",
    ],
    [
      "a file not analysed",
      judged(report(100, 150, { problems: [{ path: "src/c.ts", message: "syntax error; file skipped" }] }), { max_monthly_increase_usd: 500, fail_on_level: "error" }),
      "⚠️ Cannot confirm the policy · Bedrock cost: +$50.00/mo (+50.0%) · 1 file not analysed",
    ],
    ["no Bedrock usage changed", report(100, 100, { sites: [{ ...siteChange("k", 100, 100), change: "unchanged", monthlyDelta: 0 }] }), "No Bedrock usage changed"],
    ["a scan", report(0, 730, { mode: "scan" }), "Bedrock cost: $730/mo estimated"],
    ["a scan that finds nothing", report(0, 0, { mode: "scan", sites: [] }), "No Bedrock usage found"],
  ];
  it.each(cases)("%s", (_name, r, expected) => {
    expect(headline(r)).toBe(expected);
    expect(renderMarkdown(r).split("\n")[0]).toBe(`### ${expected}`);
  });

  it("the check run's title carries the cost and caveats without a verdict (its conclusion is the verdict)", () => {
    expect(costSummary(report(100, 100, { sites: [unpricedSite], totals: { base: 0, head: 0, delta: 0, deltaPercent: null, unpricedBase: 0, unpricedHead: 1 } }))).toBe("change unknown · 1 call not priced");
  });
});

describe("findings: one line each with its saving; alternatives on one site counted once", () => {
  const findings = [
    finding("warning", { ruleId: "model-upgrade", siteKey: "s1", monthlySavings: 4163 }),
    finding("warning", { ruleId: "regional-inference-profile", siteKey: "s1", monthlySavings: 728 }),
    finding("warning", { ruleId: "missing-cache-point", siteKey: "s2", line: 9, monthlySavings: 224.5 }),
    finding("warning", { ruleId: "uncapped-max-tokens", siteKey: "s2", line: 9, monthlySavings: null }),
  ];

  it("could save up to: the largest saving of each site, summed", () => {
    expect(savingsUpTo(findings)).toBe(4163 + 224.5);
    expect(savingsUpTo([])).toBe(0);
  });

  it("renders a line per finding with the rule's docs linked, the details collapsed", () => {
    const md = renderMarkdown(report(1000, 1240, { findings }));
    expect(md).toContain("#### Findings (4) · could save up to $4,388/mo\n");
    expect(md).toContain(
      "- ⚠️ [model-upgrade](https://github.com/bedrock-cost-review/bedrock-cost-review/blob/main/rules/model-upgrade/README.md) `src/a.ts:3`: m · **saves $4,163/mo**\n",
    );
    expect(md).toContain("`src/a.ts:9`: m\n");
    expect(md).toMatch(/<details><summary>Why they cost money, and the fixes<\/summary>\n\n- \*\*model-upgrade\*\* `src\/a.ts:3`: w \*\*Fix:\*\* f\n/);
  });
});

describe("the mover chart", () => {
  it("draws before and after bars for the sites that moved most, when two or more moved", () => {
    const sites = [siteChange("a", 100, 400, 3), siteChange("b", 50, 20, 7), siteChange("c", 10, 10, 9)];
    const md = renderMarkdown(report(160, 430, { sites }));
    expect(md).toContain(
      ['```mermaid', "xychart-beta horizontal", '  x-axis ["support.ts:3 before", "support.ts:3 after", "support.ts:7 before", "support.ts:7 after"]', '  y-axis "USD per month"', "  bar [100, 400, 50, 20]", "```"].join("\n"),
    );
  });

  it("draws nothing for a single mover", () => {
    expect(renderMarkdown(report(100, 400))).not.toContain("mermaid");
  });
});

describe("the policy in the JSON and SARIF", () => {
  const failed = judged(report(1000, 1900), { max_monthly_increase_usd: 500, fail_on_level: "error" });

  it("the report carries the conclusion, the reasons and the limits applied", () => {
    expect(failed.policy).toEqual<PolicyVerdict>({
      conclusion: "failure",
      configured: true,
      enforced: true,
      limits: { max_monthly_increase_usd: 500, fail_on_level: "error" },
      reasons: [{ limit: "max_monthly_increase_usd", message: "Monthly cost rises by +$900/mo, over the limit of $500/mo (policy.max_monthly_increase_usd in base config)." }],
      notes: [],
    });
  });

  it("SARIF's invocation exits 1 on a failed policy, each reason a notification", () => {
    const sarif = JSON.parse(renderSarif(failed, { rules: allRules(), version: "0.0.0", helpUri: () => "" }));
    expect(sarif.runs[0].invocations).toEqual([
      {
        executionSuccessful: true,
        exitCode: 1,
        exitCodeDescription: "policy failed",
        toolExecutionNotifications: [{ level: "error", message: { text: failed.policy!.reasons[0]!.message }, descriptor: { id: "max_monthly_increase_usd" } }],
        properties: { policy: { conclusion: "failure", configured: true, enforced: true, limits: { max_monthly_increase_usd: 500, fail_on_level: "error" } } },
      },
    ]);
  });

  it("a report no policy judged has no invocation", () => {
    expect(JSON.parse(renderSarif(report(1, 2), { rules: allRules(), version: "0.0.0", helpUri: () => "" })).runs[0].invocations).toBeUndefined();
  });
});
