/**
 * Money as people read it: "$1,234/mo", "$12.50/mo", "+$1,890/mo (+10.0%)".
 * Figures of $100 and more drop the cents (they are estimates; cents would be false precision),
 * smaller ones keep them so a $0.42 site does not read as $0.
 */
const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const cents = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function usd(amount: number): string {
  const abs = Math.abs(amount);
  const body = abs >= 100 ? whole.format(Math.round(abs)) : cents.format(abs);
  return `${amount < 0 && body !== "0.00" && body !== "0" ? "-" : ""}$${body}`;
}

export function usdPerMonth(amount: number): string {
  return `${usd(amount)}/mo`;
}

/** A change: always signed, "+$0.00/mo" for no change. */
export function signedUsdPerMonth(delta: number): string {
  const formatted = usd(Math.abs(delta));
  const sign = delta < 0 && formatted !== "$0.00" ? "-" : "+";
  return `${sign}${formatted}/mo`;
}

export function signedPercent(percent: number | null): string {
  if (percent === null) return "new";
  // Half away from zero, so -3.25% and +3.25% read alike.
  const rounded = Math.round(Math.abs(percent) * 10) / 10;
  return `${percent < 0 && rounded > 0 ? "-" : "+"}${rounded.toFixed(1)}%`;
}

/** Token counts and rates: grouped, at most two decimals ("30,416.67", "1,500"). */
export function amount(n: number): string {
  return count.format(n);
}

/** Per-1M-token price: "$3.30/1M". Up to 4 decimals for cheap models ($0.0175). */
export function pricePerMillion(price: number): string {
  return `$${Number(price.toFixed(4)).toString()}/1M`;
}

/** Per-unit price of a model billed per image, second or query: "$0.06/image", "$0.002/query". */
export function pricePerUnit(price: number, unit: string): string {
  return `$${Number(price.toFixed(4)).toString()}/${unit}`;
}

/** Rounds dollars to cents in integer arithmetic so sums of rounded figures stay exact. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

export function fromCents(cents: number): number {
  return cents / 100;
}
