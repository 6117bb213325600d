import type { Suppression } from "../extract/directives.js";
import type { PricedResourceFact, PricedSite, Reprice } from "../model/priced-site.js";
import type { Finding, Level, SuppressedFinding } from "../model/report.js";
import type { RuleModule } from "../rule-kit/define-rule.js";
import { fillTemplate } from "./wording.js";

/** A rule's effective setting after the repo config: its level and validated options. */
export interface RuleSetting {
  level: Level | "off";
  options: unknown;
}

export interface RunRulesInput {
  rules: ReadonlyArray<RuleModule<any>>;
  /** Settings by rule id; rules without an entry run at their default level with default options. */
  settings: ReadonlyMap<string, RuleSetting>;
  sites: readonly PricedSite[];
  resources: readonly PricedResourceFact[];
  reprice: Reprice;
  /** `bedrock-cost-ignore` comments by path. */
  suppressions: ReadonlyMap<string, readonly Suppression[]>;
}

export interface RunRulesResult {
  findings: Finding[];
  suppressed: SuppressedFinding[];
}

export function runRules(input: RunRulesInput): RunRulesResult {
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const rule of input.rules) {
    const setting = input.settings.get(rule.meta.id);
    const level = setting?.level ?? rule.meta.defaultLevel;
    if (level === "off") continue;
    const options = setting?.options ?? rule.meta.options.parse({});
    rule.create({
      options,
      sites: input.sites,
      resources: input.resources,
      reprice: input.reprice,
      report({ at: { location, key }, data, monthlySavings, suggestion }) {
        const finding: Finding = {
          ruleId: rule.meta.id,
          level,
          path: location.path,
          line: location.line,
          column: location.column,
          endLine: location.endLine,
          message: fillTemplate(rule.meta.messages.message, data, rule.meta.id),
          why: fillTemplate(rule.meta.messages.why, data, rule.meta.id),
          fix: fillTemplate(rule.meta.messages.fix, data, rule.meta.id),
          monthlySavings: monthlySavings === null ? null : Math.round(monthlySavings * 100) / 100,
          siteKey: key,
          ...(suggestion ? { suggestion } : {}),
        };
        const suppression = findSuppression(input.suppressions.get(location.path), rule.meta.id, location.line, location.endLine);
        if (suppression) suppressed.push({ finding, reason: suppression.reason, line: suppression.line });
        else findings.push(finding);
      },
    });
  }
  const byPlace = (a: Finding, b: Finding) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.ruleId.localeCompare(b.ruleId);
  findings.sort(byPlace);
  suppressed.sort((a, b) => byPlace(a.finding, b.finding));
  return { findings, suppressed };
}

/** A suppression applies on the finding's own lines or on the line right above its start. */
function findSuppression(list: readonly Suppression[] | undefined, ruleId: string, line: number, endLine: number) {
  return list?.find((s) => s.ruleId === ruleId && s.line >= line - 1 && s.line <= endLine);
}
