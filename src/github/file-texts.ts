import { decodedContent, MAX_SOURCE_BYTES } from "../repository/decode.js";
import type { FileContent } from "../model/source-file.js";
import type { RawContent } from "../repository/source.js";
import type { RepoRef } from "./client.js";
import { graphqlJson, requestJson, type GitHubReader } from "./reader.js";

/** One file at one commit. */
export interface FileAtCommit {
  sha: string;
  path: string;
}

/** Blob look-ups per GraphQL query: one round trip for many files, small enough to stay under GitHub's timeouts. */
export const BLOBS_PER_QUERY = 40;
/** Look-ups by blob id per query, and the text a query may bring back at most (sizes are known from the tree). */
export const OIDS_PER_QUERY = 100;
const BYTES_PER_QUERY = 2 * 1024 * 1024;

interface BlobNode {
  /** Asked for in the query; a stub without it is recognised as a blob by its fields. */
  __typename?: string;
  byteSize: number;
  isBinary: boolean | null;
  isTruncated: boolean;
  text: string | null;
}

/** A Blob's fields; a submodule (Commit) or directory (Tree) answers `{ __typename }` only, `{}` without it. */
type ObjectNode = BlobNode | { __typename?: string };

type BlobQueryResult = { repository: Record<string, ObjectNode | null> | null };

/** Why a path that is there but is no blob (a submodule's commit, say) is not analysed. */
export const NOT_A_REGULAR_FILE = "not a regular file (submodule or symlink)";

export function fileKey(file: FileAtCommit): string {
  return `${file.sha}:${file.path}`;
}

/**
 * Texts of many files at given commits, `BLOBS_PER_QUERY` per GraphQL query (aliases over
 * `object(expression: "<sha>:<path>")`). A file that does not exist maps to null (the caller knows whether
 * it should: a missing config is no config); binary, oversized and undecodable files, and paths that are
 * no blob (a submodule), map to a skipped content saying why. Blobs GraphQL truncates are read through the
 * contents API instead, one call each, so no file is ever analysed from partial text.
 */
export async function fetchFileTexts(
  reader: GitHubReader,
  repo: RepoRef,
  files: readonly FileAtCommit[],
): Promise<Map<string, FileContent | null>> {
  const out = new Map<string, FileContent | null>();
  const unique = [...new Map(files.map((file) => [fileKey(file), file])).values()];
  for (let start = 0; start < unique.length; start += BLOBS_PER_QUERY) {
    const batch = unique.slice(start, start + BLOBS_PER_QUERY);
    const result = await graphqlJson<BlobQueryResult>(reader, blobQuery(batch.length), {
      ...repo,
      ...Object.fromEntries(batch.map((file, i) => [`e${i}`, fileKey(file)])),
    });
    for (const [i, file] of batch.entries()) {
      const node = result.repository?.[`f${i}`] ?? null;
      if (node === null || typeof node !== "object") out.set(fileKey(file), null);
      else if (!isBlob(node)) out.set(fileKey(file), { kind: "skipped", reason: NOT_A_REGULAR_FILE });
      else out.set(fileKey(file), decodedContent(await blobContent(reader, repo, file, node)));
    }
  }
  return out;
}

export function blobQuery(count: number, by: "expression" | "oid" = "expression"): string {
  const [prefix, type] = by === "expression" ? ["e", "String!"] : ["o", "GitObjectID!"];
  const variables = Array.from({ length: count }, (_, i) => `, $${prefix}${i}: ${type}`).join("");
  const fields = Array.from(
    { length: count },
    (_, i) => `f${i}: object(${by}: $${prefix}${i}) { __typename ... on Blob { byteSize isBinary isTruncated text } }`,
  ).join(" ");
  return `query($owner: String!, $repo: String!${variables}) { repository(owner: $owner, name: $repo) { ${fields} } }`;
}

/**
 * Blobs by id (a tree listing gives them): up to OIDS_PER_QUERY per GraphQL query and about 2 MB of
 * text each, by the sizes the listing reported. An id GitHub does not know maps to a skipped content.
 */
export async function* fetchBlobs(reader: GitHubReader, repo: RepoRef, blobs: ReadonlyArray<{ oid: string; size?: number | undefined }>): AsyncIterable<[string, FileContent | RawContent]> {
  let batch: Array<{ oid: string; size?: number | undefined }> = [];
  let bytes = 0;
  const flush = async function* () {
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    bytes = 0;
    const result = await graphqlJson<BlobQueryResult>(reader, blobQuery(current.length, "oid"), { ...repo, ...Object.fromEntries(current.map((blob, i) => [`o${i}`, blob.oid])) });
    for (const [i, blob] of current.entries()) {
      const node = result.repository?.[`f${i}`] ?? null;
      if (node === null || typeof node !== "object") yield [blob.oid, { kind: "skipped", reason: `GitHub returned no blob ${blob.oid.slice(0, 7)}` }] as [string, FileContent];
      else if (!isBlob(node)) yield [blob.oid, { kind: "skipped", reason: NOT_A_REGULAR_FILE }] as [string, FileContent];
      else yield [blob.oid, await blobContent(reader, repo, { oid: blob.oid }, node)] as [string, FileContent | RawContent];
    }
  };
  for (const blob of blobs) {
    if (batch.length >= OIDS_PER_QUERY || (batch.length > 0 && bytes + (blob.size ?? 0) > BYTES_PER_QUERY)) yield* flush();
    batch.push(blob);
    bytes += blob.size ?? 0;
  }
  yield* flush();
}

function isBlob(node: ObjectNode): node is BlobNode {
  if (node.__typename !== undefined) return node.__typename === "Blob";
  const blob = node as Partial<BlobNode>;
  return typeof blob.byteSize === "number" && (typeof blob.text === "string" || blob.text === null);
}

/** A blob's bytes, or why they are not read; decoded where they are used (decodeSource). */
async function blobContent(reader: GitHubReader, repo: RepoRef, file: FileAtCommit | { oid: string }, node: BlobNode): Promise<FileContent | RawContent> {
  if (node.isBinary) return { kind: "skipped", reason: "binary file" };
  // The size GitHub reports spares downloading files the engine would skip anyway.
  if (node.byteSize > MAX_SOURCE_BYTES) {
    return { kind: "skipped", reason: `larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB (${(node.byteSize / 1024 / 1024).toFixed(1)} MB)` };
  }
  if (node.isTruncated || node.text === null) return { kind: "bytes", bytes: await rawBytes(reader, repo, file) };
  return { kind: "bytes", bytes: Buffer.from(node.text, "utf8") };
}

async function rawBytes(reader: GitHubReader, repo: RepoRef, file: FileAtCommit | { oid: string }): Promise<Uint8Array> {
  if ("oid" in file) {
    const blob = await requestJson<{ content: string; encoding: string }>(reader, "GET /repos/{owner}/{repo}/git/blobs/{file_sha}", { ...repo, file_sha: file.oid });
    return Buffer.from(blob.content, blob.encoding === "base64" ? "base64" : "utf8");
  }
  return reader.body("GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path: file.path, ref: file.sha, mediaType: { format: "raw" } });
}
