import { describe, expect, it } from "vitest";
import type { Report } from "../../src/model/report.js";
import { diffFiles, scanFiles } from "../helpers/analyze.js";

const CONFIG = `pricing:
  provisioned:
    - model: "anthropic.claude-3-haiku*"
      hourly_per_model_unit: { one_month: 20.5, six_months: 12.0 }
`;
const pt = (units: number, term: string) => `resource "aws_bedrock_provisioned_model_throughput" "summaries" {
  provisioned_model_name = "summaries"
  model_arn              = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
  model_units            = ${units}
  commitment_duration    = "${term}"
}
`;
const findings = (report: Report) => report.findings.filter((f) => f.ruleId === "provisioned-throughput");

describe("provisioned-throughput", () => {
  it("flags a new 6-month commitment with its monthly cost, term total and break-even", async () => {
    const report = await scanFiles({ "infra/pt.tf": pt(2, "SixMonths") }, CONFIG);
    const [finding, ...rest] = findings(report);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ path: "infra/pt.tf", line: 1, level: "warning", monthlySavings: null });
    // 2 MU × $12.00/h × 730 h = $17,520/mo; × 4,380 h = $105,120 over the term.
    expect(12.0 * 2 * 730).toBe(17520);
    expect(finding!.message).toBe("Provisioned throughput `summaries`: $17,520/mo, $105,120 owed over the 6-month term.");
    // Claude 3 Haiku on demand: (3 × $0.25 + 1 × $1.25) / 4 = $0.50 per 1M → $17,520 buys 35.04B tokens.
    expect(finding!.why).toContain("about 35.0B tokens a month");
    expect(report.resources[0]!.head).toMatchObject({ monthlyCost: 17520, commitmentTotal: 105120 });
  });

  it("flags a commitment that grew, and prices the delta", async () => {
    const report = await diffFiles({ "infra/pt.tf": pt(1, "OneMonth") }, { "infra/pt.tf": pt(2, "OneMonth") }, CONFIG);
    expect(findings(report)).toHaveLength(1);
    // 1 → 2 MU at $20.50/h: +$14,965/mo.
    expect(report.resources[0]).toMatchObject({ change: "modified", monthlyDelta: 20.5 * 730 });
  });

  it.each([
    ["an unchanged commitment", pt(2, "SixMonths"), pt(2, "SixMonths") + "\n# a comment\n"],
    ["a removed commitment", pt(2, "SixMonths"), ""],
  ])("does not flag %s", async (_name, before, after) => {
    expect(findings(await diffFiles({ "infra/pt.tf": before }, { "infra/pt.tf": after }, CONFIG))).toEqual([]);
  });

  it("lists a commitment without a known rate under 'cannot price', with the YAML to add — never $0", async () => {
    const report = await scanFiles({ "infra/pt.tf": pt(2, "SixMonths") });
    expect(findings(report)).toEqual([]);
    expect(report.resources[0]!.head!.monthlyCost).toBeNull();
    expect(report.unpriced).toEqual([{ path: "infra/pt.tf", line: 1, reason: expect.stringContaining("hourly_per_model_unit: { six_months:") }]);
  });
});
