import { describe, expect, it } from "vitest";
import { BUILT_IN_DATA, validateCatalogData, type CatalogEntry } from "../../../src/cost/catalog.js";
import { sourceModelIds, sourcePricesFor, type SourceModel, type SourceTokenPrices } from "../../../src/cost/catalog-sync/genai-prices.js";
import { compareWithSource } from "../../../src/cost/catalog-sync/compare.js";
import { planCatalogUpdate, reportMarkdown, type CatalogFiles, type PriceSource } from "../../../src/cost/catalog-sync/update.js";
import rules from "../../../src/cost/catalog/rules.json" with { type: "json" };

const GP_DATE = rules.sources.GP.date;
const catalog = validateCatalogData(BUILT_IN_DATA);
const cites = (entry: CatalogEntry, name: string) => entry.source.split(",").map((s) => s.trim()).includes(name);

/** The catalog files as the update command reads them, by file name. */
function catalogFiles(): CatalogFiles {
  const providers = Object.fromEntries((BUILT_IN_DATA.providers as Array<{ provider: string }>).map((file) => [`${file.provider}.json`, structuredClone(file)]));
  return { providers, rules: structuredClone(BUILT_IN_DATA.rules) } as CatalogFiles;
}

describe("the catalog against the pinned @pydantic/genai-prices (GP)", () => {
  const gp: PriceSource = {
    name: "GP",
    packageName: "@pydantic/genai-prices",
    version: "0.1.8",
    published: GP_DATE,
    pricesFor: (id) => sourcePricesFor(id, new Date(`${GP_DATE}T00:00:00Z`)),
    modelIds: sourceModelIds,
  };

  it("agrees on every figure of every entry that cites GP, unless the entry's note says why", () => {
    const cited = catalog.models.filter((m) => cites(m, "GP"));
    expect(cited.length).toBeGreaterThan(60);
    for (const entry of cited) {
      const source = gp.pricesFor(entry.id);
      expect(source, `${entry.id}: GP does not list it`).not.toBeNull();
      const differences = compareWithSource(entry, source!);
      if (differences.length > 0) expect(entry.note ?? "", `${entry.id} differs from GP: ${JSON.stringify(differences)}`).toMatch(/GP/);
    }
  });

  it("leaves the catalog as it is when run against the same release, and lacks no model GP prices", () => {
    const plan = planCatalogUpdate(catalogFiles(), gp);
    expect(plan.changedFiles).toEqual([]);
    expect(plan.report.changed).toEqual([]);
    expect(plan.report.unlisted).toEqual([]);
    expect(plan.report.added).toEqual([]);
    expect(plan.report.kept.map((d) => `${d.id} ${d.field}`)).toEqual([
      "anthropic.claude-3-5-sonnet-20241022-v2:0 input",
      "anthropic.claude-3-5-sonnet-20241022-v2:0 output",
      "anthropic.claude-3-5-sonnet-20241022-v2:0 cache_write_5m",
      "anthropic.claude-3-5-sonnet-20241022-v2:0 cache_read",
      "anthropic.claude-3-5-sonnet-20240620-v1:0 input",
      "anthropic.claude-3-5-sonnet-20240620-v1:0 output",
      "anthropic.claude-3-5-sonnet-20240620-v1:0 cache_write_5m",
      "anthropic.claude-3-5-sonnet-20240620-v1:0 cache_read",
      "anthropic.claude-3-sonnet-20240229-v1:0 cache_write_5m",
      "anthropic.claude-3-sonnet-20240229-v1:0 cache_read",
    ]);
  });

  it("does not take the price of a different model GP matches loosely", () => {
    // GP's `contains: amazon.titan-embed-text` would price Titan Embeddings v2 at v1's $0.10.
    expect(gp.pricesFor("amazon.titan-embed-text-v2:0")).toBeNull();
    expect(gp.pricesFor("amazon.titan-embed-text-v1")?.global.input).toBe(0.1);
  });
});

