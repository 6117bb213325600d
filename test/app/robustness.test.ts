import { createHmac } from "node:crypto";
import nock from "nock";
import { ProbotOctokit } from "probot";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { fetchFileTexts, NOT_A_REGULAR_FILE } from "../../src/github/file-texts.js";
import { githubReader } from "../../src/github/reader.js";
import { COMPLETION_RETRY, STRANDED_AFTER_MS } from "../../src/github/check-runs.js";
import { boundedThrottling, shouldRetryRateLimit } from "../../src/github/octokit.js";
import { handler } from "../../src/lambda.js";
import { ReviewQueue } from "../../src/queue/review-queue.js";
import type { ChangeSet } from "../../src/model/source-file.js";
import { renderCheckRun } from "../../src/report/check-run.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import type { ExtractOptions } from "../../src/pipeline/extract-change.js";
import {
  API, BASE_TIP, CHECK_RUN_ID, HEAD, MERGE_BASE, PR2, PRIVATE_KEY, REPO_PATH, SECRET, blobReply, createHarness, expressions, extractedStub, fixture, listsCheckRuns, mockToken, mockTrees, oidOf, oids,
  pr2Blobs, pr2Trees, report, treeResponse, type Harness,
} from "./harness.js";

// The engine is a seam here: these tests are about GitHub misbehaving, the config, and how files are read.
const extractChange = vi.hoisted(() => vi.fn());
const priceChange = vi.hoisted(() => vi.fn());
vi.mock("../../src/pipeline/extract-change.js", () => ({ extractChange }));
vi.mock("../../src/pipeline/analyze.js", () => ({ priceChange }));
vi.mock("../../src/extract/index.js", () => ({
  loadExtractors: async () => ({}),
  handlesPath: (_extractors: unknown, path: string) => /\.(ts|py)$/.test(path),
}));

const CONFIG = ".github/bedrock-cost.yml";
const CONFIG_URL_PATH = encodeURIComponent(CONFIG);
const POLICY = "policy:\n  max_monthly_increase_usd: 500\n";
const TIMED_OUT = "review did not finish within its time limit; re-run the check, or raise the limit (the Lambda function's timeout, or BEDROCK_COST_REVIEW_TIMEOUT_S on the server)";

let harness: Harness;
let updates: any[] = [];
let unmatched: string[] = [];
const pr = fixture("webhooks/pull_request.opened.json");
const onNoMatch = (request: { method?: string; path?: string }) => unmatched.push(`${request.method} ${request.path}`);

beforeAll(() => nock.disableNetConnect());
beforeEach(async () => {
  extractChange.mockReset();
  extractChange.mockImplementation(async (changeSet: ChangeSet, options: ExtractOptions) => extractedStub(changeSet, options));
  priceChange.mockReset();
  priceChange.mockReturnValue(report(1000, 1240));
  updates = [];
  unmatched = [];
  nock.emitter.on("no match", onNoMatch);
  harness = await createHarness();
});
afterEach(() => {
  nock.emitter.removeListener("no match", onNoMatch);
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

/** Starts the run; then (unless the review stops at once) looks for stranded runs on the commit. */
function startsCheckRun(scope: nock.Scope, options: { sweeps?: boolean } = {}) {
  return (options.sweeps === false ? scope : listsCheckRuns(scope)).post(`${REPO_PATH}/check-runs`, (body) => body.head_sha === HEAD && body.status === "in_progress").reply(201, { id: CHECK_RUN_ID });
}

function completes(scope: nock.Scope) {
  return scope
    .patch(`${REPO_PATH}/check-runs/${CHECK_RUN_ID}`, (body) => {
      updates.push(body);
      return true;
    })
    .reply(200, { id: CHECK_RUN_ID });
}

/** The merge base, then both configs by `sha:path` in one query (a config error stops the review there: no tree is listed). */
function readsConfigs(scope: nock.Scope, config: { base?: string; head?: string } = {}) {
  return scope
    .get(`${REPO_PATH}/compare/${BASE_TIP}...${HEAD}`)
    .query({ per_page: 1 })
    .reply(200, fixture("github/compare.json"))
    .post("/graphql", (body) => expressions(body).length > 0)
    .reply(200, blobReply(pr2Blobs({ base: config.base ?? POLICY, head: config.head ?? POLICY })));
}

/** No comment yet: list, look at the head again, create, then the duplicate check sees only ours. */
function createsComment(scope: nock.Scope) {
  scope.get(`${REPO_PATH}/pulls/2`).reply(200, fixture("github/pulls.2.json"));
  scope.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, []);
  scope.get(`${REPO_PATH}/pulls/2`).reply(200, fixture("github/pulls.2.json"));
  scope.post(`${REPO_PATH}/issues/2/comments`).reply(201, { id: 900 });
  scope.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, [{ id: 900, node_id: "IC_900", user: { login: "bedrock-cost[bot]", type: "Bot" }, body: "<!-- bedrock-cost-review -->\nours" }]);
  return scope;
}

