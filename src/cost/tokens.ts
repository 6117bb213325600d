import type { CatalogModel } from "./catalog.js";

/** Older Claude, Llama and most tokenizers average about 4 characters per token of English text. */
export const DEFAULT_CHARS_PER_TOKEN = 4;

/**
 * Tokens for `chars` characters of static text, rounded up: an estimate only (there is no offline token
 * counter for Bedrock), made per model because newer tokenizers (Opus 4.7+, Sonnet 5) need ~30% more tokens.
 */
export function estimateTokens(chars: number, model?: CatalogModel): number {
  if (!Number.isFinite(chars) || chars < 0) throw new RangeError(`character count must be a non-negative number, got ${chars}`);
  return Math.ceil(chars / (model?.chars_per_token ?? DEFAULT_CHARS_PER_TOKEN));
}
