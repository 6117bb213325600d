import { amount, usdPerMonth } from "../report/money.js";

/** Fills `{{name}}`, `{{name:usd}}` and `{{name:int}}` placeholders; an unknown name is a bug in the rule. */
export function fillTemplate(template: string, data: Record<string, string | number>, ruleId: string): string {
  return template.replace(/\{\{(\w+)(?::(usd|int))?\}\}/g, (_, name: string, format?: string) => {
    const value = data[name];
    if (value === undefined) throw new Error(`rule ${ruleId}: message uses {{${name}}} but reported no such data`);
    if (format === "usd") return usdPerMonth(Number(value));
    if (format === "int") return amount(Math.round(Number(value)));
    return String(value);
  });
}
