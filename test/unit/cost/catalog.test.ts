import { describe, expect, it } from "vitest";
import {
  BUILT_IN_DATA,
  isMediaModel,
  loadCatalog,
  validateCatalogData,
  type CatalogData,
  type CatalogModel,
  type Resolution,
} from "../../../src/cost/catalog.js";
import anthropic from "../../../src/cost/catalog/anthropic.json" with { type: "json" };

const catalog = loadCatalog();

function resolvedId(resolution: Resolution): string {
  if (!resolution.ok) throw new Error(`expected a model, got: ${resolution.reason}`);
  return resolution.model.id;
}

/** The token-priced model a resolution found. */
function token(resolution: Resolution): CatalogModel {
  if (!resolution.ok || isMediaModel(resolution.model)) throw new Error(`expected a token-priced model for \`${resolution.ref.input}\``);
  return resolution.model;
}

/** The built-in data with the first Anthropic entry changed. */
function withBrokenEntry(change: (entry: Record<string, unknown>) => void): CatalogData {
  const file = structuredClone(anthropic) as { models: Array<Record<string, unknown>> };
  change(file.models[0]!);
  return { ...BUILT_IN_DATA, providers: [file, ...BUILT_IN_DATA.providers.slice(1)] };
}

describe("built-in catalog", () => {
  it("validates every entry of every provider file", () => {
    expect(catalog.models.length).toBe(101);
    expect(new Set(catalog.models.map((m) => m.provider))).toEqual(
      new Set(["anthropic", "amazon", "meta", "mistral", "cohere", "ai21", "deepseek", "openai", "qwen", "google", "nvidia", "writer", "moonshot", "minimax", "zai"]),
    );
    expect(catalog.verifiedAt).toBe("2026-12-04");
    expect(catalog.warnings).toEqual([]);
  });

  it("keeps Claude cache and batch prices on the multipliers of rules.json", () => {
    const claude = catalog.rules.cache.claude;
    for (const model of catalog.models.filter((m) => m.provider === "anthropic" && m.cache !== null)) {
      const p = model.prices;
      expect(p.cache_write_5m, model.id).toBeCloseTo(p.input * claude.write_5m.multiplier, 9);
      if (p.cache_write_1h !== null) expect(p.cache_write_1h, model.id).toBeCloseTo(p.input * claude.write_1h.multiplier, 9);
      // Opus 5.5 reads at 0.05× and Fable 5.1 at 0.025× (GP): the documented exceptions.
      const read = ({ "anthropic.claude-opus-5-5": 0.05, "anthropic.claude-fable-5-1": 0.025 } as Record<string, number>)[model.id] ?? claude.read.multiplier;
      expect(p.cache_read, model.id).toBeCloseTo(p.input * read, 9);
    }
    for (const model of catalog.models.filter((m) => m.prices.batch_input !== null)) {
      expect(model.prices.batch_input, model.id).toBeCloseTo(model.prices.input * catalog.rules.batch.multiplier, 9);
      expect(model.prices.batch_output, model.id).toBeCloseTo(model.prices.output! * catalog.rules.batch.multiplier, 9);
    }
  });

  it("keeps Nova cache reads at the listed 0.25× input and writes at the input price", () => {
    const nova = catalog.models.filter((m) => m.id.startsWith("amazon.nova-") && m.cache !== null);
    expect(nova.map((m) => m.id)).toEqual([
      "amazon.nova-micro-v1:0",
      "amazon.nova-lite-v1:0",
      "amazon.nova-pro-v1:0",
      "amazon.nova-premier-v1:0",
      "amazon.nova-2-lite-v1:0",
      "amazon.nova-2-pro-preview-20251202-v1:0",
    ]);
    const rule = catalog.rules.cache.nova;
    expect([rule.read.multiplier, rule.write_5m.multiplier]).toEqual([0.25, 1]);
    for (const model of nova) {
      // Nova 2 Pro lists 0.547 for 0.25 × 2.1875 = 0.546875, hence 3 decimals.
      expect(model.prices.cache_read, model.id).toBeCloseTo(model.prices.input * rule.read.multiplier, 3);
      expect(model.prices.cache_write_5m, model.id).toBe(model.prices.input * rule.write_5m.multiplier);
      expect(model.prices.cache_write_1h, model.id).toBeNull();
    }
  });

  it("records the disputed figures the reference settles", () => {
    const find = (id: string) => catalog.models.find((m) => m.id === id)!;
    expect([find("anthropic.claude-opus-4-6-v1").prices.input, find("anthropic.claude-opus-4-6-v1").prices.output]).toEqual([5, 25]);
    expect(find("meta.llama3-1-70b-instruct-v1:0").prices.input).toBe(0.72);
    expect(find("anthropic.claude-3-haiku-20240307-v1:0").cache).toBeNull();
    expect(find("qwen.qwen3-coder-480b-a35b-v1:0").prices.input).toBe(0.45);
    expect(find("amazon.nova-premier-v1:0").prices.output).toBe(12.5);
    expect(find("anthropic.claude-sonnet-4-20250514-v1:0").regional_premium).toBe(false);
    expect(find("anthropic.claude-sonnet-4-5-20250929-v1:0").regional_premium).toBe(true);
    expect(find("amazon.nova-2-lite-v1:0").regional_premium).toBe(true);
  });

  it("lists the newer Claude models at the GP/LL prices", () => {
    const prices = ["anthropic.claude-opus-4-7", "anthropic.claude-opus-4-8", "anthropic.claude-opus-5", "anthropic.claude-opus-5-5", "anthropic.claude-sonnet-5", "anthropic.claude-fable-5"].map(
      (id) => {
        const model = catalog.models.find((m) => m.id === id)!;
        return [id, model.prices.input, model.prices.output, model.prices.cache_read, model.chars_per_token];
      },
    );
    expect(prices).toEqual([
      ["anthropic.claude-opus-4-7", 5, 25, 0.5, 3.08],
      ["anthropic.claude-opus-4-8", 5, 25, 0.5, 3.08],
      ["anthropic.claude-opus-5", 5, 25, 0.5, 3.08],
      ["anthropic.claude-opus-5-5", 4, 20, 0.2, 3.08],
      ["anthropic.claude-sonnet-5", 2, 10, 0.2, 3.08],
      ["anthropic.claude-fable-5", 10, 50, 1, 3.08],
    ]);
  });
});

