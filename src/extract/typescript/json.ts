import type { ObjectValue, StaticValue } from "./value.js";

/** A parsed JSON value as a static value with the given provenance (of the string or file it was parsed from). */
export function fromJson(json: unknown, base: Pick<StaticValue, "source" | "names">): StaticValue {
  const provenance = { source: base.source, names: base.names };
  if (typeof json === "string") return { kind: "string", value: json, ...provenance };
  if (typeof json === "number") return { kind: "number", value: json, ...provenance };
  if (typeof json === "boolean") return { kind: "boolean", value: json, ...provenance };
  if (Array.isArray(json)) return { kind: "array", items: json.map((item) => fromJson(item, base)), unknownParts: [], ...provenance };
  if (json === null) return { kind: "nullish", ...provenance };
  const entries: ObjectValue["entries"] = new Map();
  for (const [key, item] of Object.entries(json as Record<string, unknown>)) entries.set(key, { value: fromJson(item, base), spreadsBefore: 0 });
  return { kind: "object", entries, unknownSpreads: [], ...provenance };
}
