import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  API, BASE_TIP, CHECK_RUN_ID, HEAD, MERGE_BASE, REPO_PATH, blobReply, createHarness, fixtureBlobs, fixtureSide, expressions, fixture, listsCheckRuns, mockToken, mockTrees, oidOf, oids,
} from "./harness.js";

/*
 * The App with the REAL engine on fixtures/prs/shared-model-constant, through Probot's signed webhook
 * entry: the pull request changes one line of one file, the shared MODEL constant in
 * src/lib/claude/client.ts (Claude Haiku 4.5 -> Claude Sonnet 4.5), and no file that calls Bedrock. GitHub
 * serves the git trees of the merge base and the head (every file of the fixture folders, .github
 * included) and their blobs by id. The four call sites that read MODEL — two routes, and the wrapper
 * chat() in src/lib/llm.ts once per caller — must be priced and gated on the base branch's $500 limit.
 * The figures are the CLI's (`bedrock-cost diff --base …/base --head …/head`; test/cli/diff-shared-module
 * derives them by hand), written out here as literals.
 */

const PR_DIR = "fixtures/prs/shared-model-constant";
const CONFIG = ".github/bedrock-cost.yml";
const CLIENT = "src/lib/claude/client.ts";
const HTML_URL = "https://github.com/Codertocat/Hello-World";
const at = (path: string, line: number) => `${HTML_URL}/blob/${HEAD}/${path}#L${line}`;

const BASE_FILES = fixtureSide(PR_DIR, "base");
const HEAD_FILES = fixtureSide(PR_DIR, "head");

let blobQueries: any[] = [];
let created: string[] = [];
let checkUpdates: any[] = [];

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

function github(): nock.Scope {
  const blobs = fixtureBlobs(BASE_FILES, HEAD_FILES);
  const scope = listsCheckRuns(mockToken(nock(API)))
    .post(`${REPO_PATH}/check-runs`, (body) => body.head_sha === HEAD && body.status === "in_progress")
    .reply(201, { id: CHECK_RUN_ID })
    .get(`${REPO_PATH}/compare/${BASE_TIP}...${HEAD}`)
    .query({ per_page: 1 })
    .reply(200, fixture("github/compare.json"))
    .post("/graphql", (body) => {
      blobQueries.push(body);
      return true;
    })
    .times(4)
    .reply(200, blobReply(blobs));
  return mockTrees(scope, { [MERGE_BASE]: BASE_FILES, [HEAD]: HEAD_FILES })
    .get(`${REPO_PATH}/pulls/2`)
    .reply(200, fixture("github/pulls.2.json"))
    .get(`${REPO_PATH}/issues/2/comments`)
    .query({ per_page: 100 })
    .reply(200, [])
    .get(`${REPO_PATH}/pulls/2`)
    .reply(200, fixture("github/pulls.2.json"))
    .post(`${REPO_PATH}/issues/2/comments`, (body) => {
      created.push(body.body);
      return true;
    })
    .reply(201, { id: 900 })
    .get(`${REPO_PATH}/issues/2/comments`)
    .query({ per_page: 100 })
    .reply(200, () => created.map((body) => ({ id: 900, node_id: "IC_900", user: { login: "bedrock-cost[bot]", type: "Bot" }, body })))
    .patch(`${REPO_PATH}/check-runs/${CHECK_RUN_ID}`, (body) => {
      checkUpdates.push(body);
      return true;
    })
    .reply(200, { id: CHECK_RUN_ID });
}

