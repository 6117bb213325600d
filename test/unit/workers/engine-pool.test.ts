import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseConfig } from "../../../src/config/load.js";
import { ruleOptionSchemas } from "../../../src/engine/registry.js";
import type { TreesRequest } from "../../../src/pipeline/review-change.js";
import { blobId } from "../../../src/changeset/tree.js";
import type { GitHubReader } from "../../../src/github/reader.js";
import { githubTree } from "../../../src/github/tree.js";
import { memoryTree, type SourceTree } from "../../../src/repository/source.js";
import { configuredEngine, EnginePool, inProcessEngine, type EnginePoolOptions } from "../../../src/workers/engine-pool.js";

// Workers run compiled JavaScript: the real one from dist/ (`npm test` builds first), and a scripted
// stand-in that misbehaves on cue, for what no real file can be relied on to do (hang, exhaust memory).
const REAL_WORKER = new URL("../../../dist/src/workers/engine-worker.js", import.meta.url);
const SCRIPTED_WORKER = new URL("./scripted-worker.mjs", import.meta.url);

const config = parseConfig("", { path: ".github/bedrock-cost.yml", ruleOptions: ruleOptionSchemas() }).config;
function request(configLabel: string | null = null): TreesRequest {
  return { configs: { base: { config, layers: [] }, head: { config, layers: [] } }, configPath: null, configLabel, mode: "diff", draft: false, budget: { files: 4_000, bytes: 40 * 1024 * 1024 } };
}

function folder(dir: string): Record<string, string> {
  const root = new URL(`../../../fixtures/prs/${dir}`, import.meta.url).pathname;
  const paths = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((path) => statSync(join(root, path)).isFile());
  return Object.fromEntries(paths.map((path) => [path, readFileSync(join(root, path), "utf8")]));
}

const supportBot = () => ({ base: memoryTree(folder("support-bot/base"), "base"), head: memoryTree(folder("support-bot/head"), "head") });

