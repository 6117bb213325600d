import type { CallSite } from "../../../../src/model/call-site.js";
import type { ExtractResult, SiblingFiles } from "../../../../src/extract/types.js";
import { loadPythonExtractor } from "../../../../src/extract/python/index.js";

const extractor = await loadPythonExtractor();

export function extract(text: string, path = "app/service.py", siblings?: SiblingFiles): ExtractResult {
  return extractor.extract({ path, text }, siblings);
}

/** The fields a table row states, flattened so a row reads like the code it describes. */
export function summary(site: CallSite) {
  return {
    line: site.location.line,
    column: site.location.column,
    sdk: site.sdk,
    api: site.api,
    symbol: site.symbol,
    key: site.key,
    model: site.model,
    maxTokens: site.maxTokens,
    cache: `${site.cachePoints.count} ${site.cachePoints.locations.join(",") || "-"} ${site.cachePoints.ttl}`,
    system: site.systemPrompt,
    tier: site.serviceTier,
    embedding: site.embedding,
    notes: site.notes,
  };
}

export function sitesOf(text: string, path?: string, siblings?: SiblingFiles) {
  const result = extract(text, path, siblings);
  return result.sites.map(summary);
}

export const lines = (...source: string[]): string => source.join("\n") + "\n";
