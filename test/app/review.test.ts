import nock from "nock";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Report } from "../../src/model/report.js";
import type { ChangeSet } from "../../src/model/source-file.js";
import type { AnalyzeOptions } from "../../src/pipeline/analyze.js";
import type { ExtractOptions } from "../../src/pipeline/extract-change.js";
import { RepositoryView } from "../../src/repository/view.js";
import {
  API, BASE_TIP, CHECK_RUN_ID, HEAD, MERGE_BASE, PR2, REPO_PATH, blobReply, createHarness, expressions, extractedStub, fixture, listsCheckRuns, mockToken, mockTrees, oidOf, oids, pr2Blobs, pr2Trees,
  report, type ConfigTexts, type Harness,
} from "./harness.js";

// The engine is priced in its own tests; here it is a seam whose inputs are asserted: the change set and
// the two repository views `extractChange` is given, and the trusted config `priceChange` prices with.
const extractChange = vi.hoisted(() => vi.fn());
const priceChange = vi.hoisted(() => vi.fn());
vi.mock("../../src/pipeline/extract-change.js", () => ({ extractChange }));
vi.mock("../../src/pipeline/analyze.js", () => ({ priceChange }));
vi.mock("../../src/extract/index.js", () => ({
  loadExtractors: async () => ({}),
  handlesPath: (_extractors: unknown, path: string) => /\.(ts|py)$/.test(path),
}));

const CONFIG = ".github/bedrock-cost.yml";
const POLICY_500 = "policy:\n  max_monthly_increase_usd: 500\n";
const VENDORED_NOTE = "Not scanned: dependency and build-output folders (vendor/).";

let harness: Harness;
let queries: any[] = [];
let updates: any[] = [];
let github: nock.Scope;
const pr = fixture("webhooks/pull_request.opened.json");

/** What the stubbed engine reports (priceChange is synchronous: it prices facts already read). */
const engineReturns = (result: Report) => priceChange.mockReturnValue(result);

beforeAll(() => nock.disableNetConnect());
beforeEach(async () => {
  extractChange.mockReset();
  extractChange.mockImplementation(async (changeSet: ChangeSet, options: ExtractOptions) => extractedStub(changeSet, options));
  priceChange.mockReset();
  queries = [];
  updates = [];
  harness = await createHarness();
  github = mockToken(nock(API));
});
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

function startsCheckRun() {
  listsCheckRuns(github)
    .post(`${REPO_PATH}/check-runs`, {
      name: "Bedrock cost",
      head_sha: HEAD,
      status: "in_progress",
      output: { title: "Pricing Bedrock usage…", summary: "Reading the changed files and pricing their Bedrock calls." },
    })
    .reply(201, { id: CHECK_RUN_ID });
}

const recorded = (body: any) => {
  queries.push(body);
  return true;
};

/** The merge base, then both configs (base branch tip and head) in one query by `sha:path`; a missing one falls back to the org's `.github`. */
function readsConfigs(config: ConfigTexts) {
  github
    .get(`${REPO_PATH}/compare/${BASE_TIP}...${HEAD}`)
    .query({ per_page: 1 })
    .reply(200, fixture("github/compare.json"))
    .post("/graphql", (body) => expressions(body).length > 0 && recorded(body))
    .reply(200, blobReply(pr2Blobs(config)));
  if (!config.base || !config.head) github.get(`/repos/Codertocat/.github/contents/${encodeURIComponent(CONFIG)}`).reply(404);
}

/** The git trees of the merge base and the head, then the changed analysable files by blob id: one query per side. */
function readsTrees(config: ConfigTexts) {
  const trees = pr2Trees(config);
  mockTrees(github, { [MERGE_BASE]: trees.base, [HEAD]: trees.head })
    .post("/graphql", (body) => oids(body).length > 0 && recorded(body))
    .times(2)
    .reply(200, blobReply(pr2Blobs(config)));
}

function readsChange(config: ConfigTexts) {
  readsConfigs(config);
  readsTrees(config);
}

function headIs(sha: string) {
  github.get(`${REPO_PATH}/pulls/2`).reply(200, { ...fixture("github/pulls.2.json"), head: { ref: "changes", sha } });
}

/** Expects one check run update; its body is asserted after delivery, from `updates`. */
function completes() {
  github
    .patch(`${REPO_PATH}/check-runs/${CHECK_RUN_ID}`, (body) => {
      updates.push(body);
      return true;
    })
    .reply(200, { id: CHECK_RUN_ID });
}

