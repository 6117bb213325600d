import { decodeSource, MAX_SOURCE_BYTES } from "../changeset/decode.js";
import type { FileContent } from "../model/source-file.js";
import type { GitHubClient, RepoRef } from "./client.js";

/** One file at one commit. */
export interface FileAtCommit {
  sha: string;
  path: string;
}

/** Blob look-ups per GraphQL query: one round trip for many files, small enough to stay under GitHub's timeouts. */
export const BLOBS_PER_QUERY = 40;

interface BlobNode {
  byteSize: number;
  isBinary: boolean | null;
  isTruncated: boolean;
  text: string | null;
}

type BlobQueryResult = { repository: Record<string, BlobNode | null> | null };

export function fileKey(file: FileAtCommit): string {
  return `${file.sha}:${file.path}`;
}

/**
 * Texts of many files at given commits, `BLOBS_PER_QUERY` per GraphQL query (aliases over
 * `object(expression: "<sha>:<path>")`). A file that does not exist maps to null; binary, oversized and
 * undecodable files map to a skipped content saying why. Blobs GraphQL truncates are read through the
 * contents API instead, one call each, so no file is ever analysed from partial text.
 */
export async function fetchFileTexts(
  github: GitHubClient,
  repo: RepoRef,
  files: readonly FileAtCommit[],
): Promise<Map<string, FileContent | null>> {
  const out = new Map<string, FileContent | null>();
  const unique = [...new Map(files.map((file) => [fileKey(file), file])).values()];
  for (let start = 0; start < unique.length; start += BLOBS_PER_QUERY) {
    const batch = unique.slice(start, start + BLOBS_PER_QUERY);
    const result = await github.graphql<BlobQueryResult>(blobQuery(batch.length), {
      ...repo,
      ...Object.fromEntries(batch.map((file, i) => [`e${i}`, fileKey(file)])),
    });
    for (const [i, file] of batch.entries()) {
      const node = result.repository?.[`f${i}`] ?? null;
      out.set(fileKey(file), node ? await blobContent(github, repo, file, node) : null);
    }
  }
  return out;
}

export function blobQuery(count: number): string {
  const variables = Array.from({ length: count }, (_, i) => `, $e${i}: String!`).join("");
  const fields = Array.from(
    { length: count },
    (_, i) => `f${i}: object(expression: $e${i}) { ... on Blob { byteSize isBinary isTruncated text } }`,
  ).join(" ");
  return `query($owner: String!, $repo: String!${variables}) { repository(owner: $owner, name: $repo) { ${fields} } }`;
}

async function blobContent(github: GitHubClient, repo: RepoRef, file: FileAtCommit, node: BlobNode): Promise<FileContent> {
  if (node.isBinary) return { kind: "skipped", reason: "binary file" };
  // The size GitHub reports spares downloading files the engine would skip anyway.
  if (node.byteSize > MAX_SOURCE_BYTES) {
    return { kind: "skipped", reason: `larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB (${(node.byteSize / 1024 / 1024).toFixed(1)} MB)` };
  }
  const text = node.isTruncated || node.text === null ? await rawText(github, repo, file) : node.text;
  return decodeSource(Buffer.from(text, "utf8"));
}

async function rawText(github: GitHubClient, repo: RepoRef, file: FileAtCommit): Promise<string> {
  const { data } = await github.rest.repos.getContent({ ...repo, path: file.path, ref: file.sha, mediaType: { format: "raw" } });
  return String(data);
}
