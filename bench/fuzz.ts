import { mkdir, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { FILE_TIME_BUDGET_MS } from "../src/extract/limits.js";
import { describeInput, fuzzConfig, fuzzInput, loadSeeds, type FuzzInput } from "./fuzz/inputs.js";
import { checkConfig, checkInput, PropertyFailure } from "./fuzz/property.js";

/**
 * `npm run fuzz` (issue #9): the engine's property (bench/fuzz/property.ts) on generated inputs — mutated
 * fixtures and pathological files — and the config loader's on generated configs, seeded, a failure shrunk
 * by fast-check to a minimal counterexample. Options: --runs N --config-runs N --seed S (or FUZZ_RUNS,
 * FUZZ_CONFIG_RUNS, FUZZ_SEED). Results go to bench/results/fuzz.json and fuzz.md; the exit code is 1
 * when a property failed.
 */
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..");

function option(name: string, env: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const raw = at >= 0 ? process.argv[at + 1] : process.env[env];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`--${name} must be an integer, got ${raw}`);
  return value;
}

const runs = option("runs", "FUZZ_RUNS", 10_000);
const configRuns = option("config-runs", "FUZZ_CONFIG_RUNS", 2_000);
const seed = option("seed", "FUZZ_SEED", Date.now() % 2 ** 31);
/** Distinct causes of failure shrunk to a minimal counterexample, per property (each shrink reruns the engine many times). */
const MAX_SHRUNK = 5;

interface Failure {
  property: string;
  kind: string;
  /** Inputs that failed this way. */
  inputs: number;
  /** fast-check's replay point: fc.check(property, { seed, path }). */
  seed: number;
  path: string;
  shrinks: number;
  error: string;
  counterexample: string;
}

const tally = (counts: Record<string, number>, key: string) => void (counts[key] = (counts[key] ?? 0) + 1);
const round = (n: number) => Math.round(n * 100) / 100;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const kindOf = (error: unknown) => (error instanceof PropertyFailure ? error.kind : `unexpected ${String(error).slice(0, 120)}`);

/**
 * Checks `numRuns` values of `arbitrary`, going on past failures so the figures cover every input; then
 * replays the first input of each kind of failure and lets fast-check shrink it, keeping to that kind.
 */
async function run<T, O>(property: string, arbitrary: fc.Arbitrary<T>, numRuns: number, runSeed: number, check: (value: T) => Promise<O>, record: (value: T, outcome: O) => void, show: (value: T) => string) {
  const firsts = new Map<string, { index: number; inputs: number }>();
  let index = 0;
  const started = performance.now();
  await fc.check(
    fc.asyncProperty(arbitrary, async (value) => {
      const at = index++;
      try {
        record(value, await check(value));
      } catch (error) {
        const first = firsts.get(kindOf(error)) ?? { index: at, inputs: 0 };
        first.inputs++;
        firsts.set(kindOf(error), first);
      }
    }),
    { seed: runSeed, numRuns },
  );
  const seconds = (performance.now() - started) / 1000;
  const failures: Failure[] = [];
  for (const [kind, { index, inputs }] of [...firsts].slice(0, MAX_SHRUNK)) {
    const sameKind = fc.asyncProperty(arbitrary, async (value) => {
      try {
        await check(value);
      } catch (error) {
        if (kindOf(error) === kind) throw error;
      }
    });
    const details = await fc.check(sameKind, { seed: runSeed, path: String(index), numRuns: 1 });
    const counterexample = details.counterexample?.[0];
    failures.push({
      property,
      kind,
      inputs,
      seed: runSeed,
      path: details.counterexamplePath ?? String(index),
      shrinks: details.numShrinks,
      error: counterexample === undefined ? "(did not fail again when replayed)" : await fullStack(() => check(counterexample)),
      counterexample: counterexample === undefined ? "" : show(counterexample),
    });
  }
  return { failures, seconds };
}

