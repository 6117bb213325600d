/**
 * A number an operator sets through an environment variable, or `fallback` when it is unset, empty or
 * not acceptable: greater than 0 by default, or at least `atLeast`; a whole number when `integer`.
 */
export function envNumber(value: string | undefined, fallback: number, rule: { integer?: boolean; atLeast?: number } = {}): number {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || (rule.integer && !Number.isInteger(n))) return fallback;
  return (rule.atLeast === undefined ? n > 0 : n >= rule.atLeast) ? n : fallback;
}
