import type { CallSite } from "../../../../src/model/call-site.js";
import type { ExtractResult } from "../../../../src/extract/types.js";
import { loadPythonExtractor } from "../../../../src/extract/python/index.js";
import { SideProgram } from "../../../../src/repository/program.js";

const extractor = await loadPythonExtractor();

/** Other files of the same side, by path. */
export type Files = Record<string, string | undefined>;

/** Extracts one snippet, in a side holding it and `files` (without them, on its own). */
export function extract(text: string, path = "app/service.py", files?: Files): ExtractResult {
  if (!files) return extractor.extract({ path, text });
  const defined = Object.fromEntries(Object.entries(files).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const side = SideProgram.ofFiles({ ...defined, [path]: text });
  try {
    return extractor.extract({ path, text }, side);
  } finally {
    side.dispose(); // sites are plain data; the side's parsed trees are freed as the engine frees them
  }
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
    media: site.media,
  };
}

export function sitesOf(text: string, path?: string, files?: Files) {
  const result = extract(text, path, files);
  return result.sites.map(summary);
}

export const lines = (...source: string[]): string => source.join("\n") + "\n";
