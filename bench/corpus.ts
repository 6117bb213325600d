import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { dirname, extname, join, relative, sep } from "node:path";
import { VENDORED_DIRS } from "../src/changeset/tree.js";

/**
 * Benchmark corpora of real source code: files copied from a source tree as several "copies" (each file
 * gets a header naming its copy, so no two files are byte-identical), with a Bedrock call appended to
 * about `bedrockShare` of them, chosen by a hash of the path (deterministic).
 */
export interface CorpusSpec {
  dir: string;
  minFiles: number;
  minBytes: number;
  bedrockShare: number;
}

export interface Corpus {
  dir: string;
  files: number;
  bytes: number;
  bedrockFiles: number;
  /** Corpus-relative paths of the files with a planted call: each must be found or reported. */
  bedrockPaths: string[];
  /** Distinct real source files the corpus was copied from. */
  sourceFiles: number;
}

export interface SourceFile {
  path: string;
  /** Path inside the corpus copy. */
  rel: string;
}

/** Bumped when the corpus layout or manifest changes, so a stale corpus is rebuilt. */
const CORPUS_VERSION = 4;

export async function buildCorpus(spec: CorpusSpec, sources: SourceFile[], snippets: readonly string[], comment: string): Promise<Corpus> {
  if (sources.length === 0) throw new Error(`no source files to build ${spec.dir} from`);
  const manifestPath = join(spec.dir, "corpus.json");
  const existing = await readFile(manifestPath, "utf8").then(JSON.parse, () => null);
  if (existing?.version === CORPUS_VERSION && JSON.stringify(existing.spec) === JSON.stringify(spec)) return existing.corpus as Corpus;

  await rm(spec.dir, { recursive: true, force: true });
  let files = 0;
  let bytes = 0;
  const bedrockPaths: string[] = [];
  for (let copy = 0; files < spec.minFiles || bytes < spec.minBytes; copy++) {
    for (const source of sources) {
      const rel = `copy-${copy}/${source.rel}`;
      const bedrock = hashShare(rel) < spec.bedrockShare;
      const body = `${comment} corpus ${rel}\n${await readFile(source.path, "utf8")}${bedrock ? `\n\n${snippets[files % snippets.length]}` : ""}`;
      await mkdir(dirname(join(spec.dir, rel)), { recursive: true });
      await writeFile(join(spec.dir, rel), body);
      files++;
      bytes += Buffer.byteLength(body);
      if (bedrock) bedrockPaths.push(rel);
    }
  }
  const corpus: Corpus = { dir: spec.dir, files, bytes, bedrockFiles: bedrockPaths.length, bedrockPaths, sourceFiles: sources.length };
  await writeFile(manifestPath, JSON.stringify({ version: CORPUS_VERSION, spec, corpus }));
  return corpus;
}

/**
 * The project's own node_modules JavaScript/TypeScript sources (not .d.ts), 1–300 KB each, leaving out
 * files under folders the scanner never enters (dist/, build/, nested node_modules/…): the corpus
 * measures code that is analysed.
 */
export async function typescriptSources(nodeModules: string): Promise<SourceFile[]> {
  const extensions = new Set([".js", ".mjs", ".cjs", ".ts", ".tsx"]);
  const out: SourceFile[] = [];
  await walk(nodeModules, async (path, name) => {
    if (!extensions.has(extname(name)) || name.endsWith(".d.ts")) return;
    if (relative(nodeModules, path).split(sep).slice(0, -1).some((dir) => VENDORED_DIRS.has(dir))) return;
    const { size } = await stat(path);
    if (size >= 1024 && size <= 300 * 1024) out.push({ path, rel: relative(nodeModules, path) });
  });
  return out.sort((a, b) => (a.rel < b.rel ? -1 : 1));
}

/** Every .py file of Debian's /usr/lib/python3* trees, or else of python3's own standard library. */
export async function pythonSources(): Promise<SourceFile[]> {
  const roots = (await readdir("/usr/lib").catch(() => [] as string[])).filter((n) => n.startsWith("python3")).map((n) => join("/usr/lib", n));
  if (roots.length === 0) {
    roots.push(execFileSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).trim());
  }
  const out: SourceFile[] = [];
  for (const root of roots.sort()) {
    await walk(root, async (path, name) => {
      if (name.endsWith(".py")) out.push({ path, rel: relative(dirname(root), path) });
    });
  }
  return out.sort((a, b) => (a.rel < b.rel ? -1 : 1));
}

async function walk(dir: string, visit: (path: string, name: string) => Promise<void>): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, visit);
    else if (entry.isFile()) await visit(full, entry.name);
  }
}

function hashShare(text: string): number {
  return createHash("sha1").update(text).digest().readUInt32BE(0) / 2 ** 32;
}
