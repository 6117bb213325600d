import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../../src/cost/catalog.js";
import { estimateSite } from "../../../src/cost/estimate.js";
import type { CallSite, MediaRequest } from "../../../src/model/call-site.js";
import type { UsageAssumptions } from "../../../src/model/usage.js";

function site(modelId: string, media?: MediaRequest): CallSite {
  return {
    key: "app/gen.py#draw#invoke_model#0",
    location: { path: "app/gen.py", line: 6, column: 12, endLine: 6, endColumn: 80 },
    language: "python",
    sdk: "boto3",
    api: "invoke_model",
    symbol: "draw",
    ordinal: 0,
    model: { id: modelId, source: "literal" },
    maxTokens: { kind: "absent" },
    cachePoints: { count: 0, locations: [], ttl: "5m" },
    systemPrompt: null,
    serviceTier: { tier: "standard", source: "sdk-default" },
    embedding: false,
    notes: [],
    ...(media ? { media } : {}),
  };
}

const assumption = (value: number) => ({ value, origin: { kind: "config" as const, where: "test" } });
function usage(perCall: { images?: number; seconds?: number; queries?: number } = {}): UsageAssumptions {
  return {
    requestsPerMonth: assumption(10_000),
    inputTokens: assumption(1_500),
    outputTokens: assumption(400),
    cacheHitRate: assumption(0),
    callsPerRequest: assumption(1),
    thinkingTokens: assumption(0),
    imagesPerCall: assumption(perCall.images ?? 1),
    videoSecondsPerCall: assumption(perCall.seconds ?? 6),
    queriesPerCall: assumption(perCall.queries ?? 1),
    source: "config",
  };
}

function priced(modelId: string, media: MediaRequest | undefined, perCall?: Parameters<typeof usage>[0], discount?: number) {
  const catalog = loadCatalog(discount ? { discount_percent: discount } : undefined);
  const result = estimateSite({ site: site(modelId, media), usage: usage(perCall), resolution: catalog.resolve(modelId), systemPromptTokens: null }, catalog);
  if (!result.priced) throw new Error(result.reason);
  return result;
}

const image = (fields: Partial<MediaRequest> = {}): MediaRequest => ({ kind: "image", count: { kind: "absent" }, ...fields });

describe("models billed per image, second or query", () => {
  // 10,000 calls a month, one image each unless said.
  const table: Array<[string, string, MediaRequest | undefined, Parameters<typeof usage>[0], number, string]> = [
    ["Nova Canvas, no size or quality: standard at the 1024×1024 default", "amazon.nova-canvas-v1:0", image(), {}, 400, "standard, up to 1024×1024"],
    ["Nova Canvas premium 1280×720 fits the 1024×1024 tier", "amazon.nova-canvas-v1:0", image({ quality: "premium", pixels: 1280 * 720 }), {}, 600, "premium, up to 1024×1024"],
    ["Nova Canvas 2048×2048 standard, 3 images a call", "amazon.nova-canvas-v1:0", image({ pixels: 2048 * 2048 }), { images: 3 }, 1_800, "standard, up to 2048×2048"],
    ["Titan v1 512×512 standard", "amazon.titan-image-generator-v1", image({ pixels: 512 * 512 }), {}, 80, "standard, up to 512×512"],
    ["a Stability model: one flat price", "stability.sd3-5-large-v1:0", undefined, {}, 800, ""],
    ["Nova Reel: 12 seconds a call at $0.08", "amazon.nova-reel-v1:1", { kind: "video", count: { kind: "static", value: 12, source: "literal" } }, { seconds: 12 }, 9_600, ""],
    ["Cohere Rerank 3.5 at $2 per 1,000 queries", "cohere.rerank-v3-5:0", undefined, {}, 20, ""],
  ];
  it.each(table)("%s", (_, modelId, media, perCall, monthly, tier) => {
    const result = priced(modelId, media, perCall);
    expect(result.monthlyCost).toBeCloseTo(monthly, 6);
    expect(result.components).toHaveLength(1);
    expect(result.components[0]!).toMatchObject(tier ? { note: tier } : {});
    expect("unit" in result.components[0]! && result.components[0].unit).toBe(modelId.includes("reel") ? "second" : modelId.includes("rerank") ? "query" : "image");
  });

  it("a quality or size the code does not show is priced at the dearest tier, and says so", () => {
    const result = priced("amazon.nova-canvas-v1:0", image({ quality: null, pixels: null }));
    expect(result.monthlyCost).toBeCloseTo(800, 6); // premium, up to 2048×2048: $0.08
    expect(result.notes).toEqual(expect.arrayContaining(["image quality is not readable: priced at premium, the dearer", "image size is not readable: priced at the largest size tier"]));
  });

  it("a size above every tier is priced at the largest, and says so; the config discount applies", () => {
    const result = priced("amazon.nova-canvas-v1:0", image({ pixels: 4096 * 4096 }), {}, 10);
    expect(result.monthlyCost).toBeCloseTo(10_000 * 0.06 * 0.9, 6);
    expect(result.notes).toEqual(expect.arrayContaining(["image size 16,777,216 pixels is above every listed size: priced at the largest", "discount 10% (pricing.discount_percent)"]));
  });

  it("a model past its reported end of life is still priced, with the date in a note", () => {
    expect(priced("amazon.nova-reel-v1:0", undefined).notes).toContain("Amazon Nova Reel: reported end of life 2026-09-30 (AWS model-lifecycle page, as cited by a wiki)");
  });

  it("an unknown video or image model says why it cannot be priced, not to add token prices", () => {
    const resolution = loadCatalog().resolve("luma.ray-v2:0");
    expect(resolution).toMatchObject({ ok: false, reason: "unknown model id `luma.ray-v2:0`: billed per image or second of video, and the catalog has no sourced price for it (pricing.models prices tokens only)" });
  });
});