const BOT = { login: "bedrock-cost[bot]", type: "Bot" };

const bot = (id: number, body: string) => ({ id, node_id: `IC_${id}`, user: BOT, body: `<!-- bedrock-cost-review -->\n${body}` });

/** No comment yet: list, look at the head again, create, then the duplicate check sees only ours. */
function createsFirstComment(posted: string[]) {
  github.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, []);
  headIs(HEAD);
  github
    .post(`${REPO_PATH}/issues/2/comments`, (body) => {
      posted.push(body.body);
      return true;
    })
    .reply(201, { id: 900 });
  github.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, () => [bot(900, "ours")]);
}

describe("pull_request.opened", () => {
  it("lists both git trees, reads only the changed analysable files by blob id (a blob both sides share once), comments once, completes the check", async () => {
    engineReturns(report(1000, 1240));
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs(HEAD);
    const posted: string[] = [];
    createsFirstComment(posted);
    completes();

    await harness.deliver("pull_request", pr);

    // The configs by expression (base branch tip and head), then only the blobs compare needs: the changed
    // .ts/.py files. README.md (not analysable) is compared by id, unread; the vendored file is not listed.
    expect(queries).toHaveLength(3);
    expect(expressions(queries[0])).toEqual([`${BASE_TIP}:${CONFIG}`, `${HEAD}:${CONFIG}`]);
    expect(queries.map(oids)).toEqual([[], [oidOf(PR2.agent), oidOf(PR2.supportBase)], [oidOf(PR2.supportHead)]]);
    expect(queries.slice(1).map(expressions)).toEqual([[], []]);
    for (const query of queries) expect(query.variables).toMatchObject({ owner: "Codertocat", repo: "Hello-World" });
    expect(posted).toHaveLength(1);
    expect(posted[0]!.startsWith("<!-- bedrock-cost-review -->\n")).toBe(true);
    expect(posted[0]).toContain(`https://github.com/Codertocat/Hello-World/blob/${HEAD}/src/support.ts#L12`);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ status: "completed", conclusion: "success", output: { title: "+$240/mo (+24.0%)" } });
    expect(updates[0].output.annotations).toEqual([
      {
        path: "src/support.ts", start_line: 12, end_line: 16, annotation_level: "notice", title: "Bedrock call modified: +$240/mo",
        message: "anthropic.claude-sonnet-4-5-20250929-v1:0: $1,000/mo → $1,240/mo",
      },
    ]);

    expect(extractChange).toHaveBeenCalledTimes(1);
    const [changeSet, options] = extractChange.mock.calls[0] as [ChangeSet, ExtractOptions];
    expect(changeSet.files).toEqual([
      { path: "src/agent.py", previousPath: "src/old_agent.py", status: "renamed", base: { kind: "text", text: PR2.agent }, head: { kind: "text", text: PR2.agent } },
      { path: "src/support.ts", status: "modified", base: { kind: "text", text: PR2.supportBase }, head: { kind: "text", text: PR2.supportHead } },
    ]);
    expect(changeSet.otherChanges).toEqual(["README.md"]);
    expect(changeSet.notes).toEqual([VENDORED_NOTE]);
    expect(options.mode).toBe("diff");
    expect(options.wanted?.("src/support.ts")).toBe(true);
    // The engine gets both sides as wholes: the merge base and the head, over one read session and budget.
    const { base, head } = options.sides!;
    expect(base).toBeInstanceOf(RepositoryView);
    expect([base.label, head.label]).toEqual([`merge base ${MERGE_BASE.slice(0, 7)}`, `head ${HEAD.slice(0, 7)}`]);
    expect(base.paths().sort()).toEqual([CONFIG, "README.md", "src/old_agent.py", "src/support.ts"]);
    expect(head.paths().sort()).toEqual([CONFIG, "README.md", "src/agent.py", "src/support.ts"]);
    expect(head.vendoredFolders).toEqual(["vendor"]);
    expect(head.session).toBe(base.session);
    expect(head.session.budget).toEqual({ files: 4_000, bytes: 40 * 1024 * 1024 });
    expect(head.session.used.files).toBe(3);
    expect(head.content("src/agent.py")).toEqual({ kind: "text", text: PR2.agent });

    expect(priceChange).toHaveBeenCalledTimes(1);
    const [extracted, priceOptions] = priceChange.mock.calls[0] as [unknown, AnalyzeOptions];
    expect(extracted).toBe(await extractChange.mock.results[0]!.value);
    expect(priceOptions).toMatchObject({ mode: "diff", configPath: CONFIG, configLabel: `${CONFIG} at head ec26c3e` });
    expect(priceOptions.config.policy).toEqual({ max_monthly_increase_usd: 500, fail_on_level: "error" });
  });

  it.each(["pull_request.reopened", "pull_request.ready_for_review", "pull_request.synchronize"])("%s runs the same review", async (name) => {
    engineReturns(report(1000, 1240));
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs(HEAD);
    createsFirstComment([]);
    completes();

    await harness.deliver("pull_request", fixture(`webhooks/${name}.json`));

    expect(updates.map((body) => body.conclusion)).toEqual(["success"]);
  });
});

