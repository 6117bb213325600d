import { performance } from "node:perf_hooks";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { folderTree } from "../src/changeset/tree.js";
import { emptyTree } from "../src/repository/source.js";
import { handlesPath, loadExtractors } from "../src/extract/index.js";
import { analyzeTrees } from "../src/pipeline/analyze-trees.js";

/**
 * One measurement in a fresh process, so peak RSS belongs to that measurement alone.
 * argv: <read|scan> <dir>. Prints one JSON line.
 */
async function main() {
  // Time since the process started: Node itself plus loading this module graph (ts-morph's TypeScript is most of it).
  const importMs = performance.now();
  const [what, dir] = process.argv.slice(2);
  if (!dir || (what !== "read" && what !== "scan")) throw new Error("usage: measure-child <read|scan> <dir>");
  const coldStart = performance.now();
  const extractors = await loadExtractors();
  const coldStartMs = performance.now() - coldStart;
  const tree = folderTree(dir, `folder ${dir}`, { contentIds: false });

  const start = performance.now();
  let result: Record<string, number | string[]>;
  if (what === "read") {
    // The floor: list the same files and read each as text, nothing else.
    const paths = [...(await tree.list()).files.keys()].filter((path) => handlesPath(extractors, path));
    let bytes = 0;
    for (const path of paths) bytes += readFileSync(join(dir, path)).toString("utf8").length;
    result = { files: paths.length, chars: bytes };
  } else {
    const { report } = await analyzeTrees(emptyTree, tree, { mode: "scan" });
    result = {
      sites: report.sites.length,
      siteFiles: [...new Set(report.sites.map((s) => s.head!.path))],
      reportedFiles: [...report.skipped.map((s) => s.path), ...report.problems.map((p) => p.path)],
    };
  }
  const ms = performance.now() - start;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ what, ms, importMs, coldStartMs, peakRssMb, ...result }) + "\n");
}

await main();
