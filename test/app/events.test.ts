import { createHmac } from "node:crypto";
import nock from "nock";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChangeSet } from "../../src/model/source-file.js";
import type { ExtractOptions } from "../../src/pipeline/extract-change.js";
import { handler } from "../../src/lambda.js";
import {
  API, BASE_TIP, CHECK_RUN_ID, HEAD, MERGE_BASE, PRIVATE_KEY, REPO_PATH, SECRET, blobReply, createHarness, expressions, extractedStub, fixture, listsCheckRuns, mockToken, mockTrees, oids, pr2Blobs, pr2Trees,
  report, type Harness,
} from "./harness.js";

// The engine is a seam here: the events decide whether and what to review, not the figures.
const extractChange = vi.hoisted(() => vi.fn());
const priceChange = vi.hoisted(() => vi.fn());
vi.mock("../../src/pipeline/extract-change.js", () => ({ extractChange }));
vi.mock("../../src/pipeline/analyze.js", () => ({ priceChange }));
vi.mock("../../src/extract/index.js", () => ({
  loadExtractors: async () => ({}),
  handlesPath: (_extractors: unknown, path: string) => /\.(ts|py)$/.test(path),
}));

const QUIET = "comment:\n  behavior: \"off\"\n";

let harness: Harness;
let updates: any[] = [];

beforeAll(() => nock.disableNetConnect());
beforeEach(async () => {
  extractChange.mockReset();
  extractChange.mockImplementation(async (changeSet: ChangeSet, options: ExtractOptions) => extractedStub(changeSet, options));
  priceChange.mockReset();
  priceChange.mockReturnValue(report(1000, 1240));
  updates = [];
  harness = await createHarness();
});
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

/**
 * A whole review with `comment.behavior: off`, against `host` (github.com or an Enterprise server): the
 * merge base, both configs by expression, the two git trees, the changed files' blobs by id.
 */
function reviewFlow(scope: nock.Scope, apiPrefix = "", graphqlPath = "/graphql") {
  const config = { base: QUIET, head: QUIET };
  const trees = pr2Trees(config);
  listsCheckRuns(scope, HEAD, [], apiPrefix)
    .post(`${apiPrefix}${REPO_PATH}/check-runs`, (body) => body.head_sha === HEAD && body.status === "in_progress")
    .reply(201, { id: CHECK_RUN_ID })
    .get(`${apiPrefix}${REPO_PATH}/compare/${BASE_TIP}...${HEAD}`)
    .query({ per_page: 1 })
    .reply(200, fixture("github/compare.json"))
    .post(graphqlPath, (body) => expressions(body).join() === `${BASE_TIP}:.github/bedrock-cost.yml,${HEAD}:.github/bedrock-cost.yml`)
    .reply(200, blobReply(pr2Blobs(config)))
    .post(graphqlPath, (body) => oids(body).length > 0)
    .times(2)
    .reply(200, blobReply(pr2Blobs(config)));
  mockTrees(scope, { [MERGE_BASE]: trees.base, [HEAD]: trees.head }, apiPrefix)
    .get(`${apiPrefix}${REPO_PATH}/pulls/2`)
    .reply(200, fixture("github/pulls.2.json"))
    .patch(`${apiPrefix}${REPO_PATH}/check-runs/${CHECK_RUN_ID}`, (body) => {
      updates.push(body);
      return true;
    })
    .reply(200, { id: CHECK_RUN_ID });
}

/** The change set the engine was given once: what compare made of the two git trees. */
function reviewedChange(): ChangeSet {
  expect(extractChange).toHaveBeenCalledTimes(1);
  return (extractChange.mock.calls[0] as [ChangeSet])[0];
}

