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
      report({ at: { location, key, callers }, data, monthlySavings, suggestion }) {
        // A wrapper's site is priced per caller path: each path's finding says which caller it is for.
        const caller = callers?.[callers.length - 1];
        const forCaller = caller ? `for the call from ${caller.symbol ? `\`${caller.symbol}\` ` : ""}${caller.path}:${caller.line}` : "";
        const finding: Finding = {
          ruleId: rule.meta.id,
          level,
          path: location.path,
          line: location.line,
          column: location.column,
          endLine: location.endLine,
          message: forCaller ? withCaller(fillTemplate(rule.meta.messages.message, data, rule.meta.id), forCaller) : fillTemplate(rule.meta.messages.message, data, rule.meta.id),
          why: fillTemplate(rule.meta.messages.why, data, rule.meta.id),
          fix: fillTemplate(rule.meta.messages.fix, data, rule.meta.id),
          monthlySavings: monthlySavings === null ? null : Math.round(monthlySavings * 100) / 100,
          siteKey: key,
          ...(suggestion ? { suggestion } : {}),
        };
        // At the site, or above the call of the caller path it is for.
        const suppression =
          findSuppression(input.suppressions.get(location.path), rule.meta.id, location.line, location.endLine) ??
          callers?.map((c) => findSuppression(input.suppressions.get(c.path), rule.meta.id, c.line, c.line)).find((s) => s !== undefined);
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

/** "Cap it." + "for the call from X" -> "Cap it — for the call from X." */
function withCaller(message: string, forCaller: string): string {
  return message.endsWith(".") ? `${message.slice(0, -1)} — ${forCaller}.` : `${message} — ${forCaller}`;
}

/** A suppression applies on the finding's own lines or on the line right above its start. */
function findSuppression(list: readonly Suppression[] | undefined, ruleId: string, line: number, endLine: number) {
  return list?.find((s) => s.ruleId === ruleId && s.line >= line - 1 && s.line <= endLine);
}
