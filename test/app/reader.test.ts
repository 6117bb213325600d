import nock from "nock";
import { ProbotOctokit } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { githubReader, graphqlJson, requestJson } from "../../src/github/reader.js";

const client = (baseUrl?: string) => githubReader(new ProbotOctokit({ auth: { token: "t" }, throttle: { enabled: false }, retry: { enabled: false }, ...(baseUrl ? { baseUrl } : {}) }));

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

describe("large GitHub answers parsed with the built-in JSON.parse", () => {
  it("a REST answer: the route's parameters fill the URL, the body is the parsed JSON", async () => {
    nock("https://api.github.com").get("/repos/o/r/git/trees/abc").query({ recursive: "1" }).reply(200, { sha: "abc", truncated: false, tree: [{ path: "a.ts", size: 12 }] });

    const tree = await requestJson<{ tree: Array<{ path: string; size: number }> }>(client(), "GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner: "o", repo: "r", tree_sha: "abc", recursive: "1" });

    expect(tree.tree).toEqual([{ path: "a.ts", size: 12 }]);
  });

  it("a raw body comes back as GitHub sent it, bytes and all (the contents API's raw format)", async () => {
    const bytes = Buffer.from("const a = \"é\";\n\u0000", "utf8");
    nock("https://api.github.com", { reqheaders: { accept: "application/vnd.github.v3.raw" } }).get("/repos/o/r/contents/src%2Fa.ts").query({ ref: "abc" }).reply(200, bytes, { "content-type": "text/plain" });

    const body = await client().body("GET /repos/{owner}/{repo}/contents/{path}", { owner: "o", repo: "r", path: "src/a.ts", ref: "abc", mediaType: { format: "raw" } });

    expect(Buffer.from(body)).toEqual(bytes);
  });

  it("a GraphQL query posts its query and variables and answers `data`", async () => {
    let posted: unknown;
    nock("https://api.github.com")
      .post("/graphql", (body) => ((posted = body), true))
      .reply(200, { data: { repository: { f0: { text: "x" } } } });

    const data = await graphqlJson(client(), "query($o0: GitObjectID!) { x }", { owner: "o", repo: "r", o0: "abc" });

    expect(data).toEqual({ repository: { f0: { text: "x" } } });
    expect(posted).toEqual({ query: "query($o0: GitObjectID!) { x }", variables: { owner: "o", repo: "r", o0: "abc" } });
  });

  it("on GitHub Enterprise Server, queries go to /api/graphql, as @octokit/graphql sends them", async () => {
    nock("https://ghe.example.com").post("/api/graphql").reply(200, { data: { ok: true } });

    expect(await graphqlJson(client("https://ghe.example.com/api/v3"), "{ ok }", {})).toEqual({ ok: true });
  });

  it("errors in the answer fail the query with GitHub's messages, as github.graphql does", async () => {
    nock("https://api.github.com").post("/graphql").reply(200, { data: null, errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded" }] });

    await expect(graphqlJson(client(), "{ x }", {})).rejects.toThrow("GitHub's GraphQL API answered with errors: API rate limit exceeded");
  });

  it("an HTTP error keeps its status (the check run's wording and the retry plugin rely on it)", async () => {
    nock("https://api.github.com").post("/graphql").reply(502, { message: "Bad Gateway" });

    await expect(graphqlJson(client(), "{ x }", {})).rejects.toMatchObject({ status: 502 });
  });
});
