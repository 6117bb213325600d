import { createHmac, generateKeyPairSync } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import nock from "nock";
import { Probot, ProbotOctokit } from "probot";
import app, { createApp } from "../../src/app.js";
import type { Schedule } from "../../src/queue/review-queue.js";
import type { Engine } from "../../src/workers/engine-pool.js";
import { blobId } from "../../src/changeset/tree.js";
import type { Report, SiteChange, SiteReport } from "../../src/model/report.js";
import type { ChangeSet } from "../../src/model/source-file.js";
import type { ExtractedChange, ExtractOptions } from "../../src/pipeline/extract-change.js";

export const SECRET = "test-webhook-secret";
export const OWNER = "Codertocat";
export const REPO = "Hello-World";
export const API = "https://api.github.com";
export const REPO_PATH = `/repos/${OWNER}/${REPO}`;
export const HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
export const BASE_TIP = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
export const MERGE_BASE = "7638417db6d59f3c431d3e1f261cc637155684cd";
export const CHECK_RUN_ID = 4242;

// One real key for every test: app auth signs a JWT with it before nock answers the token request.
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
export const PRIVATE_KEY = privateKey;

export function fixture<T = any>(path: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), "utf8")) as T;
}

export interface Harness {
  probot: Probot;
  /** Delivers a payload through the real webhook entry, signed with the app's secret. */
  deliver(name: string, payload: unknown, signWith?: string): Promise<void>;
}

/** `schedule`: the server's queue instead of reviewing before the delivery returns; `engine`: an EnginePool's workers. */
export async function createHarness(options: { retry?: boolean; baseUrl?: string; schedule?: Schedule; engine?: Engine } = {}): Promise<Harness> {
  const probot = new Probot({
    appId: 123,
    privateKey: PRIVATE_KEY,
    secret: SECRET,
    logLevel: "fatal",
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    // A function, not an object: Probot layers its own throttle options over object defaults.
    Octokit: ProbotOctokit.defaults((instanceOptions: object) => ({
      ...instanceOptions,
      retry: options.retry ? { enabled: true, retries: 1, retryAfterBaseValue: 1 } : { enabled: false },
      throttle: { enabled: false },
    })),
  });
  await probot.load(options.schedule || options.engine ? createApp({ ...(options.schedule ? { schedule: options.schedule } : {}), ...(options.engine ? { engine: options.engine } : {}) }) : app);
  return {
    probot,
    async deliver(name, payload, signWith = SECRET) {
      const body = JSON.stringify(payload);
      const signature = `sha256=${createHmac("sha256", signWith).update(body).digest("hex")}`;
      await probot.webhooks.verifyAndReceive({ id: `delivery-${Math.random()}`, name: name as never, signature, payload: body });
    },
  };
}

/** The installation token exchange every event starts with. */
export function mockToken(scope: nock.Scope, installationId: number | string = 1): nock.Scope {
  return scope
    .post(`/app/installations/${installationId}/access_tokens`)
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: { checks: "write", contents: "read", pull_requests: "write", metadata: "read" } });
}

export interface BlobStub {
  byteSize?: number;
  isBinary?: boolean;
  isTruncated?: boolean;
  text: string | null;
}

/**
 * A GraphQL blob answer: the aliases f0…fN in request order, looked up by `sha:path` expression (e0…)
 * or by blob id (o0…). `files` holds both kinds of key; `blobsOf` turns repository sides into ids.
 */
export function blobReply(files: Record<string, BlobStub | null>) {
  return (_uri: string, body: any) => {
    const repository: Record<string, unknown> = {};
    for (const [name, key] of Object.entries(body.variables as Record<string, string>)) {
      if (!/^[eo]\d+$/.test(name)) continue;
      const blob = files[key];
      repository[`f${name.slice(1)}`] =
        blob === undefined || blob === null ? null : { byteSize: blob.byteSize ?? Buffer.byteLength(blob.text ?? ""), isBinary: blob.isBinary ?? false, isTruncated: blob.isTruncated ?? false, text: blob.text };
    }
    return { data: { repository } };
  };
}

/** The `sha:path` expressions of a GraphQL blob query body, in order. */
export function expressions(body: any): string[] {
  return Object.entries(body.variables as Record<string, string>)
    .filter(([name]) => /^e\d+$/.test(name))
    .map(([, value]) => value);
}

