import { calcPrice, findProvider, type ModelPrice } from "@pydantic/genai-prices";
import { versionsAgree } from "../model-id.js";

/**
 * Reads the Bedrock ("aws") prices of the npm package @pydantic/genai-prices (source GP in rules.json),
 * the maintained, versioned price list the catalog is checked against. A dev-time source only: the
 * catalog itself stays bundled JSON, and nothing here runs when a review prices a PR.
 */

export const PACKAGE = "@pydantic/genai-prices";

/** USD per 1M tokens of one route; null where the source gives no price. */
export interface SourceTokenPrices {
  input: number | null;
  output: number | null;
  cache_write_5m: number | null;
  cache_write_1h: number | null;
  cache_read: number | null;
  /** Speech tokens (Nova Sonic), which the catalog prices as input/output of a speech model. */
  audio_input: number | null;
  audio_output: number | null;
}

export interface SourceModel {
  /** GP's id, e.g. `global.anthropic.claude-opus-4-6-v1:0` or `regional.…`. */
  sourceId: string;
  /** The Bedrock model id it prices, without GP's `global.` / `regional.` marker. */
  baseId: string;
  /** The global-profile rate; for a model GP lists once, its only rate. */
  global: SourceTokenPrices;
  /** The geographic / in-region rate, when GP lists it apart from the global one. */
  regional: SourceTokenPrices | null;
}

/** GP marks the route in its ids; the rest is the Bedrock model id. */
const ROUTE_MARKER = /^(?:global|regional)\./;

function baseIdOf(sourceId: string): string {
  return sourceId.replace(ROUTE_MARKER, "");
}

/**
 * GP's prices for a catalog model, as of `at`, or null when GP does not list it. GP matches ids
 * loosely (`contains`), so a match counts only when GP's own id names the same model and version:
 * `amazon.titan-embed-text-v2:0` matches GP's v1 entry and must not take its price.
 */
export function sourcePricesFor(catalogId: string, at: Date): SourceModel | null {
  const lookup = (id: string) => {
    const result = calcPrice({ input_tokens: 0 }, id, { providerId: "aws", timestamp: at });
    if (!result || !versionsAgree(baseIdOf(result.model.id), catalogId)) return null;
    return { sourceId: result.model.id, prices: tokenPrices(result.model_price) };
  };
  const global = lookup(`global.${catalogId}`);
  const regional = lookup(catalogId);
  const first = global ?? regional;
  if (!first) return null;
  const separate = global !== null && regional !== null && global.sourceId !== regional.sourceId;
  return {
    sourceId: first.sourceId,
    baseId: catalogId,
    global: first.prices,
    regional: separate ? regional.prices : null,
  };
}

/** Every Bedrock model GP lists, by the model id it prices (global and regional entries merged). */
export function sourceModelIds(): string[] {
  const provider = findProvider({ providerId: "aws" });
  if (!provider) throw new Error(`${PACKAGE} has no "aws" provider: its data format changed; update catalog-sync`);
  return [...new Set(provider.models.map((m) => baseIdOf(m.id)))].sort();
}

function tokenPrices(price: ModelPrice): SourceTokenPrices {
  return {
    input: rate(price.input_mtok),
    output: rate(price.output_mtok),
    cache_write_5m: rate(price.cache_write_mtok),
    cache_write_1h: rate(price.cache_write_1h_mtok),
    cache_read: rate(price.cache_read_mtok),
    audio_input: rate(price.input_audio_mtok),
    audio_output: rate(price.output_audio_mtok),
  };
}

/** A flat price, or the base of a tiered one (the tiers are long-context rates, priced by rules.json). */
function rate(value: ModelPrice[string]): number | null {
  if (value === undefined) return null;
  return typeof value === "number" ? value : value.base;
}
