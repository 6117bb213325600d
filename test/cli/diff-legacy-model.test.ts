import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import type { Report } from "../../src/model/report.js";

const ROOT = join(import.meta.dirname, "..", "..");
const PR = "fixtures/prs/python-legacy-model";
const perMonth = (perDay: number) => (perDay * 730) / 24;
const cents = (n: number) => Math.round(n * 100) / 100;

/*
 * The pull request changes only a shared constant: the report summary moves off Claude 3.5 Sonnet v2
 * (public extended access, $6 / $30 per 1M) to Claude Sonnet 4.6 through the eu. profile, written with
 * a version suffix the catalog id lacks; and it adds a triage call on DeepSeek V3.2. The service is
 * deployed to eu-central-1 (infra/main.tf), where DeepSeek V3.2 lists at $0.74 / $2.22.
 */
describe("bedrock-cost diff on a legacy model replaced through a shared constant (python-legacy-model)", () => {
  it("prices each side at its model's rates and Region, by hand", async () => {
    let stdout = "";
    const code = await runCli(["diff", "--base", `${PR}/base`, "--head", `${PR}/head`, "--format", "json"], { cwd: ROOT, stdout: (t) => (stdout += t), stderr: () => {} });
    const report = JSON.parse(stdout) as Report;
    const summary = report.sites.find((s) => s.key === "app/reports.py#summarise#converse#0")!;
    // 3,000 requests a day; 1,500 input tokens and 400 output (the cap) a call.
    const legacy = perMonth(3000) * (1500 * 6 + 400 * 30) / 1e6;
    const sonnet = perMonth(3000) * (1500 * 3 * 1.1 + 400 * 15 * 1.1) / 1e6;
    expect([summary.change, summary.base!.monthlyCost, summary.head!.monthlyCost]).toEqual(["modified", cents(legacy), cents(sonnet)]);
    expect([summary.base!.monthlyCost, summary.head!.monthlyCost]).toEqual([1916.25, 1053.94]);
    expect(summary.base!.costNotes).toContain(
      "Claude 3.5 Sonnet v2: public extended access at the provider's higher rates (AWS model lifecycle); current equivalent Claude Sonnet 4.6",
    );
    expect(summary.head!.costNotes).toContain("`anthropic.claude-sonnet-4-6-v1:0` matched `anthropic.claude-sonnet-4-6` ignoring the version suffix");
    // 1,000 requests a day (default); 1,500 input tokens, 50 output (the cap) at the eu-central-1 rates.
    const triage = report.sites.find((s) => s.key === "app/reports.py#triage#converse#0")!;
    expect([triage.change, triage.head!.monthlyCost]).toEqual(["added", cents(perMonth(1000) * (1500 * 0.74 + 50 * 2.22) / 1e6)]);
    expect(triage.head!.costNotes).toContain("Region eu-central-1 (from the deployment (infra/main.tf:2)): its list price 0.74/2.22 per 1M (LL)");
    expect(report.totals).toMatchObject({ base: 1916.25, head: 1091.08, delta: -825.17, unpricedBase: 0, unpricedHead: 0 });
    expect(code).toBe(0);
  });
});