/** The error of a failing check with our frames only: a stack overflow's first thousands are the parser's. */
async function fullStack(check: () => Promise<unknown>): Promise<string> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  try {
    await check();
    return "(passed when run again: a failure near a stack-size threshold)";
  } catch (error) {
    const text = error instanceof PropertyFailure ? error.detail : error instanceof Error ? (error.stack ?? error.message) : String(error);
    const lines = text.split("\n");
    const ours = lines.slice(1).filter((line) => !/node_modules|node:internal|<anonymous>/.test(line));
    return [lines[0], ...ours].slice(0, 16).join("\n");
  } finally {
    Error.stackTraceLimit = limit;
  }
}

async function main() {
  const seeds = loadSeeds(join(repoRoot, "fixtures"));
  process.stdout.write(`fuzz: seed ${seed}, ${runs} engine inputs, ${configRuns} configs, ${seeds.files.length} seed files\n`);

  const byKind: Record<string, number> = {};
  const accounted: Record<string, number> = {};
  const notAnalysed: Record<string, { files: number; example: string }> = {};
  const inputMs: number[] = [];
  /** Inputs analyzeChange took longer on than one file's time budget: the slowest shown. */
  const overBudget = { inputs: 0, slowestMs: 0, slowest: "" };
  // yaml warns once per odd key (a collection as a map key); counted, not printed 10,000 times.
  const warnings: Record<string, number> = {};
  process.removeAllListeners("warning").on("warning", (warning) => tally(warnings, warning.message.slice(0, 120)));
  const config = { accepted: 0, rejected: 0, ms: [] as number[] };
  let inputs = 0;

  const started = performance.now();
  const engine = await run(
    "engine",
    fuzzInput(seeds),
    runs,
    seed,
    checkInput,
    (input: FuzzInput, outcome) => {
      inputs++;
      inputMs.push(outcome.ms);
      if (outcome.ms > FILE_TIME_BUDGET_MS) {
        overBudget.inputs++;
        if (outcome.ms > overBudget.slowestMs) Object.assign(overBudget, { slowestMs: round(outcome.ms), slowest: describeInput(input) });
      }
      tally(byKind, input.mode);
      for (const kind of new Set(input.kinds)) tally(byKind, kind);
      for (const how of outcome.accounted) tally(accounted, how);
      for (const { category, message } of outcome.notAnalysed) (notAnalysed[category] ??= { files: 0, example: message.slice(0, 200) }).files++;
      if (inputs % 1000 === 0) process.stdout.write(`  ${inputs} inputs, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    },
    describeInput,
  );
  const configCheck = await run(
    "config",
    fuzzConfig(seeds),
    configRuns,
    seed + 1,
    async (text: string) => {
      const start = performance.now();
      return { ...(await checkConfig(text)), ms: performance.now() - start };
    },
    (_, outcome) => {
      config.ms.push(outcome.ms);
      if (outcome.accepted) config.accepted++;
      else config.rejected++;
    },
    (text) => `${text.length} chars ${JSON.stringify(text.slice(0, 200))}`,
  );
  const failures = [...engine.failures, ...configCheck.failures];
  const sorted = [...inputMs].sort((a, b) => a - b);
  const configSorted = [...config.ms].sort((a, b) => a - b);
  const machine = { node: process.version, cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), date: new Date().toISOString() };
  const results = {
    machine,
    seed,
    engine: {
      inputs: runs,
      failed: runs - inputs,
      seconds: round(engine.seconds),
      // analyzeChange alone, per input; the seconds are the whole run (generating, checking), shrinking apart.
      perInputMs: { p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)), max: round(sorted.at(-1) ?? 0) },
      byKind,
      accounted,
      notAnalysed,
      overBudget,
    },
    config: {
      inputs: configRuns,
      failed: configRuns - config.accepted - config.rejected,
      accepted: config.accepted,
      rejected: config.rejected,
      seconds: round(configCheck.seconds),
      perInputMs: { p50: round(percentile(configSorted, 0.5)), p99: round(percentile(configSorted, 0.99)), max: round(configSorted.at(-1) ?? 0) },
    },
    peakRssMb: round(process.resourceUsage().maxRSS / 1024),
    warnings,
    failures,
  };

  const out = join(repoRoot, "bench", "results");
  await mkdir(out, { recursive: true });
  await writeFile(join(out, "fuzz.json"), JSON.stringify(results, null, 2) + "\n");
  const table = (head: string, rows: Array<[string, ...Array<string | number>]>) => [head, head.replace(/[^|]+/g, "---"), ...rows.map((r) => `| ${r.join(" | ")} |`)];
  const byCount = (counts: Record<string, number>) => Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const e = results.engine;
  const c = results.config;
  const lines = [
    `# Fuzz results`,
    ``,
    `${machine.date} · Node ${machine.node} · ${machine.cpus} cores · ${machine.memoryGb} GB · seed ${seed} (replay: \`npm run fuzz -- --seed ${seed}\`)`,
    ``,
    ...table("| property | inputs | failures | seconds | p50 / p99 / max ms per input |", [
      ["engine: analyzeChange never throws, never drops a file", e.inputs, e.failed, e.seconds, `${e.perInputMs.p50} / ${e.perInputMs.p99} / ${e.perInputMs.max}`],
      [`config: parseConfig never throws (${c.accepted} accepted, run through the engine)`, c.inputs, c.failed, c.seconds, `${c.perInputMs.p50} / ${c.perInputMs.p99} / ${c.perInputMs.max}`],
    ]),
    ``,
    `Peak RSS ${results.peakRssMb} MB. Per-input times are analyzeChange's alone (engine) and the whole check (config).`,
    `Process warnings: ${byCount(warnings).map(([message, n]) => `${n} × "${message}"`).join("; ") || "none"}.`,
    ``,
    `## Inputs over one file's time budget (${FILE_TIME_BUDGET_MS / 1000} s)`,
    ``,
    overBudget.inputs === 0
      ? "None."
      : `${overBudget.inputs} input(s); the slowest, ${overBudget.slowestMs} ms (not a property failure: every file in it was accounted for):\n\n\`\`\`\n${overBudget.slowest}\n\`\`\``,
    ``,
    `## Engine inputs by kind`,
    ``,
    `Each input is a scan or a diff of 1–4 files; a kind counts the inputs with at least one file (or, \`head:\`, one diff's head side) made that way.`,
    ``,
    ...table("| kind | inputs |", byCount(e.byKind)),
    ``,
    `## Files not analysed, by reason`,
    ``,
    ...table("| reason | files | example |", Object.entries(e.notAnalysed).sort((a, b) => b[1].files - a[1].files).map(([reason, v]) => [reason, v.files, `\`${v.example.replace(/[|`\n]/g, " ")}\``])),
    ``,
    ...(e.notAnalysed["extractor failed (caught)"]
      ? [`"extractor failed (caught)" is an exception inside an extractor that the per-file guard turned into this line: accounted for, yet a bug to look at.`, ``]
      : []),
    `## How each file side was accounted for`,
    ``,
    `listed: a problem or skipped entry names it; facts: sites or resources on that side; analysed, nothing found: its extractors alone find nothing either.`,
    ``,
    ...table("| how | file sides |", byCount(e.accounted)),
    ``,
    `## Failures`,
    ``,
    ...(failures.length === 0
      ? ["None."]
      : failures.flatMap((f) => [
          `### ${f.property}: ${f.kind}`,
          ``,
          `${f.inputs} input(s); shrunk ${f.shrinks} times; replay with fc.check and { seed: ${f.seed}, path: "${f.path}" }.`,
          ``,
          "```",
          f.error,
          "```",
          ``,
          "Minimal counterexample (each file's first 200 characters):",
          ``,
          "```",
          f.counterexample,
          "```",
          ``,
        ])),
    ``,
  ];
  await writeFile(join(out, "fuzz.md"), lines.join("\n"));
  process.stdout.write(lines.join("\n"));
  if (failures.length > 0) process.exitCode = 1;
}

await main();