describe("re-requested checks", () => {
  it("check_run.rerequested on the Bedrock cost run re-reviews the PR head", async () => {
    const github = mockToken(nock(API)).get(`${REPO_PATH}/pulls/2`).reply(200, fixture("github/pulls.2.json"));
    reviewFlow(github);

    await harness.deliver("check_run", fixture("webhooks/check_run.rerequested.json"));

    expect(updates.map((body) => body.conclusion)).toEqual(["success"]);
    expect(reviewedChange().files.map((file) => file.path)).toEqual(["src/agent.py", "src/support.ts"]);
  });

  it("check_run.rerequested on another app's run is ignored", async () => {
    const payload = fixture("webhooks/check_run.rerequested.json");
    payload.check_run.name = "lint";

    await harness.deliver("check_run", payload);

    expect(extractChange).not.toHaveBeenCalled();
  });

  it("check_suite.rerequested re-reviews the PR whose head it still is", async () => {
    const github = mockToken(nock(API), 957387).get(`${REPO_PATH}/pulls/2`).reply(200, fixture("github/pulls.2.json"));
    reviewFlow(github);

    await harness.deliver("check_suite", fixture("webhooks/check_suite.rerequested.json"));

    expect(updates.map((body) => body.conclusion)).toEqual(["success"]);
  });

  it("check_suite.rerequested for a commit that is no longer the PR head starts no run", async () => {
    mockToken(nock(API), 957387)
      .get(`${REPO_PATH}/pulls/2`)
      .reply(200, { ...fixture("github/pulls.2.json"), head: { ref: "changes", sha: "2222222222222222222222222222222222222222" } });

    await harness.deliver("check_suite", fixture("webhooks/check_suite.rerequested.json"));

    expect(extractChange).not.toHaveBeenCalled();
  });
});

describe("re-requested checks: PRs from forks and other repositories", () => {
  const FORK_REPO = { id: 999_001, url: "https://api.github.com/repos/someone/Hello-World", name: "Hello-World" };
  const pullOf = (number: number, overrides: Record<string, unknown> = {}) => ({
    ...fixture("github/pulls.2.json"),
    number,
    state: "open",
    draft: false,
    head: { ref: "changes", sha: HEAD, repo: FORK_REPO },
    base: { ref: "master", sha: BASE_TIP, repo: { id: 186853002 } },
    ...overrides,
  });

  it("skips a listed PR whose base is another repository and one that is gone (404), and reviews the next", async () => {
    const payload = fixture("webhooks/check_suite.rerequested.json");
    const own = payload.check_suite.pull_requests[0];
    payload.check_suite.pull_requests = [
      { ...own, number: 7, base: { ...own.base, repo: FORK_REPO } }, // a PR in the fork: not fetched at all
      { ...own, number: 5 },
      own,
    ];
    const github = mockToken(nock(API), 957387)
      .get(`${REPO_PATH}/pulls/5`)
      .reply(404, { message: "Not Found" })
      .get(`${REPO_PATH}/pulls/2`)
      .reply(200, fixture("github/pulls.2.json"));
    reviewFlow(github);
    // An unmatched request (e.g. GET pulls/7) answers 404 too, so it would pass as "gone": record any.
    const unmatched: string[] = [];
    const record = (req: { path?: string }) => unmatched.push(String(req.path));
    nock.emitter.on("no match", record);

    await harness.deliver("check_suite", payload).finally(() => nock.emitter.removeListener("no match", record));

    expect(unmatched).toEqual([]);
    expect(updates.map((body) => body.conclusion)).toEqual(["success"]);
    expect(reviewedChange().files.map((file) => file.path)).toEqual(["src/agent.py", "src/support.ts"]);
  });

  it("with no listed PR (a fork's), finds the PRs by commit and reviews each open one whose head it is", async () => {
    const payload = fixture("webhooks/check_run.rerequested.json");
    payload.check_run.pull_requests = [];
    const github = mockToken(nock(API))
      .get(`${REPO_PATH}/commits/${HEAD}/pulls`)
      .query({ per_page: 100 })
      .reply(200, [
        pullOf(3, { state: "closed" }),
        pullOf(4, { head: { ref: "changes", sha: "3333333333333333333333333333333333333333", repo: FORK_REPO } }),
        pullOf(2),
      ]);
    reviewFlow(github);

    await harness.deliver("check_run", payload);

    expect(updates.map((body) => body.conclusion)).toEqual(["success"]);
    expect(reviewedChange().files.map((file) => file.path)).toEqual(["src/agent.py", "src/support.ts"]);
  });

  it("with no listed PR and no open PR at that commit, starts no run", async () => {
    const payload = fixture("webhooks/check_suite.rerequested.json");
    payload.check_suite.pull_requests = [];
    mockToken(nock(API), 957387).get(`${REPO_PATH}/commits/${HEAD}/pulls`).query({ per_page: 100 }).reply(200, [pullOf(3, { state: "closed" })]);

    await harness.deliver("check_suite", payload);

    expect(extractChange).not.toHaveBeenCalled();
  });
});

