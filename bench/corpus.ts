import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { dirname, extname, join, relative } from "node:path";

/**
 * A benchmark corpus of real JavaScript/TypeScript: the project's own node_modules sources (not .d.ts),
 * copied as several "packages" (each copy gets its own header so no two files are byte-identical), with
 * a Bedrock call appended to about `bedrockShare` of the files.
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
  sourceFiles: number;
}

const SOURCE_EXTENSIONS = new Set([".js", ".mjs", ".cjs", ".ts", ".tsx"]);

export async function buildTypescriptCorpus(spec: CorpusSpec, nodeModules: string): Promise<Corpus> {
  const manifestPath = join(spec.dir, "corpus.json");
  const existing = await readFile(manifestPath, "utf8").then(JSON.parse, () => null);
  if (existing && existing.spec && JSON.stringify(existing.spec) === JSON.stringify(spec)) return existing.corpus as Corpus;

  await rm(spec.dir, { recursive: true, force: true });
  const sources = await collect(nodeModules);
  let files = 0;
  let bytes = 0;
  let bedrockFiles = 0;
  for (let copy = 0; files < spec.minFiles || bytes < spec.minBytes; copy++) {
    for (const source of sources) {
      const text = await readFile(source, "utf8");
      const rel = relative(nodeModules, source);
      const out = join(spec.dir, `pkg-${copy}`, rel);
      // Deterministic choice of the files that call Bedrock: a hash of the path, not Math.random.
      const bedrock = hashShare(`${copy}/${rel}`) < spec.bedrockShare;
      const body = `// corpus copy ${copy} of ${rel}\n${text}${bedrock ? `\n${BEDROCK_SNIPPETS[files % BEDROCK_SNIPPETS.length]}` : ""}`;
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, body);
      files++;
      bytes += Buffer.byteLength(body);
      if (bedrock) bedrockFiles++;
    }
  }
  const corpus: Corpus = { dir: spec.dir, files, bytes, bedrockFiles, sourceFiles: sources.length };
  await writeFile(manifestPath, JSON.stringify({ spec, corpus }));
  return corpus;
}

async function collect(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && SOURCE_EXTENSIONS.has(extname(entry.name)) && !entry.name.endsWith(".d.ts")) {
        const { size } = await stat(full);
        if (size >= 1024 && size <= 300 * 1024) out.push(full);
      }
    }
  };
  await walk(root);
  return out.sort();
}

function hashShare(text: string): number {
  return createHash("sha1").update(text).digest().readUInt32BE(0) / 2 ** 32;
}

/** Real-looking call sites, one per SDK, written as plain JavaScript so they fit .js and .ts files alike. */
const BEDROCK_SNIPPETS = [
  `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const bedrockClient = new BedrockRuntimeClient({ region: "us-east-1" });
export async function askBedrock(question) {
  return bedrockClient.send(new ConverseCommand({
    modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    messages: [{ role: "user", content: [{ text: question }] }],
    inferenceConfig: { maxTokens: 800 },
  }));
}
`,
  `import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
const runtime = new BedrockRuntimeClient({});
export async function summarise(text) {
  return runtime.send(new InvokeModelCommand({
    modelId: process.env.SUMMARY_MODEL ?? "anthropic.claude-3-5-haiku-20241022-v1:0",
    body: JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 512, messages: [{ role: "user", content: text }] }),
  }));
}
`,
  `import { bedrock } from "@ai-sdk/amazon-bedrock";
import { generateText } from "ai";
export async function draftReply(prompt) {
  return generateText({ model: bedrock("global.anthropic.claude-haiku-4-5-20251001-v1:0"), prompt, maxOutputTokens: 600 });
}
`,
  `import { ChatBedrockConverse } from "@langchain/aws";
export const chatModel = new ChatBedrockConverse({ model: "amazon.nova-pro-v1:0", maxTokens: 1024 });
`,
  `import AnthropicBedrock from "@anthropic-ai/bedrock-sdk";
const anthropic = new AnthropicBedrock({ awsRegion: "us-west-2" });
export async function classify(ticket) {
  return anthropic.messages.create({ model: "global.anthropic.claude-sonnet-4-6", max_tokens: 256, messages: [{ role: "user", content: ticket }] });
}
`,
];
