import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../../src/cost/catalog.js";
import { estimateSite } from "../../../src/cost/estimate.js";
import type { CallSite } from "../../../src/model/call-site.js";
import type { SiteEstimate } from "../../../src/model/estimate.js";
import type { UsageAssumptions } from "../../../src/model/usage.js";

const catalog = loadCatalog();

function site(overrides: Partial<CallSite> = {}): CallSite {
  return {
    key: "src/a.ts#answer#converse#0",
    location: { path: "src/a.ts", line: 10, column: 3, endLine: 14, endColumn: 5 },
    language: "typescript",
    sdk: "aws-sdk-js-v3",
    api: "converse",
    symbol: "answer",
    ordinal: 0,
    model: { id: "global.anthropic.claude-haiku-4-5-20251001-v1:0", source: "literal" },
    maxTokens: { kind: "absent" },
    cachePoints: { count: 0, locations: [], ttl: "5m" },
    systemPrompt: null,
    serviceTier: { tier: "standard", source: "sdk-default" },
    embedding: false,
    notes: [],
    ...overrides,
  };
}

function usage(values: { requestsPerMonth: number; inputTokens: number; outputTokens: number; cacheHitRate?: number; callsPerRequest?: number; thinkingTokens?: number }): UsageAssumptions {
  const assumption = (value: number) => ({ value, origin: { kind: "config" as const, where: "test" } });
  return {
    requestsPerMonth: assumption(values.requestsPerMonth),
    inputTokens: assumption(values.inputTokens),
    outputTokens: assumption(values.outputTokens),
    cacheHitRate: assumption(values.cacheHitRate ?? 0),
    callsPerRequest: assumption(values.callsPerRequest ?? 1),
    thinkingTokens: assumption(values.thinkingTokens ?? 0),
    imagesPerCall: assumption(1),
    videoSecondsPerCall: assumption(6),
    queriesPerCall: assumption(1),
    source: "config",
  };
}

function estimate(s: CallSite, u: UsageAssumptions, systemPromptTokens: number | null = null): SiteEstimate {
  return estimateSite({ site: s, usage: u, resolution: catalog.resolve(s.model.id ?? ""), systemPromptTokens }, catalog);
}

/** Components as [name, tokens per month, $ per 1M, $ per month], money to 6 decimals. */
function lines(result: SiteEstimate): Array<[string, number, number, number]> {
  if (!result.priced) throw new Error(`not priced: ${result.reason}`);
  return result.components.map((c) => {
    if ("unit" in c) throw new Error(`a unit component where tokens belong: ${c.name}`);
    return [c.name, c.tokensPerMonth, Number(c.pricePerMillion.toFixed(10)), Number(c.monthlyCost.toFixed(6))];
  });
}

const cachedSystem = { count: 1, locations: ["system" as const], ttl: "5m" as const };
const REQUESTS_PER_MONTH_AT_1000_A_DAY = (1_000 * 730) / 24; // 30,416.67

