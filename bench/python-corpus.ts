import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { loadPythonExtractor } from "../src/extract/python/index.js";

/**
 * A Python benchmark corpus from real source: Debian's /usr/lib/python3* trees (or python3's own stdlib),
 * copied until `targetBytes`, with a realistic Bedrock call appended to about `bedrockShare` of the files.
 */
export async function buildPythonCorpus(
  dir: string,
  opts: { targetBytes?: number; bedrockShare?: number } = {},
): Promise<{ files: number; bytes: number; bedrockFiles: number }> {
  const targetBytes = opts.targetBytes ?? 20_000_000;
  const bedrockShare = opts.bedrockShare ?? 0.02;
  const sources = await pythonSources();
  if (sources.length === 0) throw new Error("no Python sources found under /usr/lib/python3* or python3's stdlib");
  await rm(dir, { recursive: true, force: true });
  let files = 0;
  let bytes = 0;
  let bedrockFiles = 0;
  for (let copy = 0; bytes < targetBytes; copy++) {
    for (const { root, path } of sources) {
      if (bytes >= targetBytes) break;
      const rel = relative(root, path);
      // Deterministic choice of the files that call Bedrock: a hash of the path, not Math.random.
      const bedrock = hashShare(`${copy}/${rel}`) < bedrockShare;
      const text = await readFile(path, "utf8");
      const body = `# corpus copy ${copy} of ${rel}\n${text}${bedrock ? `\n\n${BEDROCK_SNIPPETS[files % BEDROCK_SNIPPETS.length]}` : ""}`;
      const out = join(dir, `copy-${copy}`, rel);
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, body);
      files++;
      bytes += Buffer.byteLength(body);
      if (bedrock) bedrockFiles++;
    }
  }
  return { files, bytes, bedrockFiles };
}

export interface PythonScanMeasurement {
  files: number;
  bytes: number;
  /** MB (10^6 bytes) per second of reading the files as UTF-8 text: the floor. */
  readMBps: number;
  /** MB per second of read + prefilter + parse + extract for files that pass the prefilter. */
  scanMBps: number;
  /** MB per second of parse + extract over every file, prefilter bypassed: the parser's own speed. */
  parseAllMBps: number;
  prefilterHits: number;
  sites: number;
  problems: number;
  /** Peak resident set of the whole process so far, MB; run in a fresh process for a clean figure. */
  peakRssMB: number;
  /** Loading web-tree-sitter and the Python grammar (first call in the process), ms. */
  coldStartMs: number;
}

/** Times the Python extractor over `files` (absolute paths), single-threaded. */
export async function measurePythonScan(files: string[]): Promise<PythonScanMeasurement> {
  const coldStart = performance.now();
  const extractor = await loadPythonExtractor();
  const coldStartMs = performance.now() - coldStart;

  let bytes = 0;
  let start = performance.now();
  for (const file of files) bytes += Buffer.byteLength(await readFile(file, "utf8"));
  const readSeconds = (performance.now() - start) / 1000;

  let prefilterHits = 0;
  let sites = 0;
  let problems = 0;
  start = performance.now();
  for (const file of files) {
    const text = await readFile(file, "utf8");
    if (!extractor.mayContainCalls(text)) continue;
    prefilterHits++;
    const result = extractor.extract({ path: file, text });
    sites += result.sites.length;
    problems += result.problems.length;
  }
  const scanSeconds = (performance.now() - start) / 1000;

  const texts = await Promise.all(files.map((file) => readFile(file, "utf8")));
  start = performance.now();
  texts.forEach((text, i) => extractor.extract({ path: files[i]!, text }));
  const parseSeconds = (performance.now() - start) / 1000;

  const mb = bytes / 1e6;
  return {
    files: files.length,
    bytes,
    readMBps: mb / readSeconds,
    scanMBps: mb / scanSeconds,
    parseAllMBps: mb / parseSeconds,
    prefilterHits,
    sites,
    problems,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    coldStartMs,
  };
}

/** Every .py file of a Python installation, with the root it is relative to. */
async function pythonSources(): Promise<Array<{ root: string; path: string }>> {
  const roots = (await readdir("/usr/lib").catch(() => [] as string[]))
    .filter((name) => name.startsWith("python3"))
    .map((name) => join("/usr/lib", name));
  if (roots.length === 0) {
    const stdlib = execFileSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).trim();
    if (stdlib) roots.push(stdlib);
  }
  const out: Array<{ root: string; path: string }> = [];
  for (const root of roots.sort()) {
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.isFile() && entry.name.endsWith(".py")) out.push({ root: dirname(root), path: full });
      }
    };
    await walk(root);
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

function hashShare(text: string): number {
  return createHash("sha1").update(text).digest().readUInt32BE(0) / 2 ** 32;
}

/** Real-looking call sites, one per library the Python extractor knows. */
const BEDROCK_SNIPPETS = [
  `import boto3 as _bedrock_boto3

_bedrock_runtime = _bedrock_boto3.client("bedrock-runtime", region_name="us-east-1")


def ask_bedrock(question):
    return _bedrock_runtime.converse(
        modelId="us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        messages=[{"role": "user", "content": [{"text": question}]}],
        inferenceConfig={"maxTokens": 800},
    )
`,
  `import json as _bedrock_json
import os as _bedrock_os
import boto3 as _bedrock_boto3


def summarise_with_bedrock(text):
    body = {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 512, "messages": [{"role": "user", "content": text}]}
    return _bedrock_boto3.client("bedrock-runtime").invoke_model(
        modelId=_bedrock_os.environ.get("SUMMARY_MODEL", "anthropic.claude-3-5-haiku-20241022-v1:0"),
        body=_bedrock_json.dumps(body),
    )
`,
  `from anthropic import AnthropicBedrock as _AnthropicBedrock

_anthropic = _AnthropicBedrock(aws_region="us-west-2")


def classify_ticket(ticket):
    return _anthropic.messages.create(model="global.anthropic.claude-haiku-4-5-20251001-v1:0", max_tokens=256,
                                      messages=[{"role": "user", "content": ticket}])
`,
  `from langchain_aws import ChatBedrockConverse as _ChatBedrockConverse

chat_model = _ChatBedrockConverse(model="amazon.nova-pro-v1:0", max_tokens=1024)
`,
  `from strands import Agent as _Agent

triage_agent = _Agent(model="us.anthropic.claude-sonnet-4-5-20250929-v1:0", system_prompt="Triage the ticket.")
`,
];