/** The blob ids of a GraphQL blob query body, in order. */
export function oids(body: any): string[] {
  return Object.entries(body.variables as Record<string, string>)
    .filter(([name]) => /^o\d+$/.test(name))
    .map(([, value]) => value);
}

/** One side of a repository as files: path -> text. */
export type RepoFiles = Record<string, string>;

export function oidOf(text: string): string {
  return blobId(Buffer.from(text, "utf8"));
}

/** GitHub's recursive git tree of a commit whose files are `files` (blob ids are the git ids of the texts). */
export function treeResponse(commit: string, files: RepoFiles, truncated = false) {
  return {
    sha: `${commit.slice(0, 30)}tree`,
    url: `${API}${REPO_PATH}/git/trees/${commit}`,
    truncated,
    tree: Object.entries(files).map(([path, text]) => ({ path, mode: "100644", type: "blob", sha: oidOf(text), size: Buffer.byteLength(text), url: `${API}${REPO_PATH}/git/blobs/${oidOf(text)}` })),
  };
}

/** Serves the recursive tree of each commit, once each (`apiPrefix`: "/api/v3" on GitHub Enterprise Server). */
export function mockTrees(scope: nock.Scope, sides: Record<string, RepoFiles>, apiPrefix = ""): nock.Scope {
  for (const [commit, files] of Object.entries(sides)) scope.get(`${apiPrefix}${REPO_PATH}/git/trees/${commit}`).query({ recursive: "1" }).reply(200, treeResponse(commit, files));
  return scope;
}

/** Blob stubs by id for every file of the given sides (to merge into a `blobReply` map). */
export function blobsOf(...sides: RepoFiles[]): Record<string, BlobStub> {
  const out: Record<string, BlobStub> = {};
  for (const side of sides) for (const text of Object.values(side)) out[oidOf(text)] = { text };
  return out;
}

export const CONFIG_FILE = ".github/bedrock-cost.yml";

/** Every file of one side of a fixture pull request (`fixtures/prs/<name>/<side>`): what the git tree of that commit holds. */
export function fixtureSide(prDir: string, side: "base" | "head"): RepoFiles {
  const root = fileURLToPath(new URL(`../../${prDir}/${side}`, import.meta.url));
  const out: RepoFiles = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[relative(root, full).split("\\").join("/")] = readFileSync(full, "utf8");
    }
  };
  walk(root);
  return out;
}

/** Every blob of both trees by id, and each side's config by expression (the policy read at the base branch tip). */
export function fixtureBlobs(base: RepoFiles, head: RepoFiles, headSha = HEAD): Record<string, BlobStub> {
  return { ...blobsOf(base, head), [`${BASE_TIP}:${CONFIG_FILE}`]: { text: base[CONFIG_FILE]! }, [`${headSha}:${CONFIG_FILE}`]: { text: head[CONFIG_FILE]! } };
}

/**
 * Pull request #2 of the recorded webhooks as the git trees of its merge base and head: `src/support.ts`
 * changes its model, `src/old_agent.py` moves to `src/agent.py` unchanged (one blob id on both sides),
 * `README.md` changes, and the head adds a vendored copy under `vendor/`, which is never listed. Each
 * side's config (when given) is in its tree too.
 */
export const PR2 = {
  supportBase: `import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";\nconst MODEL = "anthropic.claude-3-haiku-20240307-v1:0";\n`,
  supportHead: `import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";\nconst MODEL = "anthropic.claude-sonnet-4-5-20250929-v1:0";\n`,
  agent: `import boto3\nclient = boto3.client("bedrock-runtime")\n`,
  readmeBase: "# Hello-World\n",
  readmeHead: "# Hello-World\n\nNow answers support questions with Claude on Bedrock.\n",
  vendored: `import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";\nexport const runtime = new BedrockRuntimeClient({});\n`,
} as const;

export interface ConfigTexts {
  /** The config at the base branch tip (read by expression) and in the merge base's tree; null: none. */
  base?: string | null | undefined;
  /** The config at the head (read by expression) and in its tree; null: none. */
  head?: string | null | undefined;
}

export function pr2Trees(config: ConfigTexts = {}): { base: RepoFiles; head: RepoFiles } {
  const withConfig = (text: string | null | undefined): RepoFiles => (text === undefined || text === null ? {} : { [CONFIG_FILE]: text });
  return {
    base: { ...withConfig(config.base), "README.md": PR2.readmeBase, "src/old_agent.py": PR2.agent, "src/support.ts": PR2.supportBase },
    head: { ...withConfig(config.head), "README.md": PR2.readmeHead, "src/agent.py": PR2.agent, "src/support.ts": PR2.supportHead, "vendor/bedrock-client/index.ts": PR2.vendored },
  };
}