describe("GitHub Enterprise Server", () => {
  it("talks to <host>/api/v3 for REST and <host>/api/graphql for GraphQL, and links to the server", async () => {
    harness = await createHarness({ baseUrl: "https://ghe.example.com/api/v3" });
    const payload = fixture("webhooks/pull_request.opened.json");
    payload.repository.html_url = "https://ghe.example.com/Codertocat/Hello-World";
    const ghe = nock("https://ghe.example.com")
      .post("/api/v3/app/installations/1/access_tokens")
      .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
    reviewFlow(ghe, "/api/v3", "/api/graphql");

    await harness.deliver("pull_request", payload);

    expect(updates[0].conclusion).toBe("success");
    expect(updates[0].output.text).toContain(`https://ghe.example.com/Codertocat/Hello-World/blob/${HEAD}/src/support.ts#L12`);
  });
});

describe("the AWS Lambda entry", () => {
  const env = { APP_ID: "123", PRIVATE_KEY, WEBHOOK_SECRET: SECRET, LOG_LEVEL: "fatal" };
  const payload = fixture("webhooks/check_run.rerequested.json");
  payload.check_run.name = "lint"; // a delivery the app verifies, then ignores: no API calls
  const body = JSON.stringify(payload);
  const sign = (secret: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

  beforeEach(() => {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  });
  afterEach(() => vi.unstubAllEnvs());

  it("verifies the signature, runs the app and answers 200", async () => {
    const result = await handler({ headers: { "X-GitHub-Delivery": "d-1", "X-GitHub-Event": "check_run", "X-Hub-Signature-256": sign(SECRET) }, body });
    expect(result).toEqual({ statusCode: 200, headers: { "content-type": "application/json" }, body: '{"ok":true}' });
  });

  it("answers 400 to a bad signature and to an unsigned request", async () => {
    const bad = await handler({ headers: { "x-github-delivery": "d-2", "x-github-event": "check_run", "x-hub-signature-256": sign("wrong") }, body });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).error).toContain("signature does not match");
    const unsigned = await handler({ headers: { "x-github-delivery": "d-3", "x-github-event": "check_run" }, body });
    expect(unsigned.statusCode).toBe(400);
  });

  it("answers 400 to an event without headers or body instead of crashing", async () => {
    expect((await handler({ headers: null, body })).statusCode).toBe(400);
    expect((await handler({ headers: { "x-github-delivery": "d-4", "x-github-event": "check_run", "x-hub-signature-256": sign(SECRET) }, body: null })).statusCode).toBe(400);
    expect((await handler(null as never)).statusCode).toBe(400);
  });

  it("does not blame the request for a GitHub API 400 while handling a verified delivery: it throws", async () => {
    const ours = fixture("webhooks/check_run.rerequested.json"); // the Bedrock cost run: the app fetches the PR
    const signed = JSON.stringify(ours);
    mockToken(nock(API)).get(`${REPO_PATH}/pulls/2`).reply(400, { message: "Problems parsing JSON" });

    await expect(
      handler({
        headers: { "x-github-delivery": "d-5", "x-github-event": "check_run", "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(signed).digest("hex")}` },
        body: signed,
      }),
    ).rejects.toThrow("Problems parsing JSON");
  });
});
