import type { Reviewed, TreesRequest } from "../pipeline/review-change.js";
import type { Listing, ReadFile } from "../repository/source.js";

/**
 * The messages between the App and an engine worker. The worker has no GitHub client: it asks the App
 * for each side's listing and files, so the source stays where the credentials are and a worker that is
 * stopped loses nothing the App cannot serve again.
 */
export type Side = "base" | "head";

/** An error as it crosses the thread boundary (class and GitHub status kept for the check run's wording). */
export interface SentError {
  name: string;
  message: string;
  status?: number;
}

export type ToWorker =
  | { kind: "review"; request: TreesRequest; labels: Record<Side, string>; refused: Array<[path: string, reason: string]> }
  | { kind: "listing"; side: Side; listing: Listing }
  /** Files of a read call, in batches (one message per file costs more than the reading). */
  | { kind: "files"; call: number; files: ReadFile[] }
  | { kind: "end"; call: number }
  | { kind: "source-failed"; call: number | Side; error: SentError };

export type FromWorker =
  | { kind: "list"; side: Side }
  | { kind: "read"; call: number; side: Side; paths: string[] }
  /** The file whose extraction started, or null when it ended. */
  | { kind: "progress"; path: string | null }
  | { kind: "done"; result: Reviewed }
  | { kind: "failed"; error: SentError };

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
