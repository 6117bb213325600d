import type { Level, Report, SiteChange } from "../model/report.js";
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

function relatedLocations(site: SiteChange | undefined) {
  const places = [
    ...(site?.head?.callers ?? []).map((c) => ({ path: c.path, line: c.line, text: `called from ${c.symbol || c.path}` })),
    ...(site?.via ?? []).filter((ref) => ref.side === "head").map((ref) => ({ path: ref.path, line: ref.line, text: `changed: ${ref.name}` })),
  ];
  if (places.length === 0) return {};
  return {
    relatedLocations: places.map((place, id) => ({
      id,
      physicalLocation: { artifactLocation: { uri: place.path, uriBaseId: "%SRCROOT%" }, region: { startLine: place.line } },
      message: { text: place.text },
    })),
  };
}

/**
 * The gate's verdict as the run's invocation: a failed policy is a finished run that exits 1 (as the CLI
 * does), each reason a notification naming its limit; the limits applied are in its properties.
 */
function invocations(report: Report) {
  const policy = report.policy;
  if (!policy) return {};
  const failed = policy.conclusion === "failure";
  return {
    invocations: [
      {
        executionSuccessful: true,
        exitCode: failed ? 1 : 0,
        exitCodeDescription: failed ? "policy failed" : policy.conclusion === "neutral" ? "policy not confirmed" : "policy passed",
        toolExecutionNotifications: [
          ...policy.reasons.map((reason) => ({ level: failed ? "error" : "warning", message: { text: reason.message }, descriptor: { id: reason.limit } })),
          ...policy.notes.map((note) => ({ level: "note", message: { text: note } })),
        ],
        properties: { policy: { conclusion: policy.conclusion, configured: policy.configured, enforced: policy.enforced, limits: policy.limits } },
      },
    ],
  };
}

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
        ...invocations(report),
        results: report.findings.map((finding) => ({ finding, site: report.sites.find((s) => s.key === finding.siteKey) })).map(({ finding, site }) => ({
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
          // The callers a wrapper's site was priced for, and the changed declarations that moved it.
          ...relatedLocations(site),
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