/** Every blob a review of PR #2 may ask for: the configs by `sha:path` (base branch tip and head), the trees' files by id. */
export function pr2Blobs(config: ConfigTexts = {}): Record<string, BlobStub | null> {
  const trees = pr2Trees(config);
  const text = (value: string | null | undefined) => (value === undefined || value === null ? null : { text: value });
  return { ...blobsOf(trees.base, trees.head), [`${BASE_TIP}:${CONFIG_FILE}`]: text(config.base), [`${HEAD}:${CONFIG_FILE}`]: text(config.head) };
}

/**
 * What a stubbed `extractChange` hands on to `priceChange` (tests that stub the engine assert its
 * inputs, not its facts): the change set it was given, no facts.
 */
export function extractedStub(changeSet: ChangeSet, options: ExtractOptions): ExtractedChange {
  const noFacts = () => ({ sites: [], resources: [], unseen: new Map<string, string>() });
  const changed = new Set([...changeSet.files.flatMap((file) => [file.path, ...(file.previousPath ? [file.previousPath] : [])]), ...(changeSet.otherChanges ?? [])]);
  return { changeSet, mode: options.mode, base: noFacts(), head: noFacts(), changed, problems: [], notes: [...changeSet.notes], headText: () => undefined };
}

export function site(overrides: Partial<SiteReport> = {}): SiteReport {
  return {
    path: "src/support.ts",
    line: 12,
    column: 3,
    endLine: 16,
    symbol: "answer",
    language: "typescript",
    sdk: "aws-sdk-js-v3",
    api: "converse",
    model: { id: "anthropic.claude-sonnet-4-5-20250929-v1:0", source: "constant" },
    profile: "none",
    maxTokens: 1024,
    embedding: false,
    cachePoints: 0,
    cache: { count: 0, locations: [], ttl: "5m" },
    systemPromptTokens: null,
    serviceTier: "standard",
    monthlyCost: 1500,
    components: [],
    costNotes: [],
    notes: [],
    assumptions: {
      requestsPerMonth: 304_167,
      inputTokens: 1000,
      outputTokens: 300,
      cacheHitRate: 0,
      callsPerRequest: 1,
      source: "default",
      origins: { requestsPerMonth: "built-in default", inputTokens: "built-in default", outputTokens: "built-in default", cacheHitRate: "built-in default", callsPerRequest: "built-in default" },
    },
    ...overrides,
  };
}

export function siteChange(key: string, base: number | null, head: number | null, line = 12): SiteChange {
  return {
    key,
    change: "modified",
    base: site({ line, monthlyCost: base, model: { id: "anthropic.claude-3-haiku-20240307-v1:0", source: "constant" } }),
    head: site({ line, monthlyCost: head }),
    monthlyDelta: base === null || head === null ? null : head - base,
  };
}

/** A diff report with one modified site, base -> head dollars. */
export function report(base: number, head: number, overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    currency: "USD",
    mode: "diff",
    totals: { base, head, delta: head - base, deltaPercent: base === 0 ? null : ((head - base) / base) * 100, unpricedBase: 0, unpricedHead: 0 },
    sites: [siteChange("src/support.ts#answer#converse#0", base, head)],
    resources: [],
    findings: [],
    suppressed: [],
    unpriced: [],
    problems: [],
    skipped: [],
    assumptions: { configPath: null, builtInDefaults: {}, catalogVerifiedAt: "2026-11-01" },
    notes: [],
    ...overrides,
  };
}

/** The look for stranded runs every review makes after starting its own: none, unless given. */
export function listsCheckRuns(scope: nock.Scope, head = HEAD, runs: Array<{ id: number; started_at: string }> = [], apiPrefix = ""): nock.Scope {
  return scope
    .get(`${apiPrefix}${REPO_PATH}/commits/${head}/check-runs`)
    .query({ check_name: "Bedrock cost", status: "in_progress", filter: "all", per_page: 100 })
    .reply(200, { total_count: runs.length, check_runs: runs.map((run) => ({ ...run, name: "Bedrock cost", status: "in_progress" })) });
}