describe("estimateSite", () => {
  it("prices a Sonnet 4.5 us. call from 1,000 requests a day", () => {
    const result = estimate(
      site({ model: { id: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", source: "literal" }, maxTokens: { kind: "static", value: 1024, source: "literal" } }),
      usage({ requestsPerMonth: REQUESTS_PER_MONTH_AT_1000_A_DAY, inputTokens: 2_000, outputTokens: 500 }),
    );
    expect(lines(result)).toEqual([
      // 2,000 × 30,416.67 = 60,833,333.3 tokens × $3.3 / 1e6 = $200.75
      ["input", REQUESTS_PER_MONTH_AT_1000_A_DAY * 2_000, 3.3, 200.75],
      // 500 × 30,416.67 = 15,208,333.3 tokens × $16.5 / 1e6 = $250.9375
      ["output", REQUESTS_PER_MONTH_AT_1000_A_DAY * 500, 16.5, 250.9375],
    ]);
    expect(result.priced && result.monthlyCost).toBeCloseTo(200.75 + 250.9375, 9);
    expect(result.notes).toEqual(["us. geo profile ×1.1 (regional premium over the global profile)", "no cache point: all input at the input rate"]);
    expect(result.priced && result.model).toEqual({
      id: "anthropic.claude-sonnet-4-5-20250929-v1:0",
      name: "Claude Sonnet 4.5",
      source: "GP, LL",
      verifiedAt: "2026-09-23",
    });
  });

  it("splits a live cached system prompt into hits and misses", () => {
    // Haiku 4.5 global, 5,000-token system prompt (≥ its 4,096 minimum), C = 100,000 × 2 = 200,000 calls.
    const result = estimate(
      site({ cachePoints: cachedSystem }),
      usage({ requestsPerMonth: 100_000, callsPerRequest: 2, inputTokens: 6_000, outputTokens: 300, cacheHitRate: 0.8 }),
      5_000,
    );
    expect(lines(result)).toEqual([
      ["input", 200_000 * (6_000 - 5_000), 1, 200], // 200,000,000 × $1 / 1e6
      ["cache_write", 200_000 * 5_000 * (1 - 0.8), 1.25, 250], // 200,000,000 × $1.25 / 1e6
      ["cache_read", 200_000 * 5_000 * 0.8, 0.1, 80], // 800,000,000 × $0.10 / 1e6
      ["output", 200_000 * 300, 5, 300], // 60,000,000 × $5 / 1e6
    ]);
    expect(result.priced && result.monthlyCost).toBeCloseTo(200 + 250 + 80 + 300, 9);
    expect(result.notes).toEqual(["global profile: base rate"]);
  });

  it("leaves out the write component when every call hits", () => {
    const result = estimate(site({ cachePoints: cachedSystem }), usage({ requestsPerMonth: 1_000, inputTokens: 5_000, outputTokens: 100, cacheHitRate: 1 }), 4_096);
    expect(lines(result)).toEqual([
      ["input", 1_000 * (5_000 - 4_096), 1, 0.904], // 904,000 × $1 / 1e6
      ["cache_read", 1_000 * 4_096, 0.1, 0.4096], // 4,096,000 × $0.10 / 1e6
      ["output", 1_000 * 100, 5, 0.5], // 100,000 × $5 / 1e6
    ]);
  });

  it("counts nothing for a dead cache point below the model's minimum", () => {
    const result = estimate(
      site({ cachePoints: cachedSystem }),
      usage({ requestsPerMonth: 100_000, callsPerRequest: 2, inputTokens: 6_000, outputTokens: 300, cacheHitRate: 0.8 }),
      3_000,
    );
    expect(lines(result)).toEqual([
      ["input", 200_000 * 6_000, 1, 1_200], // 1,200,000,000 × $1 / 1e6
      ["output", 200_000 * 300, 5, 300], // 60,000,000 × $5 / 1e6
    ]);
    expect(result.notes).toEqual([
      "global profile: base rate",
      "cache point is dead: system prompt ≈3000 tokens is below Claude Haiku 4.5's minimum of 4096 per cache point, so Bedrock ignores it",
    ]);
  });

  it("caps output at the call's max tokens", () => {
    const result = estimate(
      site({ model: { id: "global.anthropic.claude-sonnet-4-6", source: "literal" }, maxTokens: { kind: "static", value: 256, source: "constant" } }),
      usage({ requestsPerMonth: 10_000, inputTokens: 1_500, outputTokens: 800 }),
    );
    expect(lines(result)).toEqual([
      ["input", 10_000 * 1_500, 3, 45], // 15,000,000 × $3 / 1e6
      ["output", 10_000 * 256, 15, 38.4], // 2,560,000 × $15 / 1e6: 256, not the assumed 800
    ]);
    expect(result.notes).toContain("output capped at max tokens 256 (assumed 800)");
  });

  it("bills extended thinking as output, on top of the answer, within the call's max tokens", () => {
    const thinking = { thinkingBudget: { kind: "static" as const, value: 2_000, source: "literal" as const } };
    const sonnet = { model: { id: "global.anthropic.claude-sonnet-4-6", source: "literal" as const } };
    const result = estimate(site({ ...sonnet, ...thinking, maxTokens: { kind: "static", value: 8_000, source: "literal" } }), usage({ requestsPerMonth: 10_000, inputTokens: 1_500, outputTokens: 400, thinkingTokens: 2_000 }));
    expect(lines(result)).toEqual([
      ["input", 10_000 * 1_500, 3, 45],
      ["output", 10_000 * 2_400, 15, 360], // (400 answer + 2,000 thinking) × 10,000 × $15 / 1e6
    ]);
    expect(result.notes).toContain("extended thinking: 2000 tokens per call billed as output (budget 2000)");
    const capped = estimate(site({ ...sonnet, ...thinking, maxTokens: { kind: "static", value: 2_048, source: "literal" } }), usage({ requestsPerMonth: 10_000, inputTokens: 1_500, outputTokens: 400, thinkingTokens: 2_000 }));
    expect(lines(capped)[1]).toEqual(["output", 10_000 * 2_048, 15, 307.2]);
    // Thinking tokens configured for a call that does not think count nothing.
    const plain = estimate(site(sonnet), usage({ requestsPerMonth: 10_000, inputTokens: 1_500, outputTokens: 400, thinkingTokens: 2_000 }));
    expect(lines(plain)[1]).toEqual(["output", 10_000 * 400, 15, 60]);
  });

  it("says so when thinking is on but no thinking tokens are counted", () => {
    const result = estimate(site({ model: { id: "global.anthropic.claude-sonnet-4-6", source: "literal" }, thinkingBudget: { kind: "dynamic", origin: "a variable" } }), usage({ requestsPerMonth: 10_000, inputTokens: 1_500, outputTokens: 400 }));
    expect(result.notes).toContain("extended thinking is on (budget not known) but no thinking tokens are counted: set thinking_tokens");
  });

  it("caps output at the model's maximum when the call sets none", () => {
    const result = estimate(
      site({ model: { id: "anthropic.claude-3-haiku-20240307-v1:0", source: "literal" } }),
      usage({ requestsPerMonth: 1_000, inputTokens: 1_000, outputTokens: 5_000 }),
    );
    expect(lines(result)).toEqual([
      ["input", 1_000 * 1_000, 0.25, 0.25], // 1,000,000 × $0.25 / 1e6
      ["output", 1_000 * 4_096, 1.25, 5.12], // 4,096,000 × $1.25 / 1e6
    ]);
    expect(result.notes).toContain("output capped at Claude 3 Haiku's maximum 4096 (assumed 5000)");
  });

  it("prices an embedding call on input only", () => {
    const result = estimate(
      site({ api: "invoke_model", model: { id: "amazon.titan-embed-text-v2:0", source: "literal" }, embedding: true }),
      usage({ requestsPerMonth: 1_000_000, inputTokens: 500, outputTokens: 300 }),
    );
    expect(lines(result)).toEqual([["input", 1_000_000 * 500, 0.02, 10]]); // 500,000,000 × $0.02 / 1e6
    expect(result.notes).toEqual(["embedding: input tokens only"]);
  });

  it("prices a batch job at batch rates without cache savings", () => {
    const result = estimate(
      site({ api: "batch_job", cachePoints: cachedSystem }),
      usage({ requestsPerMonth: 50_000, inputTokens: 6_000, outputTokens: 300, cacheHitRate: 0.8 }),
      5_000,
    );
    expect(lines(result)).toEqual([
      ["input", 50_000 * 6_000, 0.5, 150], // 300,000,000 × $0.50 / 1e6
      ["output", 50_000 * 300, 2.5, 37.5], // 15,000,000 × $2.50 / 1e6
    ]);
    expect(result.notes).toEqual([
      "batch ×0.5 (batch price list); cache discounts are not combined with batch",
      "global profile: base rate",
      "batch: batch and cache discounts are not combined (no Bedrock source says they stack)",
    ]);
  });

  it("prices Nova Pro flex with Nova's cache prices", () => {
    const result = estimate(
      site({ model: { id: "amazon.nova-pro-v1:0", source: "literal" }, cachePoints: cachedSystem, serviceTier: { tier: "flex", source: "literal" } }),
      usage({ requestsPerMonth: 10_000, inputTokens: 3_000, outputTokens: 500, cacheHitRate: 0.5 }),
      2_000,
    );
    expect(lines(result)).toEqual([
      ["input", 10_000 * 1_000, 0.4, 4], // 10,000,000 × $0.80 × 0.5 / 1e6
      ["cache_write", 10_000 * 2_000 * 0.5, 0.4, 4], // writes bill as input: 10,000,000 × $0.40 / 1e6
      ["cache_read", 10_000 * 2_000 * 0.5, 0.1, 1], // 10,000,000 × $0.20 × 0.5 / 1e6
      ["output", 10_000 * 500, 1.6, 8], // 5,000,000 × $3.20 × 0.5 / 1e6
    ]);
    expect(result.priced && result.monthlyCost).toBeCloseTo(4 + 4 + 1 + 8, 9);
  });

  it("prices a dynamic tier at the dearest tier the model lists", () => {
    const result = estimate(
      site({ model: { id: "amazon.nova-pro-v1:0", source: "literal" }, serviceTier: { tier: null, source: "dynamic", origin: "parameter `tier`" } }),
      usage({ requestsPerMonth: 1_000, inputTokens: 1_000, outputTokens: 100 }),
    );
    expect(lines(result)).toEqual([
      ["input", 1_000_000, 1.4, 1.4], // 1,000,000 × $0.80 × 1.75 / 1e6
      ["output", 100_000, 5.6, 0.56], // 100,000 × $3.20 × 1.75 / 1e6
    ]);
    expect(result.notes[0]).toBe("service tier is dynamic (parameter `tier`): priced at priority, the dearest tier the model lists");
  });

  const skippedCache: Array<[string, Partial<CallSite>, number | null, string]> = [
    ["unknown prompt size", { cachePoints: cachedSystem }, null, "system prompt size unknown: cache savings not counted"],
    ["tools only", { cachePoints: { count: 1, locations: ["tools"], ttl: "5m" } }, 5_000, "cache point on tools only: the tool block's size is unknown, so no cache savings are counted"],
    [
      "model without caching",
      { model: { id: "anthropic.claude-3-haiku-20240307-v1:0", source: "literal" }, cachePoints: cachedSystem },
      5_000,
      "Claude 3 Haiku has no prompt caching on Bedrock: the cache point does nothing",
    ],
    [
      "unknown minimum",
      { model: { id: "us.amazon.nova-2-pro-preview-20251202-v1:0", source: "literal" }, cachePoints: cachedSystem },
      5_000,
      "Amazon Nova 2 Pro (preview)'s minimum tokens per cache point is unknown: cache savings not counted",
    ],
  ];
  it.each(skippedCache)("counts no cache savings for %s, and says why", (_, overrides, systemPromptTokens, note) => {
    const result = estimate(site(overrides), usage({ requestsPerMonth: 1_000, inputTokens: 6_000, outputTokens: 100, cacheHitRate: 0.9 }), systemPromptTokens);
    expect(result.priced && result.components.map((c) => c.name)).toEqual(["input", "output"]);
    expect(result.priced && result.components[0]).toMatchObject({ tokensPerMonth: 6_000_000 });
    expect(result.notes).toContain(note);
  });

  const unpriced: Array<[string, Partial<CallSite>, string]> = [
    [
      "a dynamic model",
      { model: { id: null, source: "dynamic", origin: "parameter `modelId`" } },
      "model id is dynamic (parameter `modelId`): pin it to a literal model id, or give the lookup a literal fallback, so it can be priced",
    ],
    [
      "an env-only model",
      { model: { id: null, source: "dynamic", env: "BEDROCK_MODEL_ID" } },
      "model id is dynamic (environment variable BEDROCK_MODEL_ID): pin it to a literal model id, or give the lookup a literal fallback, so it can be priced",
    ],
    [
      "an unknown model",
      { model: { id: "anthropic.claude-instant-v1", source: "literal" } },
      "unknown model id `anthropic.claude-instant-v1`: add it under pricing.models in .github/bedrock-cost.yml",
    ],
    [
      "a batch job on a model without batch",
      { api: "batch_job", model: { id: "anthropic.claude-sonnet-4-20250514-v1:0", source: "literal" } },
      "Claude Sonnet 4 has no batch price: batch inference is not listed for it",
    ],
    [
      "the reserved tier",
      { serviceTier: { tier: "reserved", source: "literal" } },
      "reserved tier: billed under a reserved-capacity agreement arranged with AWS, not at a per-token list price",
    ],
  ];
  it.each(unpriced)("does not price %s, and says why", (_, overrides, reason) => {
    const result = estimate(site(overrides), usage({ requestsPerMonth: 1_000, inputTokens: 1_000, outputTokens: 100 }));
    expect(result.priced ? "priced" : result.reason).toBe(reason);
  });
});
