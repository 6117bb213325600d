import type { CatalogEntry, PriceField } from "../catalog.js";
import type { SourceModel, SourceTokenPrices } from "./genai-prices.js";

/** One figure where the catalog and the source disagree. */
export interface Difference {
  id: string;
  field: PriceField | "regional_premium";
  catalog: number | boolean | null;
  source: number | boolean;
}

/** Which source price each catalog price is checked against, by the kind of model. */
const CHECKED: Record<CatalogEntry["kind"], Array<[PriceField, keyof SourceTokenPrices]>> = {
  text: [
    ["input", "input"],
    ["output", "output"],
    ["cache_write_5m", "cache_write_5m"],
    ["cache_write_1h", "cache_write_1h"],
    ["cache_read", "cache_read"],
  ],
  embedding: [["input", "input"]],
  // GP's plain input/output of a speech model are its text tokens; the catalog prices speech tokens.
  speech: [
    ["input", "audio_input"],
    ["output", "audio_output"],
  ],
};

/**
 * Where the catalog entry disagrees with the source. A price the source does not give is no
 * disagreement (GP lists no Nova cache writes, no batch prices); one the catalog lacks is.
 */
export function compareWithSource(entry: CatalogEntry, source: SourceModel): Difference[] {
  const differences: Difference[] = [];
  for (const [field, theirs] of sourceFigures(entry, source)) {
    const ours = entry.prices[field];
    if (ours === null || !same(ours, theirs)) differences.push({ id: entry.id, field, catalog: ours, source: theirs });
  }
  const premium = regionalPremium(source);
  if (premium !== null && premium !== entry.regional_premium) {
    differences.push({ id: entry.id, field: "regional_premium", catalog: entry.regional_premium, source: premium });
  }
  return differences;
}

/** The catalog prices the source gives a figure for, with its (global-route) figure. */
export function sourceFigures(entry: CatalogEntry, source: SourceModel): Array<[PriceField, number]> {
  return CHECKED[entry.kind].flatMap(([field, sourceField]) => {
    const theirs = source.global[sourceField];
    return theirs === null ? [] : [[field, theirs] as [PriceField, number]];
  });
}

/** True when the source's regional rate is the global one plus 10%, false when equal, null when it does not say. */
function regionalPremium(source: SourceModel): boolean | null {
  const global = source.global.input;
  const regional = source.regional?.input ?? null;
  if (global === null || regional === null || global === 0) return null;
  const ratio = regional / global;
  if (Math.abs(ratio - 1.1) < 0.005) return true;
  if (Math.abs(ratio - 1) < 0.005) return false;
  return null;
}

/** Prices are decimals in USD per 1M tokens; equal to a part in a billion. */
function same(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}