describe("catalog validation", () => {
  const broken: Array<[string, (entry: Record<string, unknown>) => void, RegExp]> = [
    ["a missing price", (e) => delete (e.prices as Record<string, unknown>).input, /catalog entry `anthropic.claude-fable-5` \(anthropic.json\):.*input/s],
    ["an unknown field", (e) => (e.pirces = {}), /`anthropic.claude-fable-5`.*pirces/s],
    ["cache without a read price", (e) => ((e.prices as Record<string, unknown>).cache_read = null), /cache needs cache_write_5m and cache_read/],
    ["a text model without output price", (e) => ((e.prices as Record<string, unknown>).output = null), /text and speech models have an output price/],
    ["an undated source name", (e) => (e.source = "GPX"), /unknown source GPX/],
    ["a date of none of its sources", (e) => (e.verified_at = "2026-01-01"), /verified_at 2026-01-01 is the date of none of its sources/],
    ["a profile id as base id", (e) => (e.id = "us.anthropic.claude-fable-5"), /`us.anthropic.claude-fable-5` is not a bare Bedrock model id/],
    ["an id used twice", (e) => (e.aliases = ["anthropic.claude-opus-5"]), /catalog entry `anthropic.claude-opus-5` \(anthropic.json\): id `anthropic.claude-opus-5` is also used by anthropic.claude-fable-5/],
    ["the wrong provider", (e) => (e.provider = "amazon"), /provider "amazon" in anthropic.json/],
  ];
  it.each(broken)("throws naming the entry on %s", (_, change, message) => {
    expect(() => validateCatalogData(withBrokenEntry(change))).toThrow(message);
  });

  it("throws on a broken rules.json", () => {
    const rules = structuredClone(BUILT_IN_DATA.rules) as { batch: { multiplier: unknown } };
    rules.batch.multiplier = "half";
    expect(() => validateCatalogData({ ...BUILT_IN_DATA, rules })).toThrow(/catalog rules.json:.*batch/s);
  });
});

