import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import type { Report } from "../../src/model/report.js";

const ROOT = join(import.meta.dirname, "..", "..");
const PR = "fixtures/prs/python-guardrail";
const perMonth = (perDay: number) => (perDay * 730) / 24;
const cents = (n: number) => Math.round(n * 100) / 100;

/*
 * The pull request puts the support assistant's Converse call behind the guardrail infra/guardrail.tf
 * declares (content filters and denied topics at $0.15 per 1,000 text units each, word filters free),
 * and adds an ApplyGuardrail check of drafts. The guardrail id comes from an environment variable; the
 * repository declares one guardrail, so that is the one.
 */
describe("bedrock-cost diff on a call put behind a guardrail (python-guardrail)", () => {
  it("adds the guardrail's text units to the call and prices the ApplyGuardrail check, by hand", async () => {
    let stdout = "";
    const code = await runCli(["diff", "--base", `${PR}/base`, "--head", `${PR}/head`, "--format", "json"], { cwd: ROOT, stdout: (t) => (stdout += t), stderr: () => {} });
    const report = JSON.parse(stdout) as Report;
    const answer = report.sites.find((s) => s.key === "app/support.py#answer#converse#0")!;
    // 2,000 requests a day; Nova Pro $0.80 / $3.20 per 1M; 2,000 input tokens (8,000 characters: 8 units)
    // + 500 output (2,000 characters: 2 units) = 10 units a call at $0.30 per 1,000.
    const model = perMonth(2000) * (2000 * 0.8 + 500 * 3.2) / 1e6;
    const guardrail = (perMonth(2000) * 10 / 1000) * 0.3;
    expect([answer.change, answer.base!.monthlyCost, answer.head!.monthlyCost]).toEqual(["modified", cents(model), cents(model + guardrail)]);
    expect(answer.head!.monthlyCost).toBe(377.17);
    // 500 drafts a day, 1,200 output tokens each (4,800 characters: 5 units), the answer only.
    const check = report.sites.find((s) => s.key === "app/support.py#check_draft#apply_guardrail#0")!;
    expect([check.change, check.head!.monthlyCost]).toEqual(["added", cents(perMonth(500) * 5 / 1000 * 0.3)]);
    expect(check.head!.monthlyCost).toBe(22.81);
    expect(report.totals).toMatchObject({ base: 194.67, head: 399.98, delta: 205.31, unpricedHead: 0 });
    expect(code).toBe(0);
  });

  it("names the guardrail where the model would stand, in the comment", async () => {
    let stdout = "";
    await runCli(["diff", "--base", `${PR}/base`, "--head", `${PR}/head`], { cwd: ROOT, stdout: (t) => (stdout += t), stderr: () => {} });
    expect(stdout).toContain("| `app/support.py:23` `check_draft` | added: guardrail support (infra/guardrail.tf:1) | — | $22.81/mo | +$22.81/mo |");
  });
});
