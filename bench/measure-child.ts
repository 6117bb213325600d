import { performance } from "node:perf_hooks";
import { emptyTree, folderTree } from "../src/changeset/tree.js";
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
  const tree = folderTree(dir);

  const start = performance.now();
  let result: Record<string, number | string[]>;
  if (what === "read") {
    // The floor: list the same files and read each as text, nothing else.
    const paths = [...(await tree.list((path) => handlesPath(extractors, path))).files.keys()];
    let bytes = 0;
    for await (const [, data] of tree.read(paths)) bytes += Buffer.from(data).toString("utf8").length;
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
