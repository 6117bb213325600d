import { EventEmitter, on } from "node:events";
import { parentPort } from "node:worker_threads";
import { refuseFiles, reportProgress } from "../extract/limits.js";
import type { GitHubReader } from "../github/reader.js";
import { githubTree } from "../github/tree.js";
import { reviewTrees } from "../pipeline/review-change.js";
import type { Listing, ReadFile, SourceTree } from "../repository/source.js";
import { received, sendable, unpackFiles, type FromWorker, type Side, type ToWorker, type WorkerTree } from "./protocol.js";

// An engine worker (see EnginePool): reviews one pair of trees at a time, reading them through the App.

if (!parentPort) throw new Error("engine-worker.js runs as a worker thread of EnginePool");
const port = parentPort;
const send = (message: FromWorker) => port.postMessage(message);

/** Replies from the App: a listing per side, the files of each read call, the answer to each request. */
const replies = new EventEmitter();
let nextCall = 0;

function workerTree(side: Side, tree: WorkerTree): SourceTree {
  return tree.kind === "github" ? githubTree(relayedReader(side, tree.graphqlRoute), tree.address) : servedTree(side, tree.label);
}

/** GitHub's answers through the App's client, parsed here. */
function relayedReader(side: Side, graphqlRoute: string): GitHubReader {
  return {
    graphqlRoute,
    body(route, parameters) {
      const call = nextCall++;
      const answered = new Promise<Uint8Array>((resolve, reject) => {
        replies.once(`call:${call}`, (event: string, value: unknown) => (event === "body" ? resolve(value as Uint8Array) : reject(value)));
      });
      send({ kind: "request", call, side, route, parameters });
      return answered;
    },
  };
}

function servedTree(side: Side, label: string): SourceTree {
  return {
    label,
    list() {
      const listed = new Promise<Listing>((resolve, reject) => {
        // Both listeners go when either answer comes: a worker lists sides for review after review.
        const listing = (value: Listing) => settle(() => resolve(value));
        const failed = (error: Error) => settle(() => reject(error));
        const settle = (then: () => void) => {
          replies.off(`listing:${side}`, listing);
          replies.off(`failed:${side}`, failed);
          then();
        };
        replies.on(`listing:${side}`, listing);
        replies.on(`failed:${side}`, failed);
      });
      send({ kind: "list", side });
      return listed;
    },
    async *read(paths) {
      const call = nextCall++;
      const channel = new EventEmitter();
      replies.on(`call:${call}`, (event: string, value: unknown) => channel.emit(event, value));
      // Listening before asking: no file can arrive unheard.
      const batches = on(channel, "files", { close: ["end"] });
      send({ kind: "read", call, side, paths: [...paths] });
      try {
        for await (const [files] of batches) yield* files as ReadFile[];
      } finally {
        replies.removeAllListeners(`call:${call}`);
      }
    },
  };
}

port.on("message", (message: ToWorker) => {
  switch (message.kind) {
    case "review":
      void review(message);
      return;
    case "listing":
      replies.emit(`listing:${message.side}`, message.listing);
      return;
    case "files":
      replies.emit(`call:${message.call}`, "files", unpackFiles(message.files, message.bytes));
      return;
    case "end":
      replies.emit(`call:${message.call}`, "end");
      return;
    case "body":
      replies.emit(`call:${message.call}`, "body", new Uint8Array(message.bytes));
      return;
    case "source-failed":
      if (typeof message.call === "number") replies.emit(`call:${message.call}`, "error", received(message.error));
      else replies.emit(`failed:${message.call}`, received(message.error));
  }
});

async function review(message: Extract<ToWorker, { kind: "review" }>): Promise<void> {
  refuseFiles(new Map(message.refused));
  reportProgress((path) => send({ kind: "progress", path }));
  try {
    const trees = { base: workerTree("base", message.trees.base), head: workerTree("head", message.trees.head) };
    send({ kind: "done", result: await reviewTrees(trees, message.request) });
  } catch (error) {
    send({ kind: "failed", error: sendable(error) });
  } finally {
    reportProgress(undefined);
  }
}