describe("the sticky comment", () => {
  it("updates the existing comment found on the second page instead of adding one", async () => {
    engineReturns(report(1000, 1240));
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs(HEAD);
    github
      .get(`${REPO_PATH}/issues/2/comments`)
      .query({ per_page: 100 })
      .reply(200, [{ id: 5, node_id: "IC_5", user: { login: "octocat", type: "User" }, body: "<!-- bedrock-cost-review --> quoted by a person" }], {
        link: `<${API}${REPO_PATH}/issues/2/comments?per_page=100&page=2>; rel="next"`,
      })
      .get(`${REPO_PATH}/issues/2/comments`)
      .query({ per_page: 100, page: 2 })
      .reply(200, [bot(811, "old numbers")]);
    headIs(HEAD);
    const edited: string[] = [];
    github
      .patch(`${REPO_PATH}/issues/comments/811`, (body) => {
        edited.push(body.body);
        return true;
      })
      .reply(200, { id: 811 });
    completes();

    await harness.deliver("pull_request", fixture("webhooks/pull_request.synchronize.json"));

    expect(edited).toHaveLength(1);
    expect(edited[0]).toMatch(/^<!-- bedrock-cost-review -->\n### /);
    expect(edited[0]).toContain("+$240/mo");
  });

  it("after a concurrent run also created one, keeps the oldest and deletes the duplicate", async () => {
    engineReturns(report(1000, 1240));
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs(HEAD);
    github.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, []);
    headIs(HEAD);
    github.post(`${REPO_PATH}/issues/2/comments`).reply(201, { id: 902 });
    github.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, [bot(901, "from the other run"), bot(902, "ours")]);
    github.delete(`${REPO_PATH}/issues/comments/902`).reply(204);
    const edited: string[] = [];
    github
      .patch(`${REPO_PATH}/issues/comments/901`, (body) => {
        edited.push(body.body);
        return true;
      })
      .reply(200, { id: 901 });
    completes();

    await harness.deliver("pull_request", pr);

    expect(edited).toHaveLength(1);
    expect(edited[0]).toContain("+$240/mo");
  });

  it("when the PR no longer changes Bedrock usage, rewrites the old comment instead of leaving stale numbers", async () => {
    engineReturns(report(0, 0, { sites: [] }));
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs(HEAD);
    github.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, [bot(811, "+$240/mo")]);
    headIs(HEAD);
    github
      .patch(`${REPO_PATH}/issues/comments/811`, {
        body: "<!-- bedrock-cost-review -->\n### Bedrock cost\n\nAs of ec26c3e, this pull request no longer changes any Bedrock usage, so it does not change the monthly cost. Earlier figures in this comment no longer apply.",
      })
      .reply(200, { id: 811 });
    completes();

    await harness.deliver("pull_request", pr);

    expect(updates[0]).toMatchObject({ conclusion: "success", output: { title: "no Bedrock usage changed" } });
  });

  it("comment.behavior: off writes and reads no comment", async () => {
    engineReturns(report(1000, 1240));
    const config = "comment:\n  behavior: \"off\"\n";
    startsCheckRun();
    readsChange({ base: config, head: config });
    headIs(HEAD);
    completes();

    await harness.deliver("pull_request", pr);

    expect(updates.map((body) => body.conclusion)).toEqual(["success"]);
  });

  it("comment.min_delta_usd: a $3 change starts no comment", async () => {
    engineReturns(report(100, 103));
    const config = "comment:\n  min_delta_usd: 5\n";
    startsCheckRun();
    readsChange({ base: config, head: config });
    headIs(HEAD);
    github.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, []);
    completes();

    await harness.deliver("pull_request", pr);

    expect(updates.map((body) => body.output.title)).toEqual(["+$3.00/mo (+3.0%)"]);
  });

  it("hide-and-new minimizes the previous comment, then posts a new one", async () => {
    engineReturns(report(1000, 1240));
    const config = "comment:\n  behavior: hide-and-new\n";
    startsCheckRun();
    readsChange({ base: config, head: config });
    headIs(HEAD);
    github.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, [bot(811, "old")]);
    headIs(HEAD);
    github
      .post("/graphql", (body) => body.query.includes("minimizeComment(input: { subjectId: $id, classifier: OUTDATED })") && body.variables.id === "IC_811")
      .reply(200, { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } });
    github.post(`${REPO_PATH}/issues/2/comments`, (body) => body.body.includes("+$240/mo")).reply(201, { id: 903 });
    completes();

    await harness.deliver("pull_request", pr);

    expect(updates.map((body) => body.conclusion)).toEqual(["success"]);
  });

  it("keeps a report over 65,536 characters within GitHub's limit, saying rows were left out", async () => {
    const sites = Array.from({ length: 1500 }, (_, i) => ({ ...report(0, 0).sites[0]!, key: `src/support.ts#f${i}#converse#0` }));
    engineReturns(report(1000, 1240, { sites }));
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs(HEAD);
    const posted: string[] = [];
    createsFirstComment(posted);
    for (let i = 0; i < 30; i++) completes();

    await harness.deliver("pull_request", pr);

    expect(posted).toHaveLength(1);
    expect(posted[0]!.length).toBeLessThanOrEqual(65_536);
    expect(posted[0]!.length).toBeGreaterThan(60_000);
    expect(posted[0]).toMatch(/\d+ more rows? left out/);
    // The check run keeps every site: one notice per site, 50 per request.
    expect(updates.flatMap((body) => body.output.annotations)).toHaveLength(1500);
    expect(updates.map((body) => body.output.text.length <= 65_535)).not.toContain(false);
  });
});