describe("planCatalogUpdate", () => {
  const prices = (input: number, output: number, extra: Partial<SourceTokenPrices> = {}): SourceTokenPrices => ({
    input,
    output,
    cache_write_5m: null,
    cache_write_1h: null,
    cache_read: null,
    audio_input: null,
    audio_output: null,
    ...extra,
  });
  const fixed: Record<string, SourceModel> = {
    // A new release: Haiku 4.5 cheaper (batch and the 1-hour write move with it; GP gives read and 5m write).
    "anthropic.claude-haiku-4-5-20251001-v1:0": {
      sourceId: "global.anthropic.claude-haiku-4-5-20251001-v1:0",
      baseId: "anthropic.claude-haiku-4-5-20251001-v1:0",
      global: prices(0.8, 4, { cache_write_5m: 1, cache_read: 0.08 }),
      regional: prices(0.88, 4.4),
    },
    // Disagrees with a hand-verified entry (it has a note): kept.
    "meta.llama3-1-70b-instruct-v1:0": { sourceId: "meta.llama3-1-70b-instruct-v1:0", baseId: "meta.llama3-1-70b-instruct-v1:0", global: prices(0.99, 0.99), regional: null },
    // Agrees.
    "meta.llama3-1-8b-instruct-v1:0": { sourceId: "meta.llama3-1-8b-instruct-v1:0", baseId: "meta.llama3-1-8b-instruct-v1:0", global: prices(0.22, 0.22), regional: null },
  };
  const source: PriceSource = {
    name: "GP",
    packageName: "@pydantic/genai-prices",
    version: "0.2.0",
    published: "2026-11-30",
    pricesFor: (id) => fixed[id] ?? null,
    modelIds: () => [...Object.keys(fixed), "anthropic.claude-lyric-6-v1:0"],
  };
  const files = catalogFiles();
  const llama70 = files.providers["meta.json"]!.models.find((m) => m.id === "meta.llama3-1-70b-instruct-v1:0")!;
  llama70.note = "hand-verified against AWS-snap";
  const plan = planCatalogUpdate(files, source);
  const find = (file: string, id: string) => plan.files.providers[file]!.models.find((m) => m.id === id)!;

  it("changes what the source changed, moving the prices derived from it, and dates it", () => {
    const haiku = find("anthropic.json", "anthropic.claude-haiku-4-5-20251001-v1:0");
    expect(haiku.prices).toEqual({ input: 0.8, output: 4, cache_write_5m: 1, cache_write_1h: 1.6, cache_read: 0.08, batch_input: 0.4, batch_output: 2 });
    expect(haiku.verified_at).toBe("2026-11-30");
    expect(plan.report.changed.map((d) => [d.field, d.catalog, d.source])).toEqual([
      ["input", 1, 0.8],
      ["output", 5, 4],
      ["cache_write_5m", 1.25, 1],
      ["cache_read", 0.1, 0.08],
    ]);
  });

  it("keeps a hand-verified entry the source contradicts, citing the release it was verified against", () => {
    const kept = find("meta.json", "meta.llama3-1-70b-instruct-v1:0");
    expect(kept.prices.input).toBe(0.72);
    expect(plan.report.kept.map((d) => [d.id, d.field, d.catalog, d.source])).toEqual([
      ["meta.llama3-1-70b-instruct-v1:0", "input", 0.72, 0.99],
      ["meta.llama3-1-70b-instruct-v1:0", "output", 0.72, 0.99],
    ]);
    expect(kept.source.split(", ")).toContain("GP@0.1.8");
    expect(plan.files.rules.sources["GP@0.1.8"]).toEqual(rules.sources.GP);
    expect(plan.files.rules.sources.GP).toEqual({
      title: "npm @pydantic/genai-prices 0.2.0, provider aws (the independent source)",
      ref: "npm:@pydantic/genai-prices@0.2.0",
      date: "2026-11-30",
    });
  });

  it("re-dates what agrees, lists what the source dropped and what it adds, and stays a valid catalog", () => {
    expect(find("meta.json", "meta.llama3-1-8b-instruct-v1:0").verified_at).toBe("2026-11-30");
    expect(plan.report.added).toEqual(["anthropic.claude-lyric-6-v1:0"]);
    expect(plan.report.unlisted).toContain("anthropic.claude-sonnet-4-6");
    // Not re-verified: it keeps citing the release it was verified against, and its file is written.
    expect(find("anthropic.json", "anthropic.claude-sonnet-4-6").source.split(", ")).toContain("GP@0.1.8");
    expect(plan.changedFiles).toEqual(expect.arrayContaining(["anthropic.json", "meta.json", "rules.json"]));
    expect(() => validateCatalogData({ providers: Object.values(plan.files.providers), rules: plan.files.rules })).not.toThrow();
    const report = reportMarkdown(plan.report, "2026-12-01");
    expect(report).toContain("| `anthropic.claude-haiku-4-5-20251001-v1:0` | input | 1 | 0.8 |");
    expect(report).toContain("| `meta.llama3-1-70b-instruct-v1:0` | input 0.72 / 0.99, output 0.72 / 0.99 | hand-verified against AWS-snap |");
    expect(report).toContain("- `anthropic.claude-lyric-6-v1:0`");
  });

  it("does not touch the files it was given", () => {
    expect(files.providers["anthropic.json"]!.models.find((m) => m.id === "anthropic.claude-haiku-4-5-20251001-v1:0")!.prices.input).toBe(1);
  });
});
