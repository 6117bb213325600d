import { amount, usd, usdPerMonth } from "../report/money.js";

/** How a placeholder words its number; rules report raw numbers and never format them. */
const FORMATS: Record<string, (value: number) => string> = {
  usd: usdPerMonth, // $1,234/mo
  total: usd, // $105,120 (a sum owed, not a rate)
  int: (value) => amount(Math.round(value)), // 64,000
  // 35.0B, 420M; NaN: a count the rule could not compute.
  tokens: (value) => (Number.isNaN(value) ? "an unknown number of" : value >= 1e9 ? `${(value / 1e9).toFixed(1)}B` : `${amount(Math.round(value / 1e6))}M`),
};

/**
 * Fills `{{name}}` and `{{name:format}}` placeholders (formats: usd, total, int, tokens); an unknown name
 * or format is a bug in the rule.
 */
export function fillTemplate(template: string, data: Record<string, string | number>, ruleId: string): string {
  return template.replace(/\{\{(\w+)(?::([\w-]+))?\}\}/g, (_, name: string, format?: string) => {
    const value = data[name];
    if (value === undefined) throw new Error(`rule ${ruleId}: message uses {{${name}}} but reported no such data`);
    if (format === undefined) return String(value);
    const word = FORMATS[format];
    if (!word) throw new Error(`rule ${ruleId}: unknown format {{${name}:${format}}}`);
    return word(Number(value));
  });
}