describe("policy -> check run", () => {
  it("fails over the USD limit and names the limit and the file that set it", async () => {
    engineReturns(report(1000, 1900));
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs(HEAD);
    createsFirstComment([]);
    completes();

    await harness.deliver("pull_request", pr);

    expect(updates[0]).toMatchObject({ conclusion: "failure", output: { title: "Fails policy: +$900/mo (+90.0%)" } });
    expect(updates[0].output.summary).toBe(
      [
        "**+$900/mo (+90.0%)**, base → head.",
        "",
        "### Why it fails",
        "- Monthly cost rises by +$900/mo, over the limit of $500/mo (policy.max_monthly_increase_usd in .github/bedrock-cost.yml at base f95f852).",
      ].join("\n"),
    );
  });

  it("without any config, the same increase is advisory: neutral, never failure", async () => {
    const findings = [{ ruleId: "uncapped-max-tokens", level: "error" as const, path: "src/support.ts", line: 12, column: 1, endLine: 12, message: "m", why: "w", fix: "f", monthlySavings: null }];
    engineReturns(report(1000, 1900, { findings }));
    startsCheckRun();
    readsChange({ base: null, head: null });
    headIs(HEAD);
    createsFirstComment([]);
    completes();

    await harness.deliver("pull_request", pr);

    expect(updates[0]).toMatchObject({ conclusion: "neutral", output: { title: "+$900/mo (+90.0%) · 1 finding (not enforced)" } });
    expect(updates[0].output.summary).toContain("- 1 error-level finding (policy.fail_on_level: error in the built-in default).");
    expect(updates[0].output.summary).toContain("> Advisory: no `policy:` is configured on the base branch");
    expect((priceChange.mock.calls[0] as [unknown, AnalyzeOptions])[1].configPath).toBeNull();
  });

  it("takes policy from the base branch and usage from the head; says the policy change applies after merge", async () => {
    engineReturns(report(1000, 1900));
    const head = "policy:\n  max_monthly_increase_usd: 100000\nusage:\n  defaults:\n    requests_per_day: 20000\n";
    startsCheckRun();
    readsChange({ base: POLICY_500, head });
    headIs(HEAD);
    createsFirstComment([]);
    completes();

    await harness.deliver("pull_request", pr);

    expect(updates[0].conclusion).toBe("failure");
    const [changeSet] = extractChange.mock.calls[0] as [ChangeSet];
    const [, options] = priceChange.mock.calls[0] as [unknown, AnalyzeOptions];
    expect(options.config.policy).toEqual({ max_monthly_increase_usd: 500, fail_on_level: "error" });
    expect(options.config.usage).toEqual({ defaults: { requests_per_day: 20000 } });
    expect(changeSet.otherChanges).toEqual([CONFIG, "README.md"]);
    expect(changeSet.notes).toEqual([
      VENDORED_NOTE,
      "This pull request changes the Bedrock cost config (`usage`, `policy`). `usage` applies to this review: both sides are priced with the pull request's values. `policy` applies after merge: this check uses the base branch's.",
    ]);
  });

  it("a draft over the limit is reported but neutral", async () => {
    engineReturns(report(1000, 1900));
    const draft = structuredClone(pr);
    draft.pull_request.draft = true;
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs(HEAD);
    createsFirstComment([]);
    completes();

    await harness.deliver("pull_request", draft);

    expect(updates[0]).toMatchObject({ conclusion: "neutral", output: { title: "+$900/mo (+90.0%) (not enforced)" } });
    expect(updates[0].output.summary).toContain("> Draft pull request: the policy is reported but not enforced until it is ready for review.");
  });

  it("sends 120 annotations in batches of 50, 50 and 20; only the last request completes the run", async () => {
    const findings = Array.from({ length: 119 }, (_, i) => ({
      ruleId: "uncapped-max-tokens", level: "warning" as const, path: "src/support.ts", line: i + 1, column: 1, endLine: i + 1,
      message: "no cap", why: "worst case", fix: "set maxTokens", monthlySavings: null,
    }));
    engineReturns(report(1000, 1240, { findings }));
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs(HEAD);
    createsFirstComment([]);
    for (let i = 0; i < 3; i++) completes();

    await harness.deliver("pull_request", pr);

    expect(updates.map((body) => body.output.annotations.length)).toEqual([50, 50, 20]);
    expect(updates.map((body) => body.conclusion)).toEqual([undefined, undefined, "success"]);
    expect(updates[0].output.annotations[0]).toEqual({
      path: "src/support.ts", start_line: 1, end_line: 1, annotation_level: "warning", title: "uncapped-max-tokens", message: "no cap\n\nworst case\n\nFix: set maxTokens",
    });
    expect(updates[2].output.annotations[19]).toMatchObject({ annotation_level: "notice", start_line: 12 });
  });
});