function signed(name: string, payload: unknown) {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
  return { headers: { "x-github-delivery": `d-${Math.random()}`, "x-github-event": name, "x-hub-signature-256": signature }, body };
}

const lambdaContext = (remainingMs: number) => ({ getRemainingTimeInMillis: () => remainingMs });

describe("rate limits never leave the check run in progress (through the Lambda entry, Probot's own throttling on)", () => {
  const env = { APP_ID: "123", PRIVATE_KEY, WEBHOOK_SECRET: SECRET, LOG_LEVEL: "fatal" };
  beforeEach(() => {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  });
  afterEach(() => vi.unstubAllEnvs());

  const SECONDARY = { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." };

  it("retries a secondary rate limit at most twice, then completes the check run as failed saying GitHub rate-limited the app", async () => {
    const github = startsCheckRun(mockToken(nock(API)));
    let compares = 0;
    github
      .get(`${REPO_PATH}/compare/${BASE_TIP}...${HEAD}`)
      .query({ per_page: 1 })
      .times(3)
      .reply(() => {
        compares++;
        return [403, SECONDARY, { "retry-after": "1" }];
      });
    completes(github);

    await expect(handler(signed("pull_request", pr), lambdaContext(900_000))).rejects.toThrow("secondary rate limit");

    expect(compares).toBe(3);
    expect(unmatched).toEqual([]);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "The Bedrock cost review could not finish: GitHub rate limit" } });
    expect(updates[0].output.summary).toContain("GitHub rate-limited the app's API requests");
  }, 20_000);

  it("does not wait out a primary rate limit that resets in over a minute: one request, then a failed check run", async () => {
    const github = startsCheckRun(mockToken(nock(API)));
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    github
      .get(`${REPO_PATH}/compare/${BASE_TIP}...${HEAD}`)
      .query({ per_page: 1 })
      .reply(403, { message: "API rate limit exceeded for installation ID 1." }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset });
    completes(github);

    await expect(handler(signed("pull_request", pr), lambdaContext(900_000))).rejects.toThrow("API rate limit exceeded");

    expect(unmatched).toEqual([]);
    expect(updates[0]).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(updates[0].output.summary).toContain("rate-limited");
  }, 20_000);

  it("shouldRetryRateLimit: at most two retries, each waiting under 60 s, never past the function's end", () => {
    expect(shouldRetryRateLimit(1, 0)).toBe(true);
    expect(shouldRetryRateLimit(59, 1)).toBe(true);
    expect(shouldRetryRateLimit(1, 2)).toBe(false);
    expect(shouldRetryRateLimit(60, 0)).toBe(false);
    expect(shouldRetryRateLimit(10, 0, 1_000_000 + 5_000, 1_000_000)).toBe(false);
    expect(shouldRetryRateLimit(4, 0, 1_000_000 + 5_000, 1_000_000)).toBe(true);
  });

  it("each installation gets its own throttle queue (Probot leaves a webhook's client without one: one write a second for the whole server)", () => {
    expect(boundedThrottling({ auth: { installationId: 7 }, throttle: { enabled: true } }).throttle).toMatchObject({ enabled: true, id: "installation-7" });
    expect(boundedThrottling({ throttle: { enabled: true } }).throttle).not.toHaveProperty("id");
  });
});

