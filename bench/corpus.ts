import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { dirname, extname, join, relative, sep } from "node:path";
import { VENDORED_DIRS } from "../src/repository/source.js";

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
const CORPUS_VERSION = 5;

/**
 * A shared-client application: one module makes the Bedrock client and a `chat()` wrapper, another holds
 * the model id, and `importerShare` of the real files import them — half call the wrapper, half call the
 * client from its factory — without any of them naming Bedrock: whole-program resolution finds them.
 */
export interface SharedClientSpec {
  /** Share of the corpus's files that call Bedrock through the shared modules. */
  importerShare: number;
}

const SHARED_CONFIG = `export const MODEL = process.env.CHAT_MODEL ?? "global.anthropic.claude-haiku-4-5-20251001-v1:0";\n`;
const SHARED_CLIENT = `import AnthropicBedrock from "@anthropic-ai/bedrock-sdk";
import { MODEL } from "./config.js";
let client;
export function getClient() {
  client ??= new AnthropicBedrock({ awsRegion: "us-east-1" });
  return client;
}
export async function chat(prompt, maxTokens = 400) {
  return getClient().messages.create({ model: MODEL, max_tokens: maxTokens, messages: [{ role: "user", content: prompt }] });
}
`;

function importerSnippet(rel: string, n: number): string {
  const up = "../".repeat(rel.split("/").length - 1) || "./";
  const from = `${up}shared/llm.js`;
  return n % 2 === 0
    ? `import { chat as __chat } from "${from}";\nexport async function __summarise(text) { return __chat(text, ${200 + (n % 7) * 100}); }\n`
    : `import { getClient as __client } from "${from}";\nimport { MODEL as __MODEL } from "${up}shared/config.js";\nexport async function __answer(q) { return __client().messages.create({ model: __MODEL, max_tokens: 512, messages: [{ role: "user", content: q }] }); }\n`;
}

export async function buildCorpus(spec: CorpusSpec & { shared?: SharedClientSpec }, sources: SourceFile[], snippets: readonly string[], comment: string): Promise<Corpus> {
  if (sources.length === 0) throw new Error(`no source files to build ${spec.dir} from`);
  const manifestPath = join(spec.dir, "corpus.json");
  const existing = await readFile(manifestPath, "utf8").then(JSON.parse, () => null);
  if (existing?.version === CORPUS_VERSION && JSON.stringify(existing.spec) === JSON.stringify(spec)) return existing.corpus as Corpus;

  await rm(spec.dir, { recursive: true, force: true });
  let files = 0;
  let bytes = 0;
  const bedrockPaths: string[] = [];
  if (spec.shared) {
    for (const [rel, text] of [["shared/config.js", SHARED_CONFIG], ["shared/llm.js", SHARED_CLIENT]] as const) {
      await mkdir(dirname(join(spec.dir, rel)), { recursive: true });
      await writeFile(join(spec.dir, rel), text);
      files++;
      bytes += Buffer.byteLength(text);
    }
    bedrockPaths.push("shared/llm.js");
  }
  for (let copy = 0; files < spec.minFiles || bytes < spec.minBytes; copy++) {
    for (const source of sources) {
      const rel = `copy-${copy}/${source.rel}`;
      const bedrock = hashShare(rel) < spec.bedrockShare;
      const importer = spec.shared !== undefined && !bedrock && hashShare(`shared:${rel}`) < spec.shared.importerShare;
      const n = files;
      const planted = bedrock ? `\n\n${snippets[n % snippets.length]}` : importer ? `\n\n${importerSnippet(rel, n)}` : "";
      const body = `${comment} corpus ${rel}\n${await readFile(source.path, "utf8")}${planted}`;
      await mkdir(dirname(join(spec.dir, rel)), { recursive: true });
      await writeFile(join(spec.dir, rel), body);
      files++;
      bytes += Buffer.byteLength(body);
      // A wrapper call's site is in shared/llm.js (per caller); a factory client's call is in the importer.
      if (bedrock || (importer && n % 2 === 1)) bedrockPaths.push(rel);
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
