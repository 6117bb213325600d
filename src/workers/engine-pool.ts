import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { envNumber } from "../config/env.js";
import { FILE_TIME_BUDGET_MS } from "../extract/limits.js";
import { isGitHubTree } from "../github/tree.js";
import { reviewTrees, type Reviewed, type TreesRequest } from "../pipeline/review-change.js";
import type { Listing, ReadFile, SourceTree } from "../repository/source.js";
import { packFiles, received, sendable, type FromWorker, type Side, type ToWorker, type WorkerTree } from "./protocol.js";

export type Trees = Record<Side, SourceTree>;

/**
 * How the App runs the engine on a pull request's two trees: in process (tests, the CLI's way), or in
 * an EnginePool's worker threads. `signal` aborts when the review must stop (its time is up, or the
 * server shuts down).
 */
export type Engine = (trees: Trees, request: TreesRequest, signal?: AbortSignal) => Promise<Reviewed>;

export const inProcessEngine: Engine = (trees, request) => reviewTrees(trees, request);

/**
 * How long one file's extraction may run before its worker is stopped. The extractors stop themselves
 * at FILE_TIME_BUDGET_MS where they can check; this catches what cannot check (inside a parser).
 */
export const FILE_HARD_DEADLINE_MS = 3 * FILE_TIME_BUDGET_MS;

/** Files a review may lose to stopped workers before it gives up: a worker dying on every file is no file's fault. */
const MAX_STOPPED_FILES = 3;

export interface EnginePoolOptions {
  /** Worker threads (reviews analysed at once). */
  size: number;
  /** Heap limit of each worker (V8 old generation), in MB. */
  memoryMb: number;
  fileDeadlineMs?: number;
  /** The worker's compiled entry; defaults to engine-worker.js beside this module. */
  script?: URL;
}

/** Each worker's heap unless BEDROCK_COST_WORKER_MEMORY_MB says otherwise: several times what the 50 MB benchmark corpus needs. */
export const DEFAULT_WORKER_MEMORY_MB = 1024;

/**
 * The engine the App runs with, from the environment: BEDROCK_COST_WORKERS worker threads (0 runs the
 * engine in process; default `defaultSize`), each with BEDROCK_COST_WORKER_MEMORY_MB of heap.
 */
export function configuredEngine(env: NodeJS.ProcessEnv, defaultSize: number): { engine: Engine; close(): Promise<void> } {
  const size = envNumber(env.BEDROCK_COST_WORKERS, defaultSize, { integer: true, atLeast: 0 });
  if (size === 0) return { engine: inProcessEngine, close: async () => {} };
  const pool = new EnginePool({ size, memoryMb: envNumber(env.BEDROCK_COST_WORKER_MEMORY_MB, DEFAULT_WORKER_MEMORY_MB, { integer: true, atLeast: 64 }) });
  return { engine: pool.engine, close: () => pool.close() };
}

/** Worker threads for a server: two, or one on a single core (reviews beyond them wait in the queue). */
export const SERVER_WORKERS = Math.min(2, availableParallelism());

type Outcome =
  | { kind: "done"; result: Reviewed }
  /** The review failed for a reason of its own (GitHub, a bug): the worker is fine. */
  | { kind: "failed"; error: Error }
  /** The worker was stopped while extracting `path`: the review is tried again without that file. */
  | { kind: "stopped"; path: string; reason: string }
  /** The worker died, or the review was aborted: the worker is replaced. */
  | { kind: "lost"; error: unknown };

/**
 * Worker threads that run the engine for the App, so that untrusted code is parsed off the server's
 * event loop: a file that exhausts a worker's memory or runs past the per-file deadline costs that
 * worker (it is terminated and replaced), and the review is run again with that file listed under "Not
 * analysed"; a review that must stop terminates its worker at once. Workers read the trees through
 * messages (see protocol.ts); what was read is kept for the review's retries. A worker is reused for
 * the next review, so its parsers load once.
 */