describe("no check run is ever stranded in progress", () => {
  const retry = { ...COMPLETION_RETRY };
  beforeEach(() => Object.assign(COMPLETION_RETRY, { baseDelayMs: 1 }));
  afterEach(() => Object.assign(COMPLETION_RETRY, retry));

  it("retries creating the run through 502s: a review whose run cannot be created would leave a required check with no run at all", async () => {
    const github = listsCheckRuns(mockToken(nock(API)));
    github.post(`${REPO_PATH}/check-runs`).times(2).reply(502, { message: "Bad Gateway" });
    github.post(`${REPO_PATH}/check-runs`, (body) => body.status === "in_progress").reply(201, { id: CHECK_RUN_ID });
    readsConfigs(github, { head: "usage: [" });
    completes(github);

    await harness.deliver("pull_request", pr);

    expect(unmatched).toEqual([]);
    expect(updates).toEqual([expect.objectContaining({ status: "completed", conclusion: "action_required" })]);
  });

  it("retries the completing request through 502s, and a config error still completes the run", async () => {
    const github = startsCheckRun(mockToken(nock(API)));
    readsConfigs(github, { head: "usage: [" });
    github.patch(`${REPO_PATH}/check-runs/${CHECK_RUN_ID}`).times(3).reply(502, { message: "Bad Gateway" });
    completes(github);

    await harness.deliver("pull_request", pr);

    expect(unmatched).toEqual([]);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ status: "completed", conclusion: "action_required" });
  });

  it("on the error path too: a review that fails completes its run as failed after 502s on the completion", async () => {
    const github = startsCheckRun(mockToken(nock(API)));
    github.get(`${REPO_PATH}/compare/${BASE_TIP}...${HEAD}`).query({ per_page: 1 }).reply(404, { message: "Not Found" });
    github.patch(`${REPO_PATH}/check-runs/${CHECK_RUN_ID}`).times(2).reply(502, { message: "Bad Gateway" });
    completes(github);

    await expect(harness.deliver("pull_request", pr)).rejects.toThrow("Not Found");

    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ status: "completed", conclusion: "failure" });
  });

  it("when GitHub refuses every attempt, says so in the log (error level), and the original error still propagates", async () => {
    const errors: unknown[] = [];
    harness.probot.log.error = ((message: unknown) => errors.push(message)) as never;
    const github = startsCheckRun(mockToken(nock(API)));
    github.get(`${REPO_PATH}/compare/${BASE_TIP}...${HEAD}`).query({ per_page: 1 }).reply(404, { message: "Not Found" });
    github.patch(`${REPO_PATH}/check-runs/${CHECK_RUN_ID}`).times(COMPLETION_RETRY.attempts).reply(502, { message: "Bad Gateway" });

    await expect(harness.deliver("pull_request", pr)).rejects.toThrow("Not Found");

    // Probot logs the handler's error as well (an object); ours is the one sentence.
    expect(errors.filter((e) => typeof e === "string")).toEqual([expect.stringMatching(new RegExp(`^could not complete check run ${CHECK_RUN_ID} of #2 at ec26c3e \\(GitHub answered 502: Bad Gateway\\); it stays in progress until the next review of this commit completes it$`))]);
  });

  it("the next review of the same commit completes a run left in progress past its deadline, and leaves a recent one alone", async () => {
    const stale = new Date(Date.now() - STRANDED_AFTER_MS - 60_000).toISOString();
    const recent = new Date(Date.now() - 60_000).toISOString();
    const github = listsCheckRuns(mockToken(nock(API)), HEAD, [{ id: 77, started_at: stale }, { id: 78, started_at: recent }, { id: CHECK_RUN_ID, started_at: recent }])
      .post(`${REPO_PATH}/check-runs`)
      .reply(201, { id: CHECK_RUN_ID });
    const strandedUpdates: any[] = [];
    github.patch(`${REPO_PATH}/check-runs/77`, (body) => strandedUpdates.push(body) > 0).reply(200, { id: 77 });
    readsConfigs(github, { head: "usage: [" });
    completes(github);

    await harness.deliver("pull_request", pr);

    expect(unmatched).toEqual([]);
    expect(strandedUpdates).toEqual([
      expect.objectContaining({ status: "completed", conclusion: "neutral", output: expect.objectContaining({ title: "This Bedrock cost review did not finish" }) }),
    ]);
    expect(strandedUpdates[0].output.summary).toContain(stale);
    expect(updates).toHaveLength(1);
  });

  it("a failing look for stranded runs does not fail the review", async () => {
    const github = mockToken(nock(API)).post(`${REPO_PATH}/check-runs`).reply(201, { id: CHECK_RUN_ID });
    github.get(`${REPO_PATH}/commits/${HEAD}/check-runs`).query(true).reply(403, { message: "Resource not accessible by integration" });
    readsConfigs(github, { head: "usage: [" });
    completes(github);

    await harness.deliver("pull_request", pr);

    expect(updates[0]).toMatchObject({ status: "completed", conclusion: "action_required" });
  });
});