describe("resolve", () => {
  const forms: Array<[string, string]> = [
    ["anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0"],
    ["global.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0"],
    ["us.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0"],
    ["eu.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0"],
    ["apac.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0"],
    ["jp.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0"],
    ["au.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0"],
    ["us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0"],
    ["ca.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0"],
    ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-haiku-20240307-v1:0"],
    ["arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic.claude-haiku-4-5-20251001-v1:0"],
    ["anthropic.claude-haiku-4-5", "anthropic.claude-haiku-4-5-20251001-v1:0"],
    ["global.anthropic.claude-haiku-4-5", "anthropic.claude-haiku-4-5-20251001-v1:0"],
    ["anthropic.claude-sonnet-4-5-20250929", "anthropic.claude-sonnet-4-5-20250929-v1:0"],
    ["anthropic.claude-opus-4-6", "anthropic.claude-opus-4-6-v1"],
    ["openai.gpt-oss-120b", "openai.gpt-oss-120b-1:0"],
    ["qwen.qwen3-235b-a22b-2507", "qwen.qwen3-235b-a22b-2507-v1:0"],
    ["amazon.titan-embed-g1-text-02", "amazon.titan-embed-text-v1"],
    ["deepseek.v3.2", "deepseek.v3.2"],
  ];
  it.each(forms)("%s → %s", (input, id) => {
    expect(resolvedId(catalog.resolve(input))).toBe(id);
  });

  it("says how a short id or alias matched, and which routes are regional", () => {
    const short = catalog.resolve("anthropic.claude-haiku-4-5");
    const alias = catalog.resolve("amazon.titan-embed-g1-text-02");
    expect(short.ok && short.notes).toEqual(["`anthropic.claude-haiku-4-5` matched `anthropic.claude-haiku-4-5-20251001-v1:0` ignoring the version suffix"]);
    expect(alias.ok && alias.notes).toEqual(["`amazon.titan-embed-g1-text-02` is an alias of `amazon.titan-embed-text-v1`"]);
    const regional = (id: string) => {
      const r = catalog.resolve(id);
      return r.ok && r.regional;
    };
    expect(["global.amazon.nova-2-lite-v1:0", "us.amazon.nova-2-lite-v1:0", "amazon.nova-2-lite-v1:0"].map(regional)).toEqual([false, true, true]);
  });

  const unpriceable: Array<[string, string]> = [
    ["amazon.titan-embed-text", "ambiguous model id `amazon.titan-embed-text`: matches `amazon.titan-embed-text-v2:0`, `amazon.titan-embed-text-v1`; write the full id"],
    ["anthropic.claude-instant-v1", "unknown model id `anthropic.claude-instant-v1`: add it under pricing.models in .github/bedrock-cost.yml"],
    // Its name is only the family: every Claude model extends it, so no guess is offered.
    ["anthropic.claude-v2", "unknown model id `anthropic.claude-v2`: add it under pricing.models in .github/bedrock-cost.yml"],
    ["us.ai21.jamba-instruct-v1:0", "unknown model id `ai21.jamba-instruct-v1:0`: add it under pricing.models in .github/bedrock-cost.yml"],
    // A misspelt id, and an id of a name the catalog extends: said with what it most likely means.
    ["global.anthropic.claude-sonet-4-6", "unknown model id `anthropic.claude-sonet-4-6`: did you mean `anthropic.claude-sonnet-4-6`? If not, add it under pricing.models in .github/bedrock-cost.yml"],
    ["amazon.nova-2-pro-v1:0", "unknown model id `amazon.nova-2-pro-v1:0`: did you mean `amazon.nova-2-pro-preview-20251202-v1:0`? If not, add it under pricing.models in .github/bedrock-cost.yml"],
    ["amazon.nova-reel-v1", "ambiguous model id `amazon.nova-reel-v1`: matches `amazon.nova-reel-v1:0`, `amazon.nova-reel-v1:1`; write the full id"],
    ["gpt-4o", "`gpt-4o` is not a Bedrock model id, inference profile or ARN: pin a model id, or add it under pricing.models in .github/bedrock-cost.yml"],
    [
      "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/fm16bt65tzgx",
      "application inference profile ARN hides the model: add this ARN under pricing.models in .github/bedrock-cost.yml (id: the ARN, input and output per 1M tokens), using the prices of the model it wraps",
    ],
    [
      "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdefghij12",
      "provisioned throughput: billed per model-unit hour, not per token; its cost belongs to the provisioned-throughput purchase, not to this call",
    ],
    [
      "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.nova-lite-v1:0:300k/abcdefghij12",
      "custom model (trained from `amazon.nova-lite-v1:0:300k`): served through provisioned throughput, billed per model-unit hour, not per token",
    ],
    [
      "arn:aws:bedrock:us-east-1:123456789012:prompt/PROMPT1234",
      "prompt-management ARN: the model is chosen in the prompt resource, not in code; add this ARN under pricing.models in .github/bedrock-cost.yml (id: the ARN, input and output per 1M tokens)",
    ],
  ];
  it.each(unpriceable)("%s cannot be priced", (input, reason) => {
    const resolution = catalog.resolve(input);
    expect(resolution.ok ? "resolved" : resolution.reason).toBe(reason);
  });
});