describe("an invalid config", () => {
  it("completes the check as action_required with the file, line and problem, and reviews nothing", async () => {
    startsCheckRun();
    readsConfigs({ base: POLICY_500, head: "policy:\n  max_monthly_increase_usd: 500\n  fail_on_levle: warning\n" }); // no tree is listed
    completes();

    await harness.deliver("pull_request", pr);

    expect(extractChange).not.toHaveBeenCalled();
    expect(updates[0]).toMatchObject({
      status: "completed",
      conclusion: "action_required",
      details_url: `https://github.com/Codertocat/Hello-World/blob/${HEAD}/.github/bedrock-cost.yml#L3`,
      output: { title: "Invalid Bedrock cost config (1 problem)" },
    });
    expect(updates[0].output.summary).toContain('- `.github/bedrock-cost.yml:3:3: policy: unknown key "fail_on_levle" (did you mean "fail_on_level"?)`');
    expect(updates[0].output.annotations).toEqual([
      { path: ".github/bedrock-cost.yml", start_line: 3, end_line: 3, annotation_level: "failure", title: "Invalid config", message: 'policy: unknown key "fail_on_levle" (did you mean "fail_on_level"?)' },
    ]);
  });
});

describe("concurrency and failures", () => {
  it("does not overwrite the comment when the PR head moved while analysing", async () => {
    engineReturns(report(1000, 1240));
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs("1111111111111111111111111111111111111111");
    completes();

    await harness.deliver("pull_request", pr);

    expect(updates[0].conclusion).toBe("success");
    expect(updates[0].output.summary).toContain("moved on to 1111111");
  });

  it("an API error completes the check run as failed with the reason", async () => {
    startsCheckRun();
    github.get(`${REPO_PATH}/compare/${BASE_TIP}...${HEAD}`).query({ per_page: 1 }).reply(502, { message: "Server Error" });
    completes();

    await expect(harness.deliver("pull_request", pr)).rejects.toThrow("Server Error");

    expect(updates[0]).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "The Bedrock cost review could not finish" } });
    expect(updates[0].output.summary).toContain("Server Error");
  });

  it("retries a 5xx and still leaves exactly one comment", async () => {
    harness = await createHarness({ retry: true });
    engineReturns(report(1000, 1240));
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs(HEAD);
    github.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, []);
    headIs(HEAD);
    const posted: string[] = [];
    const record = (body: any) => {
      posted.push(body.body);
      return true;
    };
    github.post(`${REPO_PATH}/issues/2/comments`, record).reply(502, { message: "Bad Gateway" });
    github.post(`${REPO_PATH}/issues/2/comments`, record).reply(201, { id: 900 });
    github.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, [bot(900, "ours")]);
    completes();

    await harness.deliver("pull_request", pr);

    expect(posted).toHaveLength(2);
    expect(posted[1]).toBe(posted[0]);
    expect(updates.map((body) => body.conclusion)).toEqual(["success"]);
  });

  it("rejects a payload whose signature does not match, calling no API", async () => {
    nock.cleanAll();
    await expect(harness.deliver("pull_request", pr, "wrong-secret")).rejects.toThrow("signature does not match");
    expect(extractChange).not.toHaveBeenCalled();
  });
});