describe("the Lambda deadline", () => {
  const env = { APP_ID: "123", PRIVATE_KEY, WEBHOOK_SECRET: SECRET, LOG_LEVEL: "fatal" };
  beforeEach(() => {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  });
  afterEach(() => vi.unstubAllEnvs());

  it("with less time left than the safety margin, completes the new check run as neutral and reads nothing", async () => {
    const github = startsCheckRun(mockToken(nock(API)), { sweeps: false });
    completes(github);

    const result = await handler(signed("pull_request", pr), lambdaContext(5_000));

    expect(result.statusCode).toBe(200);
    expect(unmatched).toEqual([]);
    expect(extractChange).not.toHaveBeenCalled();
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ status: "completed", conclusion: "neutral", output: { title: "The Bedrock cost review ran out of time" } });
    expect(updates[0].output.summary).toContain(TIMED_OUT);
  }, 20_000);

  it("when the deadline passes during a slow step, completes the check run as neutral, and the stalled review writes nothing afterwards", async () => {
    const github = startsCheckRun(mockToken(nock(API)));
    github
      .get(`${REPO_PATH}/compare/${BASE_TIP}...${HEAD}`)
      .query({ per_page: 1 })
      .delay(4_000)
      .reply(200, fixture("github/compare.json"));
    completes(github);

    const started = Date.now();
    // 10 s margin + 2.5 s: the review has 2.5 s (starting the check run takes up to ~1 s: Probot spaces
    // writes a second apart), and the compare answers 4 s after it is asked.
    const result = await handler(signed("pull_request", pr), lambdaContext(12_500));

    expect(result.statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(updates[0].output.summary).toContain(TIMED_OUT);
    // The compare answer arrives later: the review stops at its next step instead of reading on.
    await new Promise((resolve) => setTimeout(resolve, 6_500 - (Date.now() - started)));
    expect(unmatched).toEqual([]);
    expect(extractChange).not.toHaveBeenCalled();
  }, 20_000);
});

describe("the server's queue", () => {
  const log = { info: () => {}, warn: () => {}, error: () => {} };

  it("a shutdown interrupts a review still running after the grace period: its check run is completed as neutral, saying so, and the stalled review writes nothing afterwards", async () => {
    const queue = new ReviewQueue({ concurrency: 1, reviewTimeoutMs: 60_000, log });
    const served = await createHarness({ schedule: queue.schedule });
    const github = startsCheckRun(mockToken(nock(API)));
    github.get(`${REPO_PATH}/compare/${BASE_TIP}...${HEAD}`).query({ per_page: 1 }).delay(1_500).reply(200, fixture("github/compare.json"));
    completes(github);

    await served.deliver("pull_request", pr);
    await vi.waitUntil(() => nock.pendingMocks().length === 1, { timeout: 5_000 }); // the compare has been asked
    expect(await queue.shutdown(50)).toEqual({ finished: 0, interrupted: 1, abandoned: 0 });

    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ status: "completed", conclusion: "neutral", output: { title: "The Bedrock cost review was interrupted" } });
    expect(updates[0].output.summary).toContain("review was interrupted because the server shut down; re-run the check");
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(unmatched).toEqual([]);
    expect(extractChange).not.toHaveBeenCalled();
  }, 20_000);

  it("a review still queued at shutdown gets a neutral check run saying it did not run, instead of no run on a required check", async () => {
    const queue = new ReviewQueue({ concurrency: 1, reviewTimeoutMs: 60_000, log });
    await queue.shutdown(0);
    const served = await createHarness({ schedule: queue.schedule });
    // One write, the run created completed: a stopping server has many of these to make.
    const created: any[] = [];
    mockToken(nock(API)).post(`${REPO_PATH}/check-runs`, (body) => created.push(body) > 0).reply(502, { message: "Bad Gateway" }).post(`${REPO_PATH}/check-runs`).reply(201, { id: CHECK_RUN_ID });

    await served.deliver("pull_request", pr);

    expect(unmatched).toEqual([]);
    expect(created).toEqual([expect.objectContaining({ head_sha: HEAD, status: "completed", conclusion: "neutral", output: expect.objectContaining({ title: "The Bedrock cost review was interrupted" }) })]);
  });
});

