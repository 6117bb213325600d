import { describe, expect, it } from "vitest";
import { isMediaModel, loadCatalog } from "../../../src/cost/catalog.js";
import { estimateTokens } from "../../../src/cost/tokens.js";

const catalog = loadCatalog();
const model = (id: string) => {
  const resolution = catalog.resolve(id);
  if (!resolution.ok) throw new Error(resolution.reason);
  if (isMediaModel(resolution.model)) throw new Error(`${id} is not billed per token`);
  return resolution.model;
};

describe("estimateTokens", () => {
  const table: Array<[string, number, string | undefined, number]> = [
    ["no model: 4 chars per token", 4_000, undefined, 1_000],
    ["rounds up", 4_001, undefined, 1_001],
    ["empty text", 0, undefined, 0],
    ["Sonnet 4.5: 4 chars per token", 16_384, "anthropic.claude-sonnet-4-5-20250929-v1:0", 4_096],
    ["Opus 4.7 tokenizer: 3.08 chars per token, ~30% more tokens", 4_000, "anthropic.claude-opus-4-7", 1_299], // 4,000 / 3.08 = 1,298.7
    ["Sonnet 5 tokenizer", 16_384, "anthropic.claude-sonnet-5", 5_320], // 16,384 / 3.08 = 5,319.5
  ];
  it.each(table)("%s", (_, chars, id, tokens) => {
    expect(estimateTokens(chars, id ? model(id) : undefined)).toBe(tokens);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])("rejects %s characters", (chars) => {
    expect(() => estimateTokens(chars)).toThrow(RangeError);
  });
});