export class EnginePool {
  private readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<(worker: Worker) => void> = [];
  private closed = false;

  constructor(private readonly options: EnginePoolOptions) {}

  readonly engine: Engine = async (trees, request, signal) => {
    const served = new ServedTrees(trees);
    const refused = new Map<string, string>();
    for (;;) {
      const worker = await this.acquire(signal);
      const outcome = await this.run(worker, served, request, refused, signal);
      if (outcome.kind === "done" || outcome.kind === "failed") this.release(worker);
      else this.retire(worker);
      if (outcome.kind === "done") return outcome.result;
      if (outcome.kind === "failed") throw outcome.error;
      if (outcome.kind === "lost") throw outcome.error;
      refused.set(outcome.path, outcome.reason);
      if (refused.size > MAX_STOPPED_FILES) {
        throw new Error(`the analysis was stopped ${refused.size} times (${[...refused.keys()].join(", ")}): ${outcome.reason}`);
      }
    }
  };

  /** Terminates every worker (server shutdown; tests). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }

  private acquire(signal: AbortSignal | undefined): Promise<Worker> {
    if (this.closed) return Promise.reject(new Error("the engine pool is closed"));
    signal?.throwIfAborted();
    const idle = this.idle.pop();
    if (idle) return Promise.resolve(idle);
    if (this.workers.size < this.options.size) return Promise.resolve(this.spawn());
    return new Promise((resolve, reject) => {
      const take = (worker: Worker) => {
        signal?.removeEventListener("abort", abort);
        resolve(worker);
      };
      const abort = () => {
        this.waiting.splice(this.waiting.indexOf(take), 1);
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", abort, { once: true });
      this.waiting.push(take);
    });
  }

  private spawn(): Worker {
    const worker = new Worker(this.options.script ?? new URL("./engine-worker.js", import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb },
    });
    this.workers.add(worker);
    // A running review hears its worker's error itself; an idle worker that dies is only forgotten.
    worker.on("error", () => {});
    worker.on("exit", () => {
      this.workers.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
    });
    return worker;
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) return next(worker);
    if (this.closed) return void this.retire(worker);
    worker.unref(); // an idle worker keeps no process alive
    this.idle.push(worker);
  }

  private retire(worker: Worker): void {
    this.workers.delete(worker);
    void worker.terminate();
    const next = this.waiting.shift();
    if (next) next(this.spawn());
  }

  private run(worker: Worker, served: ServedTrees, request: TreesRequest, refused: ReadonlyMap<string, string>, signal: AbortSignal | undefined): Promise<Outcome> {
    const deadlineMs = this.options.fileDeadlineMs ?? FILE_HARD_DEADLINE_MS;
    const { memoryMb } = this.options;
    worker.ref();
    return new Promise<Outcome>((resolve) => {
      let inFile: string | null = null;
      let fileTimer: ReturnType<typeof setTimeout> | undefined;
      // A GitHub error met serving the worker is the review's error as the App knows it (status and all).
      let sourceError: unknown;
      const post = (message: ToWorker, transfer: ArrayBuffer[] = []) => worker.postMessage(message, transfer);
      const finish = (outcome: Outcome) => {
        clearTimeout(fileTimer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
        signal?.removeEventListener("abort", onAbort);
        resolve(outcome);
      };
      const sourceFailed = (call: number | Side) => (error: unknown) => {
        sourceError ??= error;
        post({ kind: "source-failed", call, error: sendable(error) });
      };
      const onMessage = (message: FromWorker) => {
        switch (message.kind) {
          case "list":
            served.list(message.side).then((listing) => post({ kind: "listing", side: message.side, listing }), sourceFailed(message.side));
            return;
          case "read":
            served.read(message.side, message.paths, (batch) => {
              const { files, bytes } = packFiles(batch);
              post({ kind: "files", call: message.call, files, bytes }, [bytes]);
            }).then(() => post({ kind: "end", call: message.call }), sourceFailed(message.call));
            return;
          case "request":
            served.body(message.side, message.route, message.parameters).then((bytes) => post({ kind: "body", call: message.call, bytes }, [bytes]), sourceFailed(message.call));
            return;
          case "progress":
            clearTimeout(fileTimer);
            inFile = message.path;
            if (inFile !== null) {
              const path = inFile;
              fileTimer = setTimeout(() => finish({ kind: "stopped", path, reason: `its analysis ran past ${deadlineMs / 1000} s and was stopped` }), deadlineMs);
            }
            return;
          case "done":
            finish({ kind: "done", result: message.result });
            return;
          case "failed":
            finish({ kind: "failed", error: sourceError instanceof Error ? sourceError : received(message.error) });
        }
      };
      const onError = (error: Error & { code?: string }) => {
        const outOfMemory = error.code === "ERR_WORKER_OUT_OF_MEMORY";
        if (outOfMemory && inFile !== null) finish({ kind: "stopped", path: inFile, reason: `its analysis needed more than the ${memoryMb} MB of memory a worker has` });
        else if (outOfMemory) finish({ kind: "lost", error: new Error(`the analysis ran out of memory (${memoryMb} MB per worker; BEDROCK_COST_WORKER_MEMORY_MB raises it)`) });
        else finish({ kind: "lost", error });
      };
      const onExit = (code: number) => finish({ kind: "lost", error: new Error(`the engine worker exited (code ${code}) before the analysis finished`) });
      const onAbort = () => finish({ kind: "lost", error: signal!.reason });
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      signal?.addEventListener("abort", onAbort, { once: true });
      post({ kind: "review", request, trees: { base: served.workerTree("base"), head: served.workerTree("head") }, refused: [...refused] });
    });
  }
}

/** Files per message to a worker. */
const SERVED_BATCH = 200;

/**
 * The App's side of a review in a worker: each side listed once, each file read once and each GitHub
 * request answered once, across retries.
 */
class ServedTrees {
  private readonly listings = new Map<Side, Promise<Listing>>();
  private readonly files = new Map<string, ReadFile>();
  private readonly bodies = new Map<string, Promise<Uint8Array>>();