describe("the App with the real engine on fixtures/prs/shared-model-constant (a change to a shared module only)", () => {
  it("the fixture PR's two trees differ in exactly the MODEL line of src/lib/claude/client.ts", () => {
    expect(Object.keys(HEAD_FILES).sort()).toEqual(Object.keys(BASE_FILES).sort());
    expect(Object.keys(HEAD_FILES)).toContain(CONFIG);
    expect(Object.keys(HEAD_FILES).filter((path) => HEAD_FILES[path] !== BASE_FILES[path])).toEqual([CLIENT]);
    expect(BASE_FILES[CLIENT]!.split("\n")[3]).toBe('export const MODEL = "global.anthropic.claude-haiku-4-5-20251001-v1:0";');
    expect(HEAD_FILES[CLIENT]!.split("\n")[3]).toBe('export const MODEL = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";');
  });

  it("pull_request.opened: the four sites that read MODEL are priced and the check fails the base branch's $500 limit", async () => {
    blobQueries = [];
    created = [];
    checkUpdates = [];
    const harness = await createHarness();
    github();

    await harness.deliver("pull_request", fixture("webhooks/pull_request.opened.json"));

    // Reads: the two configs by expression, then blobs by id, each once: the eight files both sides share
    // are one blob each, plus the two texts of the changed file.
    expect(expressions(blobQueries[0])).toEqual([`${BASE_TIP}:${CONFIG}`, `${HEAD}:${CONFIG}`]);
    const read = blobQueries.slice(1).flatMap(oids);
    expect(read).toHaveLength(10);
    expect(new Set(read).size).toBe(read.length);
    expect([...read].sort()).toEqual([...new Set([...Object.values(BASE_FILES), ...Object.values(HEAD_FILES)].map(oidOf))].sort());
    expect(read).toContain(oidOf(BASE_FILES[CLIENT]!));
    expect(read).toContain(oidOf(HEAD_FILES[CLIENT]!));

    // The check run: failure, on the base branch's limit, with the change's figures.
    expect(checkUpdates).toHaveLength(1);
    const update = checkUpdates[0];
    expect(update).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "Fails policy: +$1,192/mo (+200.0%) · 4 findings" } });
    expect(update.output.summary).toContain(
      "- Monthly cost rises by +$1,192/mo, over the limit of $500/mo (policy.max_monthly_increase_usd in .github/bedrock-cost.yml at base f95f852).",
    );

    // The comment: the totals, and all four sites as modified by the changed line, linked to it at the head.
    expect(created).toHaveLength(1);
    const body = created[0]!;
    expect(body.split("\n")[1]).toBe("### ❌ Fails policy (limit +$500/mo) · Bedrock cost: +$1,192/mo (+200.0%) · 4 findings");
    expect(body).toContain("| Before | $596/mo |");
    expect(body).toContain("| After | $1,788/mo |");
    expect(body).toContain("Totals cover the Bedrock usage in the changed files and in the code that reads them: 4 of 4 call sites/resources changed.");
    const via = `model via \`MODEL\` [${CLIENT}:4](${at(CLIENT, 4)})`;
    const transition = "Claude Haiku 4.5 (`global.anthropic.claude-haiku-4-5-20251001-v1:0`) → Claude Sonnet 4.5 (`global.anthropic.claude-sonnet-4-5-20250929-v1:0`)";
    const rows = body.split("\n").filter((line) => line.startsWith("| [src/"));
    expect(rows).toEqual([
      `| [src/app/api/quiz/route.ts:6](${at("src/app/api/quiz/route.ts", 6)}) \`POST\` | ${transition}<br>${via} | $97.33/mo | $292/mo | +$195/mo |`,
      `| [src/app/api/summarize/route.ts:6](${at("src/app/api/summarize/route.ts", 6)}) \`POST\` | ${transition}<br>${via} | $365/mo | $1,095/mo | +$730/mo |`,
      `| [src/lib/llm.ts:5](${at("src/lib/llm.ts", 5)}) \`chat\`<br>called from \`POST\` [src/app/api/tags/route.ts:6](${at("src/app/api/tags/route.ts", 6)}) | ${transition}<br>${via} | $42.28/mo | $127/mo | +$84.56/mo |`,
      `| [src/lib/llm.ts:5](${at("src/lib/llm.ts", 5)}) \`chat\`<br>called from \`POST\` [src/app/api/title/route.ts:5](${at("src/app/api/title/route.ts", 5)}) | ${transition}<br>${via} | $91.25/mo | $274/mo | +$183/mo |`,
    ]);
    expect(body).toMatch(/#### Findings \(4\) · could save up to \$[\d,]+\/mo\n/);
    expect(body).not.toContain("Not analysed");

    // Annotations: one on the changed line for what it moves (the sum of the four deltas, $1,191.73), and
    // one notice per modified site.
    const annotations = update.output.annotations as any[];
    expect(annotations.filter((a) => a.path === CLIENT)).toEqual([
      {
        path: CLIENT, start_line: 4, end_line: 4, annotation_level: "notice", title: "MODEL moves 4 Bedrock call sites: +$1,192/mo",
        message: "Read by src/app/api/quiz/route.ts:6, src/app/api/summarize/route.ts:6, src/lib/llm.ts:5.",
      },
    ]);
    expect(annotations.filter((a) => a.title.startsWith("Bedrock call ")).map((a) => [a.path, a.start_line, a.title])).toEqual([
      ["src/app/api/quiz/route.ts", 6, "Bedrock call modified: +$195/mo"],
      ["src/app/api/summarize/route.ts", 6, "Bedrock call modified: +$730/mo"],
      ["src/lib/llm.ts", 5, "Bedrock call modified: +$84.56/mo"],
      ["src/lib/llm.ts", 5, "Bedrock call modified: +$183/mo"],
    ]);
    expect(annotations.filter((a) => a.title.startsWith("model-upgrade")).map((a) => [a.path, a.start_line])).toEqual([
      ["src/app/api/quiz/route.ts", 6],
      ["src/app/api/summarize/route.ts", 6],
      ["src/lib/llm.ts", 5],
      ["src/lib/llm.ts", 5],
    ]);
  });
});
