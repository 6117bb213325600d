import { describe, expect, it } from "vitest";
import { loadCatalog, type CatalogModel, type Resolution } from "../../../src/cost/catalog.js";
import { effectiveRates, type RateOptions, type RatesResult } from "../../../src/cost/rates.js";

const catalog = loadCatalog();
const STANDARD: RateOptions = { tier: "standard", batch: false, cacheTtl: "5m", inputTokensPerCall: 2_000 };

function rates(id: string, options: Partial<RateOptions> = {}, cat = catalog): RatesResult {
  // Every id here names a model billed per token.
  return effectiveRates(cat.resolve(id) as Resolution<CatalogModel>, { ...STANDARD, ...options }, cat);
}

/** [input, output, cacheWrite, cacheRead] rounded to 10 decimals, so 3 × 1.1 reads as 3.3. */
function prices(result: RatesResult): Array<number | null> | string {
  if (!result.ok) return result.reason;
  return [result.input, result.output, result.cacheWrite, result.cacheRead].map((p) => (p === null ? null : Number(p.toFixed(10))));
}

const SONNET_45 = "anthropic.claude-sonnet-4-5-20250929-v1:0";

describe("effectiveRates", () => {
  const table: Array<[string, string, Partial<RateOptions>, Array<number | null> | string, string[]]> = [
    ["Sonnet 4.5 global: base rate", `global.${SONNET_45}`, {}, [3, 15, 3.75, 0.3], ["global profile: base rate"]],
    ["Sonnet 4.5 us.: ×1.1 on every kind", `us.${SONNET_45}`, {}, [3.3, 16.5, 4.125, 0.33], ["us. geo profile ×1.1 (regional premium over the global profile)"]],
    ["Sonnet 4.5 bare in-region id: ×1.1", SONNET_45, {}, [3.3, 16.5, 4.125, 0.33], ["in-region id ×1.1 (regional premium over the global profile)"]],
    ["Sonnet 4 us.: older model, no premium", "us.anthropic.claude-sonnet-4-20250514-v1:0", {}, [3, 15, 3.75, 0.3], ["us. geo profile: no regional premium for Claude Sonnet 4"]],
    ["Haiku 4.5 global, 1h cache write is 2× input", "global.anthropic.claude-haiku-4-5-20251001-v1:0", { cacheTtl: "1h" }, [1, 5, 2, 0.1], ["global profile: base rate"]],
    [
      "Sonnet 4 asked for 1h: priced as 5m, said so",
      "anthropic.claude-sonnet-4-20250514-v1:0",
      { cacheTtl: "1h" },
      [3, 15, 3.75, 0.3],
      ["Claude Sonnet 4 lists no 1-hour cache TTL: cache writes priced at the 5-minute rate"],
    ],
    ["Nova Micro: listed read price, writes at the input price", "us.amazon.nova-micro-v1:0", {}, [0.035, 0.14, 0.035, 0.00875], ["us. geo profile: no regional premium for Amazon Nova Micro"]],
    ["Nova 2 Lite us.: the reference's 0.33/2.75, read 0.0825", "us.amazon.nova-2-lite-v1:0", {}, [0.33, 2.75, 0.33, 0.0825], ["us. geo profile ×1.1 (regional premium over the global profile)"]],
    [
      "Nova Micro eu.: the EU list price, cache prices moved with it",
      "eu.amazon.nova-micro-v1:0",
      {},
      [0.046, 0.184, 0.046, 0.0115],
      ["Region eu. profile: its list price 0.046/0.184 per 1M (LL)"],
    ],
    [
      "Nova Micro bare id from a client in ap-southeast-1: the APAC list price",
      "amazon.nova-micro-v1:0",
      { siteRegion: { name: "ap-southeast-1", from: "its client" } },
      [0.037, 0.148, 0.037, 0.00925],
      ["Region ap-southeast-1 (from its client): its list price 0.037/0.148 per 1M (LL)"],
    ],
    ["Nova Micro global profile from an EU client: one global price", "global.amazon.nova-micro-v1:0", { siteRegion: { name: "eu-west-1", from: "its client" } }, [0.035, 0.14, 0.035, 0.00875], ["global profile: base rate"]],
    [
      "Nova Micro eu.: source-Region price unknown for another model",
      "eu.amazon.nova-lite-v1:0",
      {},
      [0.06, 0.24, 0.06, 0.015],
      ["eu. geo profile: billed at the source Region's price, which may differ from the us-east-1 price used here"],
    ],
    [
      "Sonnet 4.5 us-gov.: GovCloud ×1.2, not the commercial ×1.1",
      `us-gov.${SONNET_45}`,
      {},
      [3.6, 18, 4.5, 0.36],
      ["AWS GovCloud (US): ×1.2 over the global profile (LL, unconfirmed)"],
    ],
    [
      "Claude 3 Haiku from a GovCloud client: commercial rate, said",
      "anthropic.claude-3-haiku-20240307-v1:0",
      { siteRegion: { name: "us-gov-west-1", from: "its client" } },
      [0.25, 1.25, null, null],
      [
        "Region us-gov-west-1 (from its client): priced at us-east-1 list prices; the catalog has no price of its own for that Region",
        "AWS GovCloud (US): priced at the commercial rate; the catalog has no AWS GovCloud (US) price for Claude 3 Haiku",
      ],
    ],
    ["Nova Pro flex ×0.5", "amazon.nova-pro-v1:0", { tier: "flex" }, [0.4, 1.6, 0.4, 0.1], ["flex tier ×0.5 (unconfirmed multiplier)"]],
    ["Nova Pro priority ×1.75", "amazon.nova-pro-v1:0", { tier: "priority" }, [1.4, 5.6, 1.4, 0.35], ["priority tier ×1.75 (unconfirmed multiplier)"]],
    ["gpt-oss-20b flex ×0.5", "openai.gpt-oss-20b-1:0", { tier: "flex" }, [0.035, 0.15, null, null], ["flex tier ×0.5 (unconfirmed multiplier)"]],
    [
      "flex on a model without flex: standard, the dearer outcome",
      `global.${SONNET_45}`,
      { tier: "flex" },
      [3, 15, 3.75, 0.3],
      ["global profile: base rate", "Claude Sonnet 4.5 does not list the flex tier (Bedrock rejects unsupported tiers): priced at standard, the dearer outcome"],
    ],
    [
      "priority on a model without priority: ×1.75, the dearer outcome",
      "global.anthropic.claude-haiku-4-5-20251001-v1:0",
      { tier: "priority" },
      [1.75, 8.75, 2.1875, 0.175],
      ["global profile: base rate", "Claude Haiku 4.5 does not list the priority tier (Bedrock rejects unsupported tiers): priced at ×1.75 (unconfirmed multiplier), the dearer outcome"],
    ],
    [
      "Haiku 4.5 batch: batch prices, no cache rates",
      "global.anthropic.claude-haiku-4-5-20251001-v1:0",
      { batch: true },
      [0.5, 2.5, null, null],
      ["batch ×0.5 (batch price list); cache discounts are not combined with batch", "global profile: base rate"],
    ],
    [
      "batch ignores the tier",
      "meta.llama3-1-8b-instruct-v1:0",
      { batch: true, tier: "priority" },
      [0.11, 0.11, null, null],
      ["batch ×0.5 (batch price list); cache discounts are not combined with batch", "priority tier ignored: batch jobs bill at batch prices"],
    ],
    ["batch on a model without batch prices", "anthropic.claude-sonnet-4-20250514-v1:0", { batch: true }, "Claude Sonnet 4 has no batch price: batch inference is not listed for it", []],
    [
      "reserved cannot be priced",
      `global.${SONNET_45}`,
      { tier: "reserved" },
      "reserved tier: billed under a reserved-capacity agreement arranged with AWS, not at a per-token list price",
      [],
    ],
    [
      "Sonnet 4.5 us. above 200K input: ×2 / ×1.5 then ×1.1 (LL's 6.60/24.75)",
      `us.${SONNET_45}`,
      { inputTokensPerCall: 250_000 },
      [6.6, 24.75, 8.25, 0.66],
      ["long context >200K input ×2 / ×1.5", "us. geo profile ×1.1 (regional premium over the global profile)"],
    ],
    ["Sonnet 4.5 at exactly 200K input: standard", `global.${SONNET_45}`, { inputTokensPerCall: 200_000 }, [3, 15, 3.75, 0.3], ["global profile: base rate"]],
    ["Sonnet 4.6 bills 1M at standard rates", "global.anthropic.claude-sonnet-4-6", { inputTokensPerCall: 250_000 }, [3, 15, 3.75, 0.3], ["global profile: base rate"]],
    ["embedding: no output price", "amazon.titan-embed-text-v2:0", {}, [0.02, null, null, null], []],
    [
      "foundation-model ARN outside us-east-1",
      `arn:aws:bedrock:eu-west-1::foundation-model/${SONNET_45}`,
      {},
      [3.3, 16.5, 4.125, 0.33],
      ["Region eu-west-1 (from its ARN): priced at us-east-1 list prices; the catalog has no price of its own for that Region", "in-region id ×1.1 (regional premium over the global profile)"],
    ],
    [
      "ca. prefix: priced, doubt stated",
      `ca.${SONNET_45}`,
      {},
      [3.3, 16.5, 4.125, 0.33],
      ["`ca.` is not a confirmed cross-Region profile prefix; priced like the other geographic profiles", "ca. geo profile ×1.1 (regional premium over the global profile)"],
    ],
    ["unknown model: the resolution's reason", "anthropic.claude-instant-v1", {}, "unknown model id `anthropic.claude-instant-v1`: add it under pricing.models in .github/bedrock-cost.yml", []],
  ];

  it.each(table)("%s", (_, id, options, expected, notes) => {
    const result = rates(id, options);
    expect(prices(result)).toEqual(expected);
    expect(result.notes).toEqual(notes);
  });

  it("prices a call whose Region nothing names at pricing.region, and an ARN's Region over it", () => {
    const inFrankfurt = loadCatalog({ region: "eu-central-1" });
    const bare = rates("deepseek.v3.2", {}, inFrankfurt);
    expect([prices(bare), bare.notes]).toEqual([[0.74, 2.22, null, null], ["Region eu-central-1 (from pricing.region): its list price 0.74/2.22 per 1M (LL)"]]);
    const arn = rates("arn:aws:bedrock:us-east-1::foundation-model/deepseek.v3.2", {}, inFrankfurt);
    expect(prices(arn)).toEqual([0.62, 1.85, null, null]);
  });

  it("applies the config discount last, after the premium", () => {
    const discounted = loadCatalog({ discount_percent: 10 });
    const result = rates(`us.${SONNET_45}`, {}, discounted);
    // 3 × 1.1 × 0.9 = 2.97; 15 × 1.1 × 0.9 = 14.85; 3.75 × 1.1 × 0.9 = 3.7125; 0.3 × 1.1 × 0.9 = 0.297
    expect(prices(result)).toEqual([2.97, 14.85, 3.7125, 0.297]);
    expect(result.notes).toEqual(["us. geo profile ×1.1 (regional premium over the global profile)", "discount 10% (pricing.discount_percent)"]);
  });

  it("names the prices that come from config", () => {
    const configured = loadCatalog({ overrides: [{ model: "anthropic.claude-sonnet-4-5-*", input: 2.5 }] });
    const result = rates(`global.${SONNET_45}`, {}, configured);
    // The cache prices move with the negotiated input price: 1.25× and 0.1× of $2.50.
    expect(prices(result)).toEqual([2.5, 15, 3.125, 0.25]);
    expect(result.notes).toEqual(["input, cache_write_5m, cache_write_1h, cache_read, batch_input from config (pricing.overrides)", "global profile: base rate"]);
  });
});