  constructor(readonly trees: Trees) {}

  workerTree(side: Side): WorkerTree {
    const tree = this.trees[side];
    if (!isGitHubTree(tree)) return { kind: "served", label: tree.label };
    return { kind: "github", address: tree.github.address, graphqlRoute: tree.github.reader.graphqlRoute };
  }

  /** A relayed request's answer, as a copy the caller may transfer (the kept one serves a retry). */
  async body(side: Side, route: string, parameters: Record<string, unknown>): Promise<ArrayBuffer> {
    const tree = this.trees[side];
    if (!isGitHubTree(tree)) throw new Error(`the ${side} side is not on GitHub`);
    const key = `${side} ${route} ${JSON.stringify(parameters)}`;
    let body = this.bodies.get(key);
    if (!body) this.bodies.set(key, (body = tree.github.reader.body(route, parameters)));
    return (await body).slice().buffer;
  }

  list(side: Side): Promise<Listing> {
    let listing = this.listings.get(side);
    if (!listing) this.listings.set(side, (listing = this.trees[side].list()));
    return listing;
  }

  /** Serves the files in batches of at most SERVED_BATCH files, as the source yields them. */
  async read(side: Side, paths: readonly string[], send: (files: ReadFile[]) => void): Promise<void> {
    let batch: ReadFile[] = [];
    const add = (file: ReadFile) => {
      batch.push(file);
      if (batch.length < SERVED_BATCH) return;
      send(batch);
      batch = [];
    };
    const unread: string[] = [];
    for (const path of paths) {
      const known = this.files.get(`${side}:${path}`);
      if (known) add(known);
      else unread.push(path);
    }
    if (unread.length > 0) {
      for await (const file of this.trees[side].read(unread)) {
        this.files.set(`${side}:${file.path}`, file);
        add(file);
      }
    }
    if (batch.length > 0) send(batch);
  }
}
