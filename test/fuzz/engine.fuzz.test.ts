import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { test } from "vitest";
import { fuzzConfig, fuzzInput, loadSeeds } from "../../bench/fuzz/inputs.js";
import { checkConfig, checkInput } from "../../bench/fuzz/property.js";

/**
 * A fixed sample of the properties `npm run fuzz` checks on 10,000+ inputs (see bench/fuzz/property.ts):
 * the same seed every run, so a failure here is a regression, reproducible as printed.
 */
const seeds = loadSeeds(fileURLToPath(new URL("../../fixtures", import.meta.url)));
const SEED = 9;

test("mutated fixtures and pathological files never throw out of the engine nor drop a file silently", async () => {
  await fc.assert(
    fc.asyncProperty(fuzzInput(seeds), async (input) => void (await checkInput(input))),
    { seed: SEED, numRuns: 400 },
  );
  // ~20 s alone on 2 cores; the room is for a full `npm test` running files side by side.
}, 90_000);

test("found by the fuzzer: a TypeScript conditional chain past the parser's stack, read for its exports, is listed, not thrown", async () => {
  const text = `import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";\nexport const x = ${"a ? 0 : ".repeat(8_000)}0;\n`;
  await checkInput({ mode: "scan", config: "", changeSet: { files: [{ path: "src/a.ts", status: "added", base: null, head: { kind: "text", text } }], notes: [] } });
});

test("parseConfig returns errors, never throws, on arbitrary configs; the engine runs under those it accepts", async () => {
  await fc.assert(
    fc.asyncProperty(fuzzConfig(seeds), async (text) => void (await checkConfig(text))),
    { seed: SEED, numRuns: 300 },
  );
}, 60_000);
