import type { z } from "zod";
import { rules } from "../../rules/index.js";
import type { RuleModule } from "../rule-kit/define-rule.js";

export function allRules(): ReadonlyArray<RuleModule<any>> {
  return rules;
}

export function findRule(id: string): RuleModule<any> | undefined {
  return rules.find((rule) => rule.meta.id === id);
}

/** Option schemas by rule id, for validating `rules:` in the repo config. */
export function ruleOptionSchemas(): Record<string, z.ZodObject> {
  return Object.fromEntries(rules.map((rule) => [rule.meta.id, rule.meta.options]));
}