describe("audit fixes", () => {
  const LOCKED = { message: "Unable to create comment because issue is locked.", documentation_url: "https://docs.github.com/rest/issues/comments#create-an-issue-comment" };

  it("links a removed call to the merge base and leaves it out of the annotations (they land on the head)", async () => {
    const removed = {
      key: "src/old.ts#gone#converse#0", change: "removed" as const,
      base: { ...report(0, 0).sites[0]!.base!, path: "src/old.ts", line: 7, endLine: 9, monthlyCost: 300 }, head: null, monthlyDelta: -300,
    };
    engineReturns(report(1300, 1240, { sites: [...report(1000, 1240).sites, removed] }));
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs(HEAD);
    const posted: string[] = [];
    createsFirstComment(posted);
    completes();

    await harness.deliver("pull_request", pr);

    expect(posted[0]).toContain(`[src/old.ts:7](https://github.com/Codertocat/Hello-World/blob/${MERGE_BASE}/src/old.ts#L7)`);
    expect(posted[0]).toContain(`[src/support.ts:12](https://github.com/Codertocat/Hello-World/blob/${HEAD}/src/support.ts#L12)`);
    expect(updates[0].output.text).toContain(`blob/${MERGE_BASE}/src/old.ts#L7`);
    expect(updates[0].output.annotations.map((a: any) => [a.path, a.start_line])).toEqual([["src/support.ts", 12]]);
  });

  it("keeps the check run text, summary and annotation messages within GitHub's byte limits when the report is multi-byte", async () => {
    // Each finding's text is mostly 3- and 4-byte characters: under 65,535 characters, far over 65,535 bytes.
    const wide = "€→🛑".repeat(40);
    const findings = Array.from({ length: 150 }, (_, i) => ({
      ruleId: "uncapped-max-tokens", level: "warning" as const, path: "src/support.ts", line: i + 1, column: 1, endLine: i + 1,
      message: `cap ${i} ${wide}`, why: wide, fix: "set maxTokens", monthlySavings: null,
    }));
    findings[0]!.why = "💸".repeat(20_000); // one annotation message of 80,000 bytes
    engineReturns(report(1000, 1240, { findings }));
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs(HEAD);
    createsFirstComment([]);
    for (let i = 0; i < 4; i++) completes();

    await harness.deliver("pull_request", pr);

    const last = updates.at(-1);
    expect(last.conclusion).toBe("success");
    for (const body of updates) {
      expect(Buffer.byteLength(body.output.text, "utf8")).toBeLessThanOrEqual(65_535);
      expect(Buffer.byteLength(body.output.summary, "utf8")).toBeLessThanOrEqual(65_535);
      // Cut on a character boundary: no lone surrogate survives a UTF-8 round trip.
      expect(Buffer.from(body.output.text, "utf8").toString("utf8")).toBe(body.output.text);
    }
    // The budget is not wasted: the text is cut close to the byte limit, not to a third of it.
    expect(Buffer.byteLength(last.output.text, "utf8")).toBeGreaterThan(60_000);
    const messages = updates.flatMap((body) => body.output.annotations).map((a: any) => a.message as string);
    expect(messages).toHaveLength(151);
    expect(Buffer.byteLength(messages[0]!, "utf8")).toBeLessThanOrEqual(65_535);
    expect(messages[0]!.endsWith("…")).toBe(true);
    expect(Buffer.from(messages[0]!, "utf8").toString("utf8")).toBe(messages[0]);
  });

  it("files that could not be analysed make a would-be pass neutral, and the comment says the PR could not be fully analysed", async () => {
    engineReturns(
      report(0, 0, { sites: [], skipped: [{ path: "src/huge.ts", reason: "larger than 1 MB (1.2 MB)" }], problems: [{ path: "src/broken.ts", line: 3, message: "syntax error; file skipped" }] }),
    );
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs(HEAD);
    github.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, [bot(811, "+$240/mo")]);
    headIs(HEAD);
    const edited: string[] = [];
    github
      .patch(`${REPO_PATH}/issues/comments/811`, (body) => {
        edited.push(body.body);
        return true;
      })
      .reply(200, { id: 811 });
    completes();

    await harness.deliver("pull_request", pr);

    expect(edited).toHaveLength(1);
    expect(edited[0]).not.toContain("no longer changes any Bedrock usage");
    expect(edited[0]).toContain("As of ec26c3e, this pull request could not be fully analysed");
    expect(edited[0]).toContain("- 2 files could not be analysed: `src/huge.ts`, `src/broken.ts`.");
    expect(updates[0].conclusion).toBe("neutral");
    expect(updates[0].output.summary).toContain(
      "> Incomplete analysis: 2 files could not be analysed (`src/huge.ts`, `src/broken.ts`), so any Bedrock usage in them is missing from the figures and this check cannot pass.",
    );
  });

  it("when the duplicate check finds only the other run's comment, writes this run's body onto it", async () => {
    engineReturns(report(1000, 1240));
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs(HEAD);
    github.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, []);
    headIs(HEAD);
    github.post(`${REPO_PATH}/issues/2/comments`).reply(201, { id: 902 });
    // The concurrent run kept its own 901 and already deleted ours as its duplicate.
    github.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, [bot(901, "the other run's figures")]);
    const edited: string[] = [];
    github
      .patch(`${REPO_PATH}/issues/comments/901`, (body) => {
        edited.push(body.body);
        return true;
      })
      .reply(200, { id: 901 });
    completes();

    await harness.deliver("pull_request", pr);

    expect(edited).toHaveLength(1);
    expect(edited[0]).toContain("+$240/mo");
  });

  it("does not write the comment when the head moves between listing the comments and writing", async () => {
    engineReturns(report(1000, 1240));
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs(HEAD);
    github.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, [bot(811, "old numbers")]);
    headIs("1111111111111111111111111111111111111111");
    completes(); // no PATCH of comment 811: nock would fail the delivery on an unexpected request

    await harness.deliver("pull_request", pr);

    expect(updates[0].conclusion).toBe("success");
    expect(updates[0].output.summary).toContain("moved on to 1111111");
  });

  it("a locked conversation (403 on the comment) still completes the check with the real verdict and says why the comment is missing", async () => {
    engineReturns(report(1000, 1900));
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs(HEAD);
    github.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, []);
    headIs(HEAD);
    github.post(`${REPO_PATH}/issues/2/comments`).reply(403, LOCKED);
    completes();

    await harness.deliver("pull_request", pr);

    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "Fails policy: +$900/mo (+90.0%)" } });
    expect(updates[0].output.summary).toContain("> The PR comment could not be written (GitHub answered 403: Unable to create comment because issue is locked.");
  });

  it("a pass stays success when the comment cannot be written", async () => {
    engineReturns(report(1000, 1240));
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs(HEAD);
    github.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(403, { message: "Resource not accessible by integration" });
    completes();

    await harness.deliver("pull_request", pr);

    expect(updates[0].conclusion).toBe("success");
    expect(updates[0].output.summary).toContain("> The PR comment could not be written (GitHub answered 403: Resource not accessible by integration");
  });

  it("only takes over a marked comment written by this app (performed_via_github_app.id = the app id)", async () => {
    engineReturns(report(1000, 1240));
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs(HEAD);
    const otherApp = { ...bot(700, "another bot copying the marker"), performed_via_github_app: { id: 999, slug: "copycat" } };
    const ours = { ...bot(811, "old numbers"), performed_via_github_app: { id: 123, slug: "bedrock-cost" } };
    github.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, [otherApp, ours, { ...bot(950, "newer, by the copycat"), performed_via_github_app: { id: 999 } }]);
    headIs(HEAD);
    const edited: string[] = [];
    github
      .patch(`${REPO_PATH}/issues/comments/811`, (body) => {
        edited.push(body.body);
        return true;
      })
      .reply(200, { id: 811 });
    completes();

    await harness.deliver("pull_request", pr);

    expect(edited).toHaveLength(1);
    expect(edited[0]).toContain("+$240/mo");
  });

  it("another app's marked comment alone is not ours: a new comment is created", async () => {
    engineReturns(report(1000, 1240));
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs(HEAD);
    const otherApp = { ...bot(700, "another bot copying the marker"), performed_via_github_app: { id: 999 } };
    github.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, [otherApp]);
    headIs(HEAD);
    const posted: string[] = [];
    github
      .post(`${REPO_PATH}/issues/2/comments`, (body) => {
        posted.push(body.body);
        return true;
      })
      .reply(201, { id: 900 });
    github.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, [otherApp, { ...bot(900, "ours"), performed_via_github_app: { id: 123 } }]);
    completes();

    await harness.deliver("pull_request", pr);

    expect(posted).toHaveLength(1);
    expect(updates[0].conclusion).toBe("success");
  });

  it("an invalid config on a draft is neutral, with the same located errors", async () => {
    const draft = structuredClone(pr);
    draft.pull_request.draft = true;
    startsCheckRun();
    readsConfigs({ base: POLICY_500, head: "policy:\n  max_monthly_increase_usd: 500\n  fail_on_levle: warning\n" }); // no tree is listed
    completes();

    await harness.deliver("pull_request", draft);

    expect(extractChange).not.toHaveBeenCalled();
    expect(updates[0]).toMatchObject({ status: "completed", conclusion: "neutral", output: { title: "Invalid Bedrock cost config (1 problem)" } });
    expect(updates[0].output.summary).toContain('- `.github/bedrock-cost.yml:3:3: policy: unknown key "fail_on_levle" (did you mean "fail_on_level"?)`');
    expect(updates[0].output.annotations).toHaveLength(1);
  });

  it("an error during a draft's review completes the check as neutral with the reason", async () => {
    const draft = structuredClone(pr);
    draft.pull_request.draft = true;
    startsCheckRun();
    github.get(`${REPO_PATH}/compare/${BASE_TIP}...${HEAD}`).query({ per_page: 1 }).reply(502, { message: "Server Error" });
    completes();

    await expect(harness.deliver("pull_request", draft)).rejects.toThrow("Server Error");

    expect(updates[0]).toMatchObject({ status: "completed", conclusion: "neutral", output: { title: "The Bedrock cost review could not finish" } });
    expect(updates[0].output.summary).toContain("Server Error");
    expect(updates[0].output.summary).toContain("Draft pull request");
  });

  it("reads the base config at the base branch tip, so policy changed on the branch after the PR forked applies", async () => {
    engineReturns(report(1000, 1240));
    startsCheckRun();
    // The merge base still had a $500 limit; the branch tip now has $100. Only the tip is read.
    readsChange({ base: "policy:\n  max_monthly_increase_usd: 100\n", head: POLICY_500 });
    headIs(HEAD);
    createsFirstComment([]);
    completes();

    await harness.deliver("pull_request", pr);

    expect(expressions(queries[0])).not.toContain(`${MERGE_BASE}:${CONFIG}`);
    expect(updates[0].conclusion).toBe("failure");
    expect(updates[0].output.summary).toContain("over the limit of $100/mo (policy.max_monthly_increase_usd in .github/bedrock-cost.yml at base f95f852)");
  });

  it("pull_request.edited with a new base branch reviews again; an edit of the title does not", async () => {
    engineReturns(report(1000, 1240));
    startsCheckRun();
    readsChange({ base: POLICY_500, head: POLICY_500 });
    headIs(HEAD);
    createsFirstComment([]);
    completes();

    await harness.deliver("pull_request", fixture("webhooks/pull_request.edited.json"));
    expect(updates.map((body) => body.conclusion)).toEqual(["success"]);

    const retitled = fixture("webhooks/pull_request.edited.json");
    retitled.changes = { title: { from: "Update the README" } };
    await harness.deliver("pull_request", retitled);
    expect(extractChange).toHaveBeenCalledTimes(1);
  });
});
