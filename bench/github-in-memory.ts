import { ProbotOctokit } from "probot";
import { blobId, folderTree } from "../src/changeset/tree.js";
import type { GitHubClient, RepoRef } from "../src/github/client.js";

/**
 * A folder served as one commit through GitHub's API as the App reads it (the recursive git tree, then
 * blobs by id over GraphQL), answered from memory: the App's real client parses every response, as it
 * would GitHub's, but no server shares the machine's cores. Each distinct response body is built once
 * (warm-up reviews ask the same queries as timed ones), so what is timed is the App's side alone.
 */
export async function githubInMemory(dir: string): Promise<{ github: GitHubClient; repo: RepoRef; sha: string }> {
  const source = folderTree(dir, `folder ${dir}`, { contentIds: false });
  const paths = [...(await source.list()).files.keys()];
  const blobs = new Map<string, Uint8Array>();
  const tree: Array<{ path: string; mode: string; type: "blob"; sha: string; size: number }> = [];
  for await (const file of source.read(paths)) {
    if (file.content.kind !== "bytes") continue;
    const oid = blobId(file.content.bytes);
    blobs.set(oid, file.content.bytes);
    tree.push({ path: file.path, mode: "100644", type: "blob", sha: oid, size: file.content.bytes.byteLength });
  }
  const repo = { owner: "bench", repo: "corpus" };
  const sha = "c".repeat(40);
  // Encoded once, as a network answer arrives: bytes.
  const answers = new Map<string, Uint8Array>();
  const answer = (key: string, build: () => unknown) => {
    let body = answers.get(key);
    if (body === undefined) answers.set(key, (body = new TextEncoder().encode(JSON.stringify(build()))));
    return body;
  };
  const decoder = new TextDecoder();
  const fetch = async (url: string, init: { method?: string; body?: string }) => {
    const { pathname } = new URL(url);
    let body: Uint8Array;
    if (pathname === `/repos/${repo.owner}/${repo.repo}/git/trees/${sha}`) {
      body = answer("tree", () => ({ sha, truncated: false, tree }));
    } else if (pathname === "/graphql") {
      body = answer(init.body ?? "", () => {
        const { variables } = JSON.parse(init.body ?? "{}") as { variables: Record<string, string> };
        const nodes = Object.entries(variables)
          .filter(([name]) => /^o\d+$/.test(name))
          .map(([name, oid]) => {
            const bytes = blobs.get(oid);
            const isBinary = bytes?.subarray(0, 8000).includes(0) ?? false;
            return [`f${name.slice(1)}`, bytes && { __typename: "Blob", byteSize: bytes.byteLength, isBinary, isTruncated: false, text: isBinary ? null : decoder.decode(bytes) }];
          });
        return { data: { repository: Object.fromEntries(nodes) } };
      });
    } else {
      return new Response(JSON.stringify({ message: "Not Found" }), { status: 404, headers: { "content-type": "application/json" } });
    }
    return new Response(body, { status: 200, headers: { "content-type": "application/json; charset=utf-8" } });
  };
  const github = new ProbotOctokit({ auth: { token: "bench" }, throttle: { enabled: false }, retry: { enabled: false }, request: { fetch } }) as unknown as GitHubClient;
  return { github, repo, sha };
}
