import type { Level, Report } from "../model/report.js";
import type { RuleModule } from "../rule-kit/define-rule.js";
import { usdPerMonth } from "./money.js";

/** SARIF 2.1.0 for code scanning: one run, the rules as the driver's catalogue, findings as results. */
export interface SarifOptions {
  rules: ReadonlyArray<RuleModule<any>>;
  version: string;
  /** Where a rule's documentation lives, by id. */
  helpUri: (ruleId: string) => string;
}

const SARIF_LEVEL: Record<Level | "off", "error" | "warning" | "note" | "none"> = {
  error: "error",
  warning: "warning",
  notice: "note",
  off: "none",
};

export function renderSarif(report: Report, options: SarifOptions): string {
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "bedrock-cost-review",
            version: options.version,
            informationUri: options.helpUri(""),
            rules: options.rules.map((rule) => ({
              id: rule.meta.id,
              name: rule.meta.title,
              shortDescription: { text: rule.meta.title },
              fullDescription: { text: rule.meta.description },
              helpUri: options.helpUri(rule.meta.id),
              defaultConfiguration: { level: SARIF_LEVEL[rule.meta.defaultLevel] },
            })),
          },
        },
        results: report.findings.map((finding) => ({
          ruleId: finding.ruleId,
          level: SARIF_LEVEL[finding.level],
          message: { text: `${finding.message} ${finding.why} Fix: ${finding.fix}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: finding.path, uriBaseId: "%SRCROOT%" },
                region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine },
              },
            },
          ],
          // Stable across runs for the same finding, so code scanning tracks it instead of re-opening it.
          partialFingerprints: { "bedrockCostSite/v1": `${finding.ruleId}:${finding.siteKey ?? `${finding.path}:${finding.line}`}` },
          properties: {
            monthlySavingsUsd: finding.monthlySavings,
            ...(finding.monthlySavings ? { monthlySavings: usdPerMonth(finding.monthlySavings) } : {}),
          },
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}