describe("pricing config", () => {
  it("overrides prices by glob, later entries winning, and marks them as config", () => {
    const configured = loadCatalog({
      overrides: [
        { model: "anthropic.claude-sonnet-4-*", input: 2.7 },
        { model: "anthropic.claude-sonnet-4-5-*", input: 2.5, output: 12 },
        { model: "meta.llama2-*", input: 1 },
      ],
    });
    const sonnet45 = configured.resolve("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
    const sonnet4 = configured.resolve("anthropic.claude-sonnet-4-20250514-v1:0");
    expect([token(sonnet45).prices.input, token(sonnet45).prices.output]).toEqual([2.5, 12]);
    // Cache and batch prices keep their ratios to the negotiated input/output: read 0.1×, 5m write 1.25×, batch ½.
    if (!sonnet45.ok) throw new Error("unresolved");
    expect(token(sonnet45).prices.cache_read).toBeCloseTo(0.25, 10);
    expect(token(sonnet45).prices.cache_write_5m).toBeCloseTo(3.125, 10);
    expect(token(sonnet45).prices.batch_output).toBeCloseTo(6, 10);
    expect(token(sonnet45).from_config).toEqual(["input", "cache_write_5m", "cache_write_1h", "cache_read", "batch_input", "output", "batch_output"]);
    expect([token(sonnet4).prices.input, token(sonnet4).prices.cache_read]).toEqual([2.7, (0.3 / 3) * 2.7]);
    // The glob is on the whole id: `anthropic.claude-sonnet-4-*` also takes in Sonnet 4.6.
    const sonnet46 = configured.resolve("anthropic.claude-sonnet-4-6");
    expect(token(sonnet46).prices.input).toBe(2.7);
    expect(configured.warnings).toEqual([{ entry: "pricing.overrides[2]", message: "model `meta.llama2-*` matches no catalog model id; the override prices nothing" }]);
    // The built-in catalog is untouched.
    const plain = loadCatalog().resolve("anthropic.claude-sonnet-4-20250514-v1:0");
    expect(token(plain).prices.input).toBe(3);
  });

  it("adds models, including ARNs that hide the model, with source config", () => {
    const arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/fm16bt65tzgx";
    const configured = loadCatalog({
      discount_percent: 10,
      models: [
        { id: "ai21.jamba-instruct-v1:0", name: "Jamba Instruct", input: 0.5, output: 0.7 },
        { id: arn, input: 3.3, output: 16.5, cache_read: 0.33, cache_write_5m: 4.125, cache_min_tokens: 1024 },
        { id: "anthropic.claude-3-haiku-20240307-v1:0", input: 0.2, output: 1 },
      ],
    });
    const jamba = configured.resolve("us.ai21.jamba-instruct-v1:0");
    expect([token(jamba).name, token(jamba).origin, token(jamba).source, token(jamba).cache]).toEqual([
      "Jamba Instruct",
      "config",
      "config (.github/bedrock-cost.yml pricing.models)",
      null,
    ]);
    const profile = configured.resolve(arn);
    expect([token(profile).prices.input, token(profile).cache, profile.ok && profile.regional]).toEqual([
      3.3,
      { min_tokens: 1024, max_points: null, ttl_1h: false },
      false,
    ]);
    const haiku = configured.resolve("anthropic.claude-3-haiku-20240307-v1:0");
    expect(token(haiku).prices.input).toBe(0.2);
    expect(configured.discountPercent).toBe(10);
    expect(configured.models.length).toBe(101 + 3 - 1);
    expect(configured.warnings).toEqual([{ entry: "pricing.models[2]", message: "`anthropic.claude-3-haiku-20240307-v1:0` replaces the built-in catalog entry" }]);
  });
});
