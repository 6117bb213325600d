import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/model/report.js";
import { evaluatePolicy, type PolicySettings } from "../../src/policy/evaluate.js";
import { report, siteChange } from "./harness.js";

const where = () => "base config";
const finding = (level: Finding["level"]): Finding => ({
  ruleId: "r", level, path: "a.ts", line: 1, column: 1, endLine: 1, message: "m", why: "w", fix: "f", monthlySavings: null,
});

describe("evaluatePolicy", () => {
  const cases: Array<{ name: string; base: number; head: number; policy: PolicySettings; findings?: Finding[]; draft?: boolean; configured?: boolean; conclusion: string; reasons: string[] }> = [
    { name: "within the USD limit", base: 1000, head: 1400, policy: { max_monthly_increase_usd: 500, fail_on_level: "error" }, conclusion: "success", reasons: [] },
    { name: "exactly at the USD limit", base: 1000, head: 1500, policy: { max_monthly_increase_usd: 500, fail_on_level: "error" }, conclusion: "success", reasons: [] },
    {
      name: "over the USD limit", base: 1000, head: 1500.01, policy: { max_monthly_increase_usd: 500, fail_on_level: "error" }, conclusion: "failure",
      reasons: ["Monthly cost rises by +$500/mo, over the limit of $500/mo (policy.max_monthly_increase_usd in base config)."],
    },
    {
      name: "over the percent limit", base: 200, head: 260, policy: { max_monthly_increase_percent: 25, fail_on_level: "error" }, conclusion: "failure",
      reasons: ["Monthly cost rises by +30.0%, over the limit of +25% (policy.max_monthly_increase_percent in base config)."],
    },
    {
      name: "from $0, any increase is over a percent limit", base: 0, head: 40, policy: { max_monthly_increase_percent: 1000, fail_on_level: "error" }, conclusion: "failure",
      reasons: ["Monthly cost rises from $0 to $40.00/mo, over the limit of +1000% (policy.max_monthly_increase_percent in base config)."],
    },
    { name: "a decrease never fails a limit", base: 5000, head: 100, policy: { max_monthly_increase_usd: 0, max_monthly_increase_percent: 0, fail_on_level: "never" }, conclusion: "success", reasons: [] },
    {
      name: "an error finding fails at fail_on_level: error", base: 100, head: 100, policy: { fail_on_level: "error" }, findings: [finding("error"), finding("warning")], conclusion: "failure",
      reasons: ["1 error-level finding (policy.fail_on_level: error in base config)."],
    },
    {
      name: "warnings fail at fail_on_level: warning", base: 100, head: 100, policy: { fail_on_level: "warning" }, findings: [finding("warning"), finding("warning"), finding("notice")], conclusion: "failure",
      reasons: ["2 error or warning-level findings (policy.fail_on_level: warning in base config)."],
    },
    { name: "fail_on_level: never ignores findings", base: 100, head: 100, policy: { fail_on_level: "never" }, findings: [finding("error")], conclusion: "success", reasons: [] },
    {
      name: "a draft is never failed", base: 100, head: 900, policy: { max_monthly_increase_usd: 10, fail_on_level: "error" }, draft: true, conclusion: "neutral",
      reasons: ["Monthly cost rises by +$800/mo, over the limit of $10.00/mo (policy.max_monthly_increase_usd in base config)."],
    },
    { name: "advisory until configured", base: 100, head: 100, policy: { fail_on_level: "error" }, findings: [finding("error")], configured: false, conclusion: "neutral", reasons: ["1 error-level finding (policy.fail_on_level: error in base config)."] },
  ];

  it.each(cases)("$name -> $conclusion", ({ base, head, policy, findings = [], draft = false, configured = true, conclusion, reasons }) => {
    const outcome = evaluatePolicy(report(base, head, { findings }), { policy, configured, setIn: where, draft });
    expect(outcome.conclusion).toBe(conclusion);
    expect(outcome.reasons.map((reason) => reason.message)).toEqual(reasons);
  });

  it("a pass with an unpriced changed call under a cost limit is only neutral, and says why", () => {
    const unpriced = report(100, 150, { sites: [siteChange("k", 100, null)] });
    const outcome = evaluatePolicy(unpriced, { policy: { max_monthly_increase_usd: 500, fail_on_level: "error" }, configured: true, setIn: where, draft: false });
    expect(outcome).toEqual({
      conclusion: "neutral",
      reasons: [],
      notes: ["1 changed call or resource could not be priced, so the cost limits were checked against a partial figure."],
    });
  });

  it("a would-be pass with a file that could not be analysed is neutral, naming the file", () => {
    const policy: PolicySettings = { max_monthly_increase_usd: 500, fail_on_level: "error" };
    const skipped = report(100, 150, { skipped: [{ path: "src/big.ts", reason: "larger than 1 MB (1.2 MB)" }] });
    expect(evaluatePolicy(skipped, { policy, configured: true, setIn: where, draft: false })).toEqual({
      conclusion: "neutral",
      reasons: [],
      notes: ["Incomplete analysis: 1 file could not be analysed (`src/big.ts`), so any Bedrock usage in them is missing from the figures and this check cannot pass. See \"Not analysed\" in the report."],
    });
    // Generated files are left out by design (vendored folders are not even listed): they do not make the analysis incomplete.
    const generated = report(100, 150, { skipped: [{ path: "src/api.min.js", reason: "generated file (by its name)", excluded: true }] });
    expect(evaluatePolicy(generated, { policy, configured: true, setIn: where, draft: false })).toMatchObject({ conclusion: "success", notes: [] });
    const unparsable = report(100, 150, { problems: [{ path: "src/a.ts", line: 4, message: "syntax error; file skipped" }, { path: "src/a.ts", message: "again" }] });
    const outcome = evaluatePolicy(unparsable, { policy, configured: false, setIn: where, draft: false });
    expect(outcome.conclusion).toBe("neutral");
    expect(outcome.notes[0]).toContain("1 file could not be analysed (`src/a.ts`)");
  });

  it("an incomplete analysis does not soften a failure", () => {
    const over = report(100, 900, { skipped: [{ path: "src/big.ts", reason: "larger than 1 MB (1.2 MB)" }] });
    const outcome = evaluatePolicy(over, { policy: { max_monthly_increase_usd: 10, fail_on_level: "error" }, configured: true, setIn: where, draft: false });
    expect(outcome.conclusion).toBe("failure");
    expect(outcome.notes).toHaveLength(1);
  });

  it("lists ten files, then a count", () => {
    const many = report(1, 1, { sites: [], skipped: Array.from({ length: 12 }, (_, i) => ({ path: `f${i}.ts`, reason: "binary" })) });
    const outcome = evaluatePolicy(many, { policy: { fail_on_level: "error" }, configured: true, setIn: where, draft: false });
    expect(outcome.notes[0]).toContain("12 files could not be analysed (`f0.ts`, `f1.ts`, `f2.ts`, `f3.ts`, `f4.ts`, `f5.ts`, `f6.ts`, `f7.ts`, `f8.ts`, `f9.ts` and 2 more)");
  });
});