const pools: EnginePool[] = [];
function pool(options: Partial<EnginePoolOptions> & { script: URL }): EnginePool {
  const created = new EnginePool({ size: 1, memoryMb: 512, ...options });
  pools.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

/** Counts the paths each side is asked to read. */
function counted(tree: SourceTree, reads: string[]): SourceTree {
  return { label: tree.label, list: () => tree.list(), read: (paths) => (reads.push(...paths), tree.read(paths)) };
}

describe("EnginePool with the real worker", () => {
  it("reviews in a worker exactly what the engine reviews in process", async () => {
    const inWorker = await pool({ script: REAL_WORKER }).engine(supportBot(), request());
    const inProcess = await inProcessEngine(supportBot(), request());
    expect(inWorker.report.totals.delta).toBeGreaterThan(0);
    expect(inWorker).toEqual(inProcess);
  }, 30_000);

  it("a file whose extraction runs past the per-file deadline costs its worker: the review runs again with the file under Not analysed, and nothing is read twice", async () => {
    const calls = Array.from({ length: 9_000 }, (_, i) => `export const f${i} = () => client.send(new ConverseCommand({ modelId: "m${i}", messages: [] }));`);
    const text = `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";\nconst client = new BedrockRuntimeClient({});\n${calls.join("\n")}`;
    const reads: string[] = [];
    // Hundreds of milliseconds of extraction against a 1 ms deadline.
    const reviewed = await pool({ script: REAL_WORKER, fileDeadlineMs: 1 }).engine({ base: memoryTree({}, "base"), head: counted(memoryTree({ "src/tables.ts": text }, "head"), reads) }, request());
    expect(reviewed.report.problems).toEqual([expect.objectContaining({ path: "src/tables.ts", message: "not analysed: its analysis ran past 0.001 s and was stopped; file skipped" })]);
    expect(reads).toEqual(["src/tables.ts"]);
  }, 30_000);

  it("a worker reused review after review keeps no listeners from earlier ones (no leak warning)", async () => {
    const written: string[] = [];
    const write = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
    try {
      const engines = pool({ script: REAL_WORKER });
      for (let i = 0; i < 12; i++) await engines.engine({ base: memoryTree({ "a.ts": "x" }, "base"), head: memoryTree({ "a.ts": "export const a = 1;\n" }, "head") }, request());
      await new Promise((resolve) => setTimeout(resolve, 100)); // the worker's stderr arrives through the main thread
    } finally {
      write.mockRestore();
    }
    expect(written.filter((line) => line.includes("MaxListenersExceededWarning"))).toEqual([]);
  }, 30_000);

  it("a GitHub error met while serving the worker's reads is the review's error, status and all", async () => {
    const failing: SourceTree = {
      label: "head",
      list: async () => ({ files: new Map([["src/a.ts", { id: "1" }]]), vendoredFolders: [], notes: [] }),
      read: async function* () {
        throw Object.assign(new Error("Bad Gateway"), { status: 502 });
      },
    };
    const rejection = pool({ script: REAL_WORKER }).engine({ base: memoryTree({}, "base"), head: failing }, request());
    await expect(rejection).rejects.toMatchObject({ message: "Bad Gateway", status: 502 });
  }, 30_000);
});

/**
 * A commit's files as GitHub's API answers the App's reads of a tree (the recursive listing, blobs by id
 * over GraphQL), counting the requests: what a worker's relayed requests reach.
 */
function githubAnswers(files: Record<string, string>, requests: string[], fail?: Error): GitHubReader {
  const blobs = new Map(Object.values(files).map((text) => [blobId(Buffer.from(text)), text]));
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  return {
    graphqlRoute: "POST /graphql",
    async body(route, parameters) {
      requests.push(`${route} ${JSON.stringify(parameters)}`);
      if (fail) throw fail;
      if (route.startsWith("GET /repos/{owner}/{repo}/git/trees/")) {
        return json({ sha: "c", truncated: false, tree: Object.entries(files).map(([path, text]) => ({ path, mode: "100644", type: "blob", sha: blobId(Buffer.from(text)), size: Buffer.byteLength(text) })) });
      }
      const { variables } = parameters as { variables: Record<string, string> };
      const nodes = Object.entries(variables).filter(([name]) => /^o\d+$/.test(name)).map(([name, oid]) => {
        const text = blobs.get(oid)!;
        return [`f${name.slice(1)}`, { __typename: "Blob", byteSize: Buffer.byteLength(text), isBinary: false, isTruncated: false, text }];
      });
      return json({ data: { repository: Object.fromEntries(nodes) } });
    },
  };
}

describe("EnginePool with trees on GitHub", () => {
  const repo = { owner: "o", repo: "r" };
  const onGitHub = (requests: string[], fail?: Error) => ({
    base: githubTree(githubAnswers(folder("support-bot/base"), requests, fail), { repo, sha: "b".repeat(40), label: "base" }),
    head: githubTree(githubAnswers(folder("support-bot/head"), requests, fail), { repo, sha: "c".repeat(40), label: "head" }),
  });

  it("the worker reads them itself through requests the App relays, with the in-process result", async () => {
    const relayed: string[] = [];
    const inProcess: string[] = [];
    const inWorker = await pool({ script: REAL_WORKER }).engine(onGitHub(relayed), request());
    expect(inWorker).toEqual(await inProcessEngine(onGitHub(inProcess), request()));
    expect(inWorker.report.totals.delta).toBeGreaterThan(0);
    expect(relayed.sort()).toEqual(inProcess.sort());
  }, 30_000);

  it("a review run again after a stopped file asks GitHub nothing twice", async () => {
    const requests: string[] = [];
    const reviewed = await pool({ script: REAL_WORKER, fileDeadlineMs: 1 }).engine(onGitHub(requests), request());
    expect(reviewed.report.problems.some((problem) => problem.message.includes("was stopped"))).toBe(true);
    expect(new Set(requests).size).toBe(requests.length);
  }, 30_000);

  it("a GitHub error met by a relayed request is the review's error, status and all", async () => {
    const rejection = pool({ script: REAL_WORKER }).engine(onGitHub([], Object.assign(new Error("Bad Gateway"), { status: 502 })), request());
    await expect(rejection).rejects.toMatchObject({ message: "Bad Gateway", status: 502 });
  }, 30_000);
});

describe("EnginePool when a worker misbehaves", () => {
  const trees = () => ({ base: memoryTree({}, "base"), head: memoryTree({}, "head") });

  it("stops a worker stuck in a file at the per-file deadline and runs the review again with that file refused", async () => {
    const reviewed = await pool({ script: SCRIPTED_WORKER, fileDeadlineMs: 200 }).engine(trees(), request("hangs in a file"));
    expect(reviewed.report).toEqual({ refused: [["src/hang.ts", "its analysis ran past 0.2 s and was stopped"]] });
  });

  it("a file that exhausts the worker's memory is refused with that reason; the server lives on", async () => {
    const reviewed = await pool({ script: SCRIPTED_WORKER, memoryMb: 64 }).engine(trees(), request("exhausts memory in a file"));
    expect(reviewed.report).toEqual({ refused: [["src/huge.ts", "its analysis needed more than the 64 MB of memory a worker has"]] });
  }, 30_000);

  it("gives up after three stopped files, naming them", async () => {
    const rejection = pool({ script: SCRIPTED_WORKER, fileDeadlineMs: 100 }).engine(trees(), request("hangs in every file"));
    await expect(rejection).rejects.toThrow("the analysis was stopped 4 times (src/f0.ts, src/f1.ts, src/f2.ts, src/f3.ts): its analysis ran past 0.1 s and was stopped");
  });

  it("says the analysis ran out of memory when no file was being extracted", async () => {
    const rejection = pool({ script: SCRIPTED_WORKER, memoryMb: 64 }).engine(trees(), request("exhausts memory outside any file"));
    await expect(rejection).rejects.toThrow("the analysis ran out of memory (64 MB per worker; BEDROCK_COST_WORKER_MEMORY_MB raises it)");
  }, 30_000);

  it("says so when a worker exits mid-review", async () => {
    await expect(pool({ script: SCRIPTED_WORKER }).engine(trees(), request("exits"))).rejects.toThrow("the engine worker exited (code 3) before the analysis finished");
  });

  it("a review that must stop terminates its worker at once, and the next review gets a fresh one", async () => {
    const engines = pool({ script: SCRIPTED_WORKER });
    const stop = new AbortController();
    const stuck = engines.engine(trees(), request("hangs outside any file"), stop.signal);
    setTimeout(() => stop.abort(new Error("review was interrupted because the server shut down")), 100);
    await expect(stuck).rejects.toThrow("review was interrupted because the server shut down");
    expect((await engines.engine(trees(), request())).report).toEqual({ refused: [] });
  });

  it("runs at most `size` reviews at once: a review waits for a free worker, and one aborted while waiting never starts", async () => {
    const engines = pool({ script: SCRIPTED_WORKER, size: 1 });
    const first = new AbortController();
    const stuck = engines.engine(trees(), request("hangs outside any file"), first.signal);
    const waiting = new AbortController();
    const queued = engines.engine(trees(), request(), waiting.signal);
    waiting.abort(new Error("gave up waiting"));
    await expect(queued).rejects.toThrow("gave up waiting");
    const next = engines.engine(trees(), request());
    first.abort(new Error("stopped"));
    await expect(stuck).rejects.toThrow("stopped");
    expect((await next).report).toEqual({ refused: [] });
  });
});

describe("configuredEngine", () => {
  it("runs the engine in process with BEDROCK_COST_WORKERS=0, in a pool otherwise", () => {
    expect(configuredEngine({ BEDROCK_COST_WORKERS: "0" }, 2).engine).toBe(inProcessEngine);
    expect(configuredEngine({}, 2).engine).not.toBe(inProcessEngine);
    expect(configuredEngine({ BEDROCK_COST_WORKERS: "many" }, 0).engine).toBe(inProcessEngine);
  });
});
