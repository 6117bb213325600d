import { performance } from "node:perf_hooks";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { folderTree } from "../src/changeset/tree.js";
import { parseConfig } from "../src/config/load.js";
import { ruleOptionSchemas } from "../src/engine/registry.js";
import { emptyTree, type SourceTree } from "../src/repository/source.js";
import { handlesPath, loadExtractors } from "../src/extract/index.js";
import { analyzeTrees } from "../src/pipeline/analyze-trees.js";
import type { TreesRequest } from "../src/pipeline/review-change.js";
import { CLI_READ_BUDGET } from "../src/repository/view.js";
import { githubReader } from "../src/github/reader.js";
import { githubTree } from "../src/github/tree.js";
import { DEFAULT_WORKER_MEMORY_MB, EnginePool, inProcessEngine, type Engine } from "../src/workers/engine-pool.js";
import { githubInMemory } from "./github-in-memory.js";

/**
 * One measurement in a fresh process, so peak RSS belongs to that measurement alone (worker threads
 * included). argv: <read|scan> <dir>, or <workers|workers-github> <dir> <reviews> <pool size>: that
 * many scans of the folder at once on an EnginePool of that size (0: the engine in process), as the App runs them, timed after each worker has
 * reviewed the folder once (started, parsers loaded, code optimised, as in a running App); `workers`
 * serves the folder from disk, `workers-github` through GitHub's API as the App reads it (github-in-memory.ts).
 * Prints one JSON line.
 */
async function main() {
  // Time since the process started: Node itself plus loading this module graph (ts-morph's TypeScript is most of it).
  const importMs = performance.now();
  const [what, dir] = process.argv.slice(2);
  if (!dir || (what !== "read" && what !== "scan" && what !== "workers" && what !== "workers-github")) {
    throw new Error("usage: measure-child <read|scan> <dir> | <workers|workers-github> <dir> <reviews> <pool size>");
  }
  const coldStart = performance.now();
  const extractors = await loadExtractors();
  const coldStartMs = performance.now() - coldStart;
  const served = what === "workers-github" ? await githubInMemory(dir) : undefined;
  const tree = served ? () => githubTree(githubReader(served.github), { repo: served.repo, sha: served.sha, label: "head" }) : () => folderTree(dir, `folder ${dir}`, { contentIds: false });
  const reviews = Number(process.argv[4] ?? 1);
  const pool = what.startsWith("workers") ? await warmEngine(Number(process.argv[5] ?? 1), tree) : undefined;

  const start = performance.now();
  const loop = performance.eventLoopUtilization();
  let result: Record<string, number | string[]>;
  if (pool) {
    const reviewed = await Promise.all(Array.from({ length: reviews }, () => pool.engine({ base: emptyTree, head: tree() }, SCAN)));
    result = { sites: reviewed[0]!.report.sites.length };
    await pool.close();
  } else if (what === "read") {
    // The floor: list the same files and read each as text, nothing else.
    const paths = [...(await tree().list()).files.keys()].filter((path) => handlesPath(extractors, path));
    let bytes = 0;
    for (const path of paths) bytes += readFileSync(join(dir, path)).toString("utf8").length;
    result = { files: paths.length, chars: bytes };
  } else {
    const { report } = await analyzeTrees(emptyTree, tree(), { mode: "scan" });
    result = {
      sites: report.sites.length,
      siteFiles: [...new Set(report.sites.map((s) => s.head!.path))],
      reportedFiles: [...report.skipped.map((s) => s.path), ...report.problems.map((p) => p.path)],
    };
  }
  const ms = performance.now() - start;
  // How long this thread (the App's, when workers run the engine) was busy in that time.
  const busyMs = performance.eventLoopUtilization(loop).active;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ what, ms, busyMs, importMs, coldStartMs, peakRssMb, ...result }) + "\n");
}

/** A scan under the built-in config, the whole folder read (the CLI's budget). */
const SCAN: TreesRequest = (() => {
  const { config } = parseConfig("", { path: ".github/bedrock-cost.yml", ruleOptions: ruleOptionSchemas() });
  const side = { config, layers: [] };
  return { configs: { base: side, head: side }, configPath: null, configLabel: null, mode: "scan", draft: false, budget: CLI_READ_BUDGET };
})();

/** An engine whose workers (or, in process, whose code) have reviewed the tree once already, as in a running App. */
async function warmEngine(size: number, tree: () => SourceTree): Promise<{ engine: Engine; close(): Promise<void> }> {
  const pool = size > 0 ? new EnginePool({ size, memoryMb: DEFAULT_WORKER_MEMORY_MB }) : undefined;
  const engine = pool?.engine ?? inProcessEngine;
  // One review per worker at once: each takes its own worker.
  await Promise.all(Array.from({ length: Math.max(size, 1) }, () => engine({ base: emptyTree, head: tree() }, SCAN)));
  return { engine, close: async () => pool?.close() };
}

await main();
