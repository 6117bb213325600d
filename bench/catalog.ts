import { performance } from "node:perf_hooks";
import { loadCatalog } from "../src/cost/catalog.js";
import { modelName, PROFILE_PREFIXES } from "../src/cost/model-id.js";

/**
 * Model id resolution, once per call site per side: every catalog model in every form a request
 * writes (bare, versioned, each profile prefix, ARNs), and unknown ids (the did-you-mean search).
 */
export function benchCatalog(): { ids: number; knownMicros: number; unknownMicros: number } {
  const catalog = loadCatalog();
  const known = [...catalog.models, ...catalog.media].flatMap((m) => {
    const name = modelName(m.id);
    return [m.id, name, ...PROFILE_PREFIXES.map((p) => `${p}.${m.id}`), `arn:aws:bedrock:eu-west-1::foundation-model/${m.id}`, `global.${name}-v1:0`];
  });
  const unknown = known.map((id, i) => `${id.replace(/[a-z](?=[^a-z]*$)/, "q")}x${i % 7}`);
  const time = (ids: string[]) => {
    for (const id of ids) catalog.resolve(id); // warm
    const start = performance.now();
    for (let round = 0; round < 5; round++) for (const id of ids) catalog.resolve(id);
    return Math.round(((performance.now() - start) * 1000) / (5 * ids.length) * 10) / 10;
  };
  return { ids: known.length, knownMicros: time(known), unknownMicros: time(unknown) };
}
