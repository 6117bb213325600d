import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCorpus, pythonSources, typescriptSources, type Corpus } from "./corpus.js";
import { PYTHON_SNIPPETS, TYPESCRIPT_SNIPPETS } from "./snippets.js";
import { benchCatalog } from "./catalog.js";

/**
 * `npm run bench`: scan speed and memory against the time merely to read the same files, measured in one
 * run on corpora of real code (TypeScript/JavaScript: this project's node_modules, ≥ 5,000 files / 50 MB;
 * Python: Debian's standard library, ~20 MB), ~2% of files with a planted Bedrock call, and the same
 * TypeScript code again with a shared client module that 6% of the files call through (issue #8). Targets (issue #2): scan/read ratio ≤ 4×, peak RSS < 400 MB.
 * Results go to bench/results/latest.json and latest.md; nothing here is a test.
 */
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..");
const RUNS = 3;
const TARGET_RATIO = 4;
const TARGET_RSS_MB = 400;

interface Measurement {
  what: string;
  ms: number;
  /** Busy time of the measuring thread (the App's, when workers run the engine). */
  busyMs: number;
  importMs: number;
  coldStartMs: number;
  peakRssMb: number;
  sites?: number;
  siteFiles?: string[];
  reportedFiles?: string[];
}

function measure(what: "read" | "scan" | "workers" | "workers-github", dir: string, ...args: number[]): Measurement {
  const child = join(here, "measure-child.js");
  const out = execFileSync(process.execPath, [child, what, dir, ...args.map(String)], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(out.trim().split("\n").pop()!) as Measurement;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function benchCorpus(name: string, corpus: Corpus) {
  const reads: Measurement[] = [];
  const scans: Measurement[] = [];
  measure("read", corpus.dir); // warm the page cache once, unmeasured
  for (let i = 0; i < RUNS; i++) {
    reads.push(measure("read", corpus.dir));
    scans.push(measure("scan", corpus.dir));
  }
  const readMs = median(reads.map((m) => m.ms));
  const scanMs = median(scans.map((m) => m.ms));
  const mb = corpus.bytes / 1e6;
  // A planted call is found, or its file is reported (skipped as minified, syntax error): never silently lost.
  const found = new Set(scans[0]!.siteFiles);
  const reported = new Set(scans[0]!.reportedFiles);
  const reportedPlanted = corpus.bedrockPaths.filter((p) => !found.has(p) && reported.has(p)).length;
  const missed = corpus.bedrockPaths.filter((p) => !found.has(p) && !reported.has(p));
  return {
    name,
    corpus: { files: corpus.files, megabytes: round(mb), bedrockFiles: corpus.bedrockFiles, realSourceFiles: corpus.sourceFiles },
    read: { ms: round(readMs), mbPerSecond: round(mb / (readMs / 1000)), peakRssMb: round(Math.max(...reads.map((m) => m.peakRssMb))) },
    scan: {
      ms: round(scanMs),
      mbPerSecond: round(mb / (scanMs / 1000)),
      filesPerSecond: round(corpus.files / (scanMs / 1000)),
      peakRssMb: round(Math.max(...scans.map((m) => m.peakRssMb))),
      coldStartMs: round(median(scans.map((m) => m.coldStartMs))),
      startupMs: round(median(scans.map((m) => m.importMs))),
      sitesFound: scans[0]!.sites!,
      plantedFilesFound: corpus.bedrockPaths.filter((p) => found.has(p)).length,
      plantedFilesReported: reportedPlanted,
      plantedFilesMissed: missed,
    },
    ratio: round(scanMs / readMs),
    runs: RUNS,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The App's engine in worker threads (issue #9), on one corpus, everything warm: one review in process
 * and in a worker (the cost of serving the files over messages), and two reviews at once on one worker
 * and on two (what the second core buys a server with several pull requests queued) — with the trees
 * served from disk, and through GitHub's API as the App reads them. The cases take turns, run by run,
 * so a busy moment of a shared machine falls on all of them.
 */
function benchWorkers(corpus: Corpus) {
  const cases = [
    { name: "in process, 1 review", args: ["workers", 1, 0] as const, reviews: 1 },
    { name: "1 worker, 1 review", args: ["workers", 1, 1] as const, reviews: 1 },
    { name: "1 worker, 2 reviews at once", args: ["workers", 2, 1] as const, reviews: 2 },
    { name: "2 workers, 2 reviews at once", args: ["workers", 2, 2] as const, reviews: 2 },
    { name: "via GitHub's API: 1 worker, 2 reviews at once", args: ["workers-github", 2, 1] as const, reviews: 2 },
    { name: "via GitHub's API: 2 workers, 2 reviews at once", args: ["workers-github", 2, 2] as const, reviews: 2 },
  ];
  const measurements = cases.map((): Measurement[] => []);
  for (let run = 0; run < RUNS; run++) {
    for (const [i, c] of cases.entries()) measurements[i]!.push(measure(c.args[0], corpus.dir, c.args[1], c.args[2]));
  }
  const rows = cases.map((c, i) => {
    const ms = median(measurements[i]!.map((m) => m.ms));
    return { name: c.name, ms: round(ms), appThreadBusyMs: round(median(measurements[i]!.map((m) => m.busyMs))), mbPerSecond: round((c.reviews * corpus.bytes) / 1e6 / (ms / 1000)), peakRssMb: round(Math.max(...measurements[i]!.map((m) => m.peakRssMb))), sites: measurements[i]![0]!.sites! };
  });
  const ratio = (slower: number, faster: number) => round(rows[slower]!.ms / rows[faster]!.ms);
  return { corpus: { files: corpus.files, megabytes: round(corpus.bytes / 1e6) }, rows, workerOverhead: ratio(1, 0), twoWorkerSpeedup: ratio(2, 3), twoWorkerSpeedupGitHub: ratio(4, 5) };
}

async function main() {
  const base = join(tmpdir(), "bedrock-cost-bench");
  const tsSources = await typescriptSources(join(repoRoot, "node_modules"));
  const ts = await buildCorpus({ dir: join(base, "typescript"), minFiles: 5_000, minBytes: 50_000_000, bedrockShare: 0.02 }, tsSources, TYPESCRIPT_SNIPPETS, "//");
  // The same code as an application: a shared client module and model constant, imported by 6% of the
  // files (which never name Bedrock): the whole-program path (import scan, graph, callers).
  const shared = await buildCorpus(
    { dir: join(base, "typescript-shared-client"), minFiles: 5_000, minBytes: 50_000_000, bedrockShare: 0.02, shared: { importerShare: 0.06 } },
    tsSources,
    TYPESCRIPT_SNIPPETS,
    "//",
  );
  const python = await buildCorpus(
    { dir: join(base, "python"), minFiles: 1, minBytes: 20_000_000, bedrockShare: 0.02 },
    await pythonSources(),
    PYTHON_SNIPPETS,
    "#",
  );
  const results = [await benchCorpus("typescript", ts), await benchCorpus("typescript-shared-client", shared), await benchCorpus("python", python)];
  const workers = benchWorkers(ts);
  const catalogIds = benchCatalog();
  const verdicts = results.map((r) => ({
    name: r.name,
    ratioOk: r.ratio <= TARGET_RATIO,
    rssOk: r.scan.peakRssMb < TARGET_RSS_MB,
    sitesOk: r.scan.plantedFilesMissed.length === 0,
  }));
  const machine = { node: process.version, cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), date: new Date().toISOString() };
  const out = join(repoRoot, "bench", "results");
  await mkdir(out, { recursive: true });
  await writeFile(join(out, "latest.json"), JSON.stringify({ machine, targets: { ratio: TARGET_RATIO, peakRssMb: TARGET_RSS_MB }, results, verdicts, workers, catalogIds }, null, 2) + "\n");
  const lines = [
    `# Benchmark results`,
    ``,
    `${machine.date} · Node ${machine.node} · ${machine.cpus} cores · ${machine.memoryGb} GB · median of ${RUNS} runs, each in a fresh process`,
    ``,
    `| corpus | files | MB | Bedrock files | read MB/s | scan MB/s | files/s | scan ÷ read | peak RSS | startup / parser load | planted found / reported / missed |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.corpus.files} | ${r.corpus.megabytes} | ${r.corpus.bedrockFiles} | ${r.read.mbPerSecond} | ${r.scan.mbPerSecond} | ${r.scan.filesPerSecond} | ${r.ratio}× | ${r.scan.peakRssMb} MB | ${r.scan.startupMs} / ${r.scan.coldStartMs} ms | ${r.scan.plantedFilesFound} / ${r.scan.plantedFilesReported} / ${r.scan.plantedFilesMissed.length} |`,
    ),
    ``,
    `Targets: scan ÷ read ≤ ${TARGET_RATIO}×, peak RSS < ${TARGET_RSS_MB} MB. Startup: process start to ready (Node and the module graph,`,
    `mostly ts-morph's TypeScript); parser load: the WebAssembly grammars (Python, HCL). Neither is in the scan time.`,
    ...verdicts.map((v) => `- ${v.name}: ratio ${v.ratioOk ? "met" : "MISSED"}, memory ${v.rssOk ? "met" : "MISSED"}, every planted call found or its file reported: ${v.sitesOk ? "yes" : "NO"}`),
    ``,
    `"Reported" files are planted files the scan listed as not analysable (minified bundles, syntax errors) — said, not silently dropped.`,
    ``,
    `## The App's engine in worker threads (typescript corpus, ${workers.corpus.files} files, ${workers.corpus.megabytes} MB per review)`,
    ``,
    `| case | ms | App thread busy ms | MB/s (all reviews) | peak RSS (process and workers) | sites per review |`,
    `|---|---:|---:|---:|---:|---:|`,
    ...workers.rows.map((r) => `| ${r.name} | ${r.ms} | ${r.appThreadBusyMs} | ${r.mbPerSecond} | ${r.peakRssMb} MB | ${r.sites} |`),
    ``,
    `Worker overhead (1 worker ÷ in process, files served over messages): ${workers.workerOverhead}×. Two reviews at once, 2 workers against 1:`,
    `${workers.twoWorkerSpeedupGitHub}× faster with the trees read through GitHub's API (the App's case), ${workers.twoWorkerSpeedup}× from disk (the App's thread then reads and lists both trees itself).`,
    `Everything is warm before timing (each worker, or the process, has reviewed the tree once), as in a running App.`,
    ``,
    `## Model id resolution`,
    ``,
    `${catalogIds.ids} ids (every catalog model bare, versioned, under each profile prefix and as an ARN): ${catalogIds.knownMicros} µs an id;`,
    `the same number of unknown ids (the did-you-mean search over the catalog): ${catalogIds.unknownMicros} µs an id.`,
    ``,
  ];
  await writeFile(join(out, "latest.md"), lines.join("\n"));
  process.stdout.write(lines.join("\n"));
}

await main();
