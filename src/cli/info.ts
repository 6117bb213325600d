import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCatalog, MEDIA_UNITS } from "../cost/catalog.js";
import { allRules, findRule } from "../engine/registry.js";

/** The package root (holds rules/<id>/README.md), found from this module whether run from src/ or dist/. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) || !existsSync(join(dir, "rules"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the bedrock-cost-review package root");
    dir = parent;
  }
  return dir;
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}

/** `bedrock-cost explain <id>`: the rule's documentation; with no id, the list of rules. */
export function explainRule(id: string | undefined): string | null {
  if (id === undefined) {
    return allRules().map((r) => `${r.meta.id.padEnd(30)} ${r.meta.defaultLevel.padEnd(8)} ${r.meta.title}`).join("\n") + "\n";
  }
  const rule = findRule(id);
  if (!rule) return null;
  const doc = join(packageRoot(), "rules", id, "README.md");
  return existsSync(doc) ? readFileSync(doc, "utf8") : `${rule.meta.id}: ${rule.meta.description}\n`;
}

/** `bedrock-cost models`: the built-in catalog with prices per 1M tokens, sources and dates. */
export function listModels(format: "table" | "json"): string {
  const catalog = loadCatalog();
  if (format === "json") {
    return JSON.stringify({ verifiedAt: catalog.verifiedAt, models: catalog.models, media: catalog.media, rules: catalog.rules }, null, 2) + "\n";
  }
  const rows = catalog.models.map((m) => [
    m.id,
    m.name,
    m.prices.input.toString(),
    m.prices.output?.toString() ?? "-",
    m.prices.cache_read?.toString() ?? "-",
    m.cache?.min_tokens?.toString() ?? "-",
    m.max_output_tokens?.toString() ?? "-",
    m.regional_premium ? "1.1x" : "-",
    `${m.source} ${m.verified_at}`,
  ]);
  const header = ["ID", "NAME", "IN $/1M", "OUT $/1M", "CACHE READ", "CACHE MIN", "MAX OUT", "GEO", "SOURCE"];
  const media = catalog.media.map((m) => [
    m.id,
    m.name,
    m.prices.map((p) => `$${p.price}${p.quality || p.max_pixels ? ` (${[p.quality, p.max_pixels ? `≤${Math.sqrt(p.max_pixels)}²` : ""].filter(Boolean).join(" ")})` : ""}`).join(", ") + ` per ${MEDIA_UNITS[m.kind]}`,
    `${m.source} ${m.verified_at}`,
  ]);
  return `${aligned([header, ...rows])}\n\nPrices are global-profile (or us-east-1) rates; GEO 1.1x: geographic profiles and in-Region ids cost 10% more.\n\nBilled per image, second of video or rerank query:\n\n${aligned([["ID", "NAME", "PRICE", "SOURCE"], ...media])}\n\nCatalog verified ${catalog.verifiedAt}.\n`;
}

function aligned(all: string[][]): string {
  const widths = all[0]!.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}
