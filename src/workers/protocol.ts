import type { GitHubTreeAddress } from "../github/tree.js";
import type { Reviewed, TreesRequest } from "../pipeline/review-change.js";
import type { FileContent } from "../model/source-file.js";
import type { Listing, ReadFile } from "../repository/source.js";

/**
 * The messages between the App and an engine worker. The worker has no GitHub client, so credentials,
 * retries and rate limits stay with the App's, and a worker that is stopped loses nothing the App cannot
 * serve again. A side on GitHub is read by the worker itself, its requests relayed by the App, which
 * passes back the raw answers (parsing them is most of the cost of reading); any other side is listed
 * and read by the App, file by file.
 */
export type Side = "base" | "head";

export type WorkerTree =
  | { kind: "github"; address: GitHubTreeAddress; graphqlRoute: string }
  | { kind: "served"; label: string };

/** An error as it crosses the thread boundary (class and GitHub status kept for the check run's wording). */
export interface SentError {
  name: string;
  message: string;
  status?: number;
}

export type ToWorker =
  | { kind: "review"; request: TreesRequest; trees: Record<Side, WorkerTree>; refused: Array<[path: string, reason: string]> }
  | { kind: "listing"; side: Side; listing: Listing }
  /** Files of a read call, in batches (one message per file costs more than the reading). */
  | { kind: "files"; call: number; files: ServedFile[]; bytes: ArrayBuffer }
  | { kind: "end"; call: number }
  /** The raw answer to a relayed GitHub request. */
  | { kind: "body"; call: number; bytes: ArrayBuffer }
  | { kind: "source-failed"; call: number | Side; error: SentError };

export type FromWorker =
  | { kind: "list"; side: Side }
  | { kind: "read"; call: number; side: Side; paths: string[] }
  | { kind: "request"; call: number; side: Side; route: string; parameters: Record<string, unknown> }
  /** The file whose extraction started, or null when it ended. */
  | { kind: "progress"; path: string | null }
  | { kind: "done"; result: Reviewed }
  | { kind: "failed"; error: SentError };

/**
 * A file as served to a worker: its raw bytes are a range of the batch's one transferred buffer, so
 * the App neither decodes nor copies texts into the message (the worker decodes them).
 */
export interface ServedFile extends Omit<ReadFile, "content"> {
  content: FileContent | { kind: "packed"; at: number; length: number };
}

/** Packs a batch of files for one message; the returned buffer goes in the transfer list. */
export function packFiles(files: readonly ReadFile[]): { files: ServedFile[]; bytes: ArrayBuffer } {
  let total = 0;
  for (const file of files) if (file.content.kind === "bytes") total += file.content.bytes.byteLength;
  const bytes = new Uint8Array(total);
  let at = 0;
  const served = files.map((file): ServedFile => {
    if (file.content.kind !== "bytes") return { ...file, content: file.content };
    const { length } = file.content.bytes;
    bytes.set(file.content.bytes, at);
    at += length;
    return { ...file, content: { kind: "packed", at: at - length, length } };
  });
  return { files: served, bytes: bytes.buffer };
}

/** The files of a packed batch, their bytes as views of its buffer. */
export function unpackFiles(files: readonly ServedFile[], bytes: ArrayBuffer): ReadFile[] {
  return files.map((file) => (file.content.kind === "packed" ? { ...file, content: { kind: "bytes", bytes: new Uint8Array(bytes, file.content.at, file.content.length) } } : { ...file, content: file.content }));
}

export function sendable(error: unknown): SentError {
  const status = (error as { status?: unknown })?.status;
  return {
    name: error instanceof Error ? error.name : "Error",
    message: error instanceof Error ? error.message : String(error),
    ...(typeof status === "number" ? { status } : {}),
  };
}

/** The error a SentError stands for, on the receiving side. */
export function received(sent: SentError): Error {
  const error = new Error(sent.message);
  error.name = sent.name;
  if (sent.status !== undefined) Object.assign(error, { status: sent.status });
  return error;
}
