import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../../src/cost/catalog.js";
import { modelName, PROFILE_PREFIXES } from "../../../src/cost/model-id.js";

/**
 * Every id form a real request writes resolves to the catalog model it names: each model of every
 * family, under every profile prefix, bare (no version), versioned and as an ARN.
 */
const catalog = loadCatalog();
const all = [...catalog.models, ...catalog.media];

/** Names two catalog entries share (Titan Embeddings v1/v2, Nova Reel v1:0/v1:1): bare, they are ambiguous. */
const shared = new Set(all.map((m) => modelName(m.id)).filter((name, i, names) => names.indexOf(name) !== i));

function forms(id: string): Array<[string, string]> {
  const name = modelName(id);
  const versioned = name === id ? `${id}-v1:0` : id;
  const bare: Array<[string, string]> = shared.has(name) ? [] : [["bare", name]];
  return [["as listed", id], ["versioned", versioned], ...bare];
}

describe.each(all.map((m) => [m.id, m] as const))("%s", (id) => {
  it("resolves in every form under every prefix", () => {
    for (const [form, written] of forms(id)) {
      const inputs = [
        written,
        `arn:aws:bedrock:us-east-1::foundation-model/${written}`,
        ...PROFILE_PREFIXES.flatMap((prefix) => [`${prefix}.${written}`, `arn:aws:bedrock:us-east-1:123456789012:inference-profile/${prefix}.${written}`]),
      ];
      for (const input of inputs) {
        const resolution = catalog.resolve(input);
        expect(resolution.ok ? resolution.model.id : resolution.reason, `${form}: ${input}`).toBe(id);
      }
    }
  });
});

describe("names two models share", () => {
  it.each([...shared])("%s alone is ambiguous, never a guess", (name) => {
    const resolution = catalog.resolve(`global.${name}`);
    expect(resolution.ok ? resolution.model.id : resolution.reason).toMatch(/^ambiguous model id/);
  });
});