describe("_extends that cannot be read", () => {
  function readsOwnConfig(scope: nock.Scope, text: string) {
    return scope.get(`${REPO_PATH}/contents/${CONFIG_URL_PATH}`).query({ ref: HEAD }).reply(200, text, { "content-type": "text/plain; charset=utf-8" });
  }

  it("is a config error on the _extends line naming the value, not silently dropped", async () => {
    const head = `policy:\n  max_monthly_increase_usd: 500\n_extends: shared-confg\n`;
    const github = startsCheckRun(mockToken(nock(API)));
    readsConfigs(github, { head });
    readsOwnConfig(github, head);
    github.get(`/repos/Codertocat/shared-confg/contents/${CONFIG_URL_PATH}`).reply(404, { message: "Not Found" });
    completes(github);

    await harness.deliver("pull_request", pr);

    expect(extractChange).not.toHaveBeenCalled();
    expect(updates[0]).toMatchObject({
      status: "completed",
      conclusion: "action_required",
      details_url: `https://github.com/Codertocat/Hello-World/blob/${HEAD}/.github/bedrock-cost.yml#L3`,
      output: { title: "Invalid Bedrock cost config (1 problem)" },
    });
    expect(updates[0].output.summary).toContain('.github/bedrock-cost.yml:3:1: _extends: \\"shared-confg\\" cannot be read'.replace(/\\"/g, '"'));
    expect(updates[0].output.summary).toContain("Codertocat/shared-confg:.github/bedrock-cost.yml");
    expect(updates[0].output.annotations).toEqual([expect.objectContaining({ path: CONFIG, start_line: 3, annotation_level: "failure" })]);
  });

  it("on a draft is neutral", async () => {
    const draft = structuredClone(pr);
    draft.pull_request.draft = true;
    const head = `_extends: shared-confg\n`;
    const github = startsCheckRun(mockToken(nock(API)));
    readsConfigs(github, { head });
    readsOwnConfig(github, head);
    github.get(`/repos/Codertocat/shared-confg/contents/${CONFIG_URL_PATH}`).reply(404, { message: "Not Found" });
    completes(github);

    await harness.deliver("pull_request", draft);

    expect(updates[0]).toMatchObject({ status: "completed", conclusion: "neutral", output: { title: "Invalid Bedrock cost config (1 problem)" } });
    expect(updates[0].output.summary).toContain('_extends: "shared-confg" cannot be read');
  });

  it("a broken link further down the chain names the extended file (repo:path) and its line, and annotates nothing", async () => {
    const head = `_extends: shared\n`;
    const shared = `# shared policy\npolicy:\n  max_monthly_increase_usd: 100\n_extends: acme/missing:typo.yml\n`;
    const github = startsCheckRun(mockToken(nock(API)));
    readsConfigs(github, { head });
    readsOwnConfig(github, head);
    github.get(`/repos/Codertocat/shared/contents/${CONFIG_URL_PATH}`).times(2).reply(200, shared, { "content-type": "text/plain; charset=utf-8" });
    github.get(`/repos/acme/missing/contents/typo.yml`).reply(404, { message: "Not Found" });
    completes(github);

    await harness.deliver("pull_request", pr);

    expect(updates[0]).toMatchObject({ conclusion: "action_required", details_url: `https://github.com/Codertocat/Hello-World/blob/${HEAD}/.github/bedrock-cost.yml` });
    expect(updates[0].output.summary).toContain('Codertocat/shared:.github/bedrock-cost.yml:4:1: _extends: "acme/missing:typo.yml" cannot be read');
    expect(updates[0].output.annotations).toEqual([]);
  });

  it("an invalid key in an extended file names that file, not a merged label", async () => {
    const head = `_extends: shared\n`;
    const shared = `policy:\n  fail_on_levle: warning\n`;
    const github = startsCheckRun(mockToken(nock(API)));
    readsConfigs(github, { head });
    readsOwnConfig(github, head);
    github.get(`/repos/Codertocat/shared/contents/${CONFIG_URL_PATH}`).reply(200, shared, { "content-type": "text/plain; charset=utf-8" });
    completes(github);

    await harness.deliver("pull_request", pr);

    expect(updates[0].conclusion).toBe("action_required");
    expect(updates[0].output.summary).toContain('- `Codertocat/shared:.github/bedrock-cost.yml: policy: unknown key "fail_on_levle"');
    expect(updates[0].output.summary).not.toContain(" + ");
    expect(updates[0].output.annotations).toEqual([]);
  });

  it("invalid YAML in an extended file names that file", async () => {
    const head = `_extends: shared\n`;
    const github = startsCheckRun(mockToken(nock(API)));
    readsConfigs(github, { head });
    readsOwnConfig(github, head);
    github.get(`/repos/Codertocat/shared/contents/${CONFIG_URL_PATH}`).reply(200, "policy: [unclosed\n", { "content-type": "text/plain; charset=utf-8" });
    completes(github);

    await harness.deliver("pull_request", pr);

    expect(updates[0].conclusion).toBe("action_required");
    expect(updates[0].output.summary).toContain("- `Codertocat/shared:.github/bedrock-cost.yml: Configuration could not be parsed");
  });
});

describe("paths that are no regular file", () => {
  it("submodules and symbolic links in the tree are neither listed nor read; a blob id GraphQL answers as no blob ({}) is a skipped file with a reason, and the review completes", async () => {
    const github = startsCheckRun(mockToken(nock(API)));
    readsConfigs(github);
    const trees = pr2Trees({ base: POLICY, head: POLICY });
    const link = { path: "src/link.ts", mode: "120000", type: "blob", sha: oidOf("support.ts"), size: 10, url: `${API}${REPO_PATH}/git/blobs/${oidOf("support.ts")}` };
    const submodule = { path: "libs/shared", mode: "160000", type: "commit", sha: "3f786850e387550fdab836ed7e6dc881de23001b" };
    const headTree = treeResponse(HEAD, trees.head);
    mockTrees(github, { [MERGE_BASE]: trees.base })
      .get(`${REPO_PATH}/git/trees/${HEAD}`)
      .query({ recursive: "1" })
      .reply(200, { ...headTree, tree: [...headTree.tree, link, submodule] });
    const read: string[] = [];
    const answer = blobReply(pr2Blobs({ base: POLICY, head: POLICY }));
    github
      .post("/graphql", (body) => oids(body).length > 0)
      .times(2)
      .reply(200, (uri, body: any) => {
        read.push(...oids(body));
        const result = answer(uri, body) as { data: { repository: Record<string, unknown> } };
        const index = oids(body).indexOf(oidOf(PR2.supportHead));
        if (index >= 0) result.data.repository[`f${index}`] = {};
        return result;
      });
    createsComment(github);
    completes(github);

    await harness.deliver("pull_request", pr);

    expect(unmatched).toEqual([]);
    const [changeSet, options] = extractChange.mock.calls[0] as [ChangeSet, ExtractOptions];
    expect(options.sides!.head.paths()).not.toContain("src/link.ts");
    expect(options.sides!.head.paths()).not.toContain("libs/shared");
    expect(read).not.toContain(link.sha);
    expect(changeSet.files.map((file) => file.path)).toEqual(["src/agent.py", "src/support.ts"]);
    expect(changeSet.files.find((file) => file.path === "src/support.ts")?.head).toEqual({ kind: "skipped", reason: NOT_A_REGULAR_FILE });
    expect(updates.at(-1).status).toBe("completed");
  });

  it("what the tree tells spares reads: a file over 1 MB and a generated file are not fetched; a blob GraphQL truncates is read whole through the git blobs API", async () => {
    const github = startsCheckRun(mockToken(nock(API)));
    readsConfigs(github);
    const trees = pr2Trees({ base: POLICY, head: POLICY });
    const generated = `export const api = "generated by protoc";\n`;
    const huge = "// a big file\n";
    const headTree = treeResponse(HEAD, { ...trees.head, "src/__generated__/api.ts": generated, "src/huge.ts": huge });
    const tree = headTree.tree.map((entry) => (entry.path === "src/huge.ts" ? { ...entry, size: 1.5 * 1024 * 1024 } : entry));
    mockTrees(github, { [MERGE_BASE]: trees.base })
      .get(`${REPO_PATH}/git/trees/${HEAD}`)
      .query({ recursive: "1" })
      .reply(200, { ...headTree, tree });
    const read: string[] = [];
    github
      .post("/graphql", (body) => oids(body).length > 0)
      .times(2)
      .reply(200, (uri, body: any) => {
        read.push(...oids(body));
        return blobReply({ ...pr2Blobs({ base: POLICY, head: POLICY }), [oidOf(PR2.supportHead)]: { text: PR2.supportHead.slice(0, 20), byteSize: Buffer.byteLength(PR2.supportHead), isTruncated: true } })(uri, body);
      })
      .get(`${REPO_PATH}/git/blobs/${oidOf(PR2.supportHead)}`)
      .reply(200, { sha: oidOf(PR2.supportHead), size: Buffer.byteLength(PR2.supportHead), encoding: "base64", content: Buffer.from(PR2.supportHead).toString("base64") });
    createsComment(github);
    completes(github);

    await harness.deliver("pull_request", pr);

    expect(unmatched).toEqual([]);
    expect(read.sort()).toEqual([oidOf(PR2.agent), oidOf(PR2.supportBase), oidOf(PR2.supportHead)].sort());
    const [changeSet] = extractChange.mock.calls[0] as [ChangeSet];
    expect(changeSet.files).toEqual([
      { path: "src/__generated__/api.ts", status: "added", base: null, head: { kind: "skipped", reason: "generated file (by its name)", excluded: true } },
      { path: "src/agent.py", previousPath: "src/old_agent.py", status: "renamed", base: { kind: "text", text: PR2.agent }, head: { kind: "text", text: PR2.agent } },
      { path: "src/huge.ts", status: "added", base: null, head: { kind: "skipped", reason: "larger than 1 MB (1.5 MB)" } },
      { path: "src/support.ts", status: "modified", base: { kind: "text", text: PR2.supportBase }, head: { kind: "text", text: PR2.supportHead } },
    ]);
    expect(updates.at(-1).conclusion).toBe("success");
  });

  it("fetchFileTexts: {} and a non-Blob __typename are skipped; null stays 'no file' (a missing config is no config)", async () => {
    nock("https://api.github.com")
      .post("/graphql")
      .reply(200, { data: { repository: { f0: {}, f1: { __typename: "Commit" }, f2: null, f3: { __typename: "Blob", byteSize: 2, isBinary: false, isTruncated: false, text: "ok" } } } });
    const files = ["sub", "sub2", "gone", "file.ts"].map((path) => ({ sha: HEAD, path }));

    const texts = await fetchFileTexts(githubReader(new ProbotOctokit({ auth: { token: "t" }, throttle: { enabled: false }, retry: { enabled: false } })), { owner: "o", repo: "r" }, files);

    expect(texts.get(`${HEAD}:sub`)).toEqual({ kind: "skipped", reason: NOT_A_REGULAR_FILE });
    expect(texts.get(`${HEAD}:sub2`)).toEqual({ kind: "skipped", reason: NOT_A_REGULAR_FILE });
    expect(texts.get(`${HEAD}:gone`)).toBeNull();
    expect(texts.get(`${HEAD}:file.ts`)).toMatchObject({ kind: "text", text: "ok" });
  });
});

describe("the check run's own text", () => {
  it("does not repeat the comment's notes pointing at the check run when rows or text are cut", () => {
    const sites = Array.from({ length: 1500 }, (_, i) => ({ ...report(0, 0).sites[0]!, key: `src/support.ts#f${i}#converse#0` }));
    const output = renderCheckRun(report(1000, 1240, { sites }), { conclusion: "success", reasons: [], notes: [] } as never);

    expect(output.text).toMatch(/\d+ more rows left out to fit GitHub's limit; the annotations mark those on the head\._/);
    expect(output.text).not.toContain("check run lists them all");
    expect(output.text).not.toContain("the check run has it all");
  });

  it("words the last-resort cut for where the text goes, in the same room", () => {
    const findings = [{ ruleId: "x", level: "warning" as const, path: "a.ts", line: 1, column: 1, endLine: 1, message: "m", why: "w".repeat(80_000), fix: "f", monthlySavings: null }];
    const comment = renderMarkdown(report(1000, 1240, { findings }), { maxChars: 65_000 });
    expect(comment.endsWith("… report truncated to fit a GitHub comment; the check run has it all.")).toBe(true);
    expect(comment.length).toBeLessThanOrEqual(65_000);

    const text = renderMarkdown(report(1000, 1240, { findings }), { maxChars: 65_000, target: "check-run" });
    expect(text).not.toContain("the check run has it all");
    expect(text.endsWith("… report truncated to fit GitHub's limit; the annotations mark head changes.")).toBe(true);
    expect(text.length).toBeLessThanOrEqual(65_000);
  });
});
