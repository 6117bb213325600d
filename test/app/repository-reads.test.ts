import { createHash } from "node:crypto";
import nock from "nock";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  API, BASE_TIP, CHECK_RUN_ID, HEAD, MERGE_BASE, REPO_PATH, blobReply, blobsOf, createHarness, expressions, fixture, listsCheckRuns, mockToken, mockTrees, oidOf, oids, treeResponse, type RepoFiles,
} from "./harness.js";

/*
 * How the App lists and reads the two sides of a pull request, with the REAL engine (no stub of the
 * pipeline or the extractors): a recursive git tree GitHub truncates is listed again folder by folder;
 * what is still unlisted after the request allowance makes the review incomplete; the per-review read
 * budget (BEDROCK_COST_READ_FILES) is stated when it runs out, and an incomplete review never passes.
 */

const CONFIG = ".github/bedrock-cost.yml";
const HTML_URL = "https://github.com/Codertocat/Hello-World";
const MODEL_BASE = `export const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";\n`;
const MODEL_HEAD = `export const MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";\n`;
const ANSWER = [
  `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";`,
  `import { MODEL } from "../lib/model";`,
  ``,
  `const runtime = new BedrockRuntimeClient({});`,
  ``,
  `export async function answer(question: string) {`,
  `  return runtime.send(new ConverseCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text: question }] }], inferenceConfig: { maxTokens: 400 } }));`,
  `}`,
  ``,
].join("\n");

let queries: any[] = [];
let updates: any[] = [];
let trees: string[] = [];
let unmatched: string[] = [];
const onNoMatch = (request: { method?: string; path?: string }) => unmatched.push(`${request.method} ${request.path}`);
const pr = fixture("webhooks/pull_request.opened.json");

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  queries = [];
  updates = [];
  trees = [];
  unmatched = [];
  nock.emitter.on("no match", onNoMatch);
});
afterEach(() => {
  nock.emitter.removeListener("no match", onNoMatch);
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

/** A git tree id for a folder of the fixture (any 40 hex digits GitHub would answer for). */
const treeSha = (name: string) => createHash("sha1").update(`tree ${name}`).digest("hex");
const blob = (path: string, text: string) => ({ path, mode: "100644", type: "blob", sha: oidOf(text), size: Buffer.byteLength(text) });
const folder = (path: string) => ({ path, mode: "040000", type: "tree", sha: treeSha(path) });
/** One GitHub tree answer: `entries` relative to the listed folder. */
const listing = (name: string, entries: object[], truncated = false) => ({ sha: treeSha(name), url: `${API}${REPO_PATH}/git/trees/${treeSha(name)}`, tree: entries, truncated });

/** Files of one side under `prefix/`, relative to it (what a recursive listing of that folder answers). */
function under(files: RepoFiles, prefix: string) {
  return Object.entries(files)
    .filter(([path]) => path.startsWith(`${prefix}/`))
    .map(([path, text]) => blob(path.slice(prefix.length + 1), text));
}

/** Check run in progress, merge base, both configs by expression, the merge base's tree (whole). */
function startsReview(scope: nock.Scope, base: RepoFiles, head: RepoFiles) {
  return mockTrees(
    listsCheckRuns(scope)
      .post(`${REPO_PATH}/check-runs`, (body) => body.head_sha === HEAD && body.status === "in_progress")
      .reply(201, { id: CHECK_RUN_ID })
      .get(`${REPO_PATH}/compare/${BASE_TIP}...${HEAD}`)
      .query({ per_page: 1 })
      .reply(200, fixture("github/compare.json")),
    { [MERGE_BASE]: base },
  ).post("/graphql", (body) => expressions(body).join() === `${BASE_TIP}:${CONFIG},${HEAD}:${CONFIG}`)
    .reply(200, blobReply({ [`${BASE_TIP}:${CONFIG}`]: { text: base[CONFIG]! }, [`${HEAD}:${CONFIG}`]: { text: head[CONFIG]! } }));
}

/** Tree requests, recorded as `sha` or `sha?recursive` so the test can say which folders were asked for. */
function tree(scope: nock.Scope, sha: string, recursive: boolean, answer: object) {
  const interceptor = scope.get(`${REPO_PATH}/git/trees/${sha}`);
  return (recursive ? interceptor.query({ recursive: "1" }) : interceptor).reply(200, () => {
    trees.push(`${sha}${recursive ? "?recursive" : ""}`);
    return answer;
  });
}

/** Blob reads by id, `times` queries; every id asked for is recorded. */
function readsBlobs(scope: nock.Scope, times: number, ...sides: RepoFiles[]) {
  const answer = blobReply(blobsOf(...sides));
  return scope
    .post("/graphql", (body) => oids(body).length > 0)
    .times(times)
    .reply(200, (uri, body: any) => {
      queries.push(body);
      return answer(uri, body);
    });
}

function headIs(scope: nock.Scope) {
  return scope.get(`${REPO_PATH}/pulls/2`).reply(200, fixture("github/pulls.2.json"));
}

function completes(scope: nock.Scope) {
  return scope
    .patch(`${REPO_PATH}/check-runs/${CHECK_RUN_ID}`, (body) => {
      updates.push(body);
      return true;
    })
    .reply(200, { id: CHECK_RUN_ID });
}

const bot = (id: number, body: string) => ({ id, node_id: `IC_${id}`, user: { login: "bedrock-cost[bot]", type: "Bot" }, body: `<!-- bedrock-cost-review -->\n${body}` });

/** No comment yet: list, look at the head again, create, then the duplicate check sees only ours. */
function createsComment(scope: nock.Scope, posted: string[]) {
  scope.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, []);
  headIs(scope);
  scope
    .post(`${REPO_PATH}/issues/2/comments`, (body) => {
      posted.push(body.body);
      return true;
    })
    .reply(201, { id: 900 });
  scope.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, [bot(900, "ours")]);
}

describe("a recursive git tree GitHub truncates", () => {
  const policy = "policy:\n  max_monthly_increase_usd: 500\n";
  const base: RepoFiles = { [CONFIG]: policy, "README.md": "# Hello-World\n", "src/app/answer.ts": ANSWER, "src/lib/model.ts": MODEL_BASE };
  const head: RepoFiles = { ...base, "src/lib/model.ts": MODEL_HEAD };

  it("is listed again folder by folder (vendored folders never asked for), and the review is complete: the site that reads the changed constant is priced and the check passes", async () => {
    const github = startsReview(mockToken(nock(API)), base, head);
    // The head's recursive listing is cut short, so the App lists the root alone, then each folder
    // recursively; src/ is truncated again, so it is split once more.
    tree(github, HEAD, true, { ...listing("head-root", [blob("README.md", base["README.md"]!)], true), sha: treeSha("root") });
    tree(github, treeSha("root"), false, listing("root", [blob("README.md", base["README.md"]!), folder(".github"), folder("node_modules"), folder("src"), folder("vendor")]));
    tree(github, treeSha(".github"), true, listing(".github", under(head, ".github")));
    tree(github, treeSha("src"), true, listing("src", [blob("app/answer.ts", ANSWER)], true));
    tree(github, treeSha("src"), false, listing("src", [folder("src/app"), folder("src/lib")].map((entry) => ({ ...entry, path: entry.path.slice(4) }))));
    tree(github, treeSha("src/app"), true, listing("src/app", under(head, "src/app")));
    tree(github, treeSha("src/lib"), true, listing("src/lib", under(head, "src/lib")));
    readsBlobs(github, 3, base, head);
    headIs(github);
    const posted: string[] = [];
    createsComment(github, posted);
    completes(github);
    const harness = await createHarness();

    await harness.deliver("pull_request", pr);

    expect(unmatched).toEqual([]);
    expect(trees).toEqual([
      `${HEAD}?recursive`,
      treeSha("root"),
      `${treeSha(".github")}?recursive`,
      `${treeSha("src")}?recursive`,
      treeSha("src"),
      `${treeSha("src/app")}?recursive`,
      `${treeSha("src/lib")}?recursive`,
    ]);
    expect(trees.join()).not.toContain(treeSha("node_modules"));
    expect(trees.join()).not.toContain(treeSha("vendor"));
    // The folder-by-folder listing has the paths and blob ids the whole one would have: only the
    // changed file differs, and each blob is read once.
    const read = queries.flatMap(oids);
    expect(new Set(read).size).toBe(read.length);
    expect(read.sort()).toEqual([...new Set([...Object.values(base), ...Object.values(head)].filter((text) => text !== base["README.md"]).map(oidOf))].sort());

    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ conclusion: "success", output: { title: "+$58.56/mo (+220.1%) · 1 finding" } });
    expect(updates[0].output.summary).not.toContain("Incomplete analysis");
    expect(posted).toHaveLength(1);
    const body = posted[0]!;
    expect(body.split("\n").filter((line) => line.startsWith("| [src/"))).toEqual([
      `| [src/app/answer.ts:7](${HTML_URL}/blob/${HEAD}/src/app/answer.ts#L7) \`answer\` | Claude 3 Haiku (\`anthropic.claude-3-haiku-20240307-v1:0\`) → Claude 3.5 Haiku (\`anthropic.claude-3-5-haiku-20241022-v1:0\`)<br>model via \`MODEL\` [src/lib/model.ts:1](${HTML_URL}/blob/${HEAD}/src/lib/model.ts#L1) | $26.61/mo | $85.17/mo | +$58.56/mo |`,
    ]);
    expect(body).toContain("> GitHub truncated the repository's file tree; it was listed folder by folder instead.");
    expect(body).toContain("> Not scanned: dependency and build-output folders (node_modules/, vendor/).");
    expect(body).not.toContain("Not analysed");
  });

  it("still unlisted after 60 requests makes a would-be pass neutral, and the comment says the pull request could not be fully analysed", async () => {
    // 62 folders under the root: the root listing and 59 folder listings use the 60 requests; the last
    // three folders are never listed.
    const packages = Array.from({ length: 60 }, (_, i) => `pkg${String(i).padStart(2, "0")}`);
    const files: RepoFiles = { [CONFIG]: policy, "app/greeting.ts": `export const greeting = "hi";\n` };
    for (const name of packages) files[`${name}/README.md`] = `# ${name}\n`;
    const changed: RepoFiles = { ...files, "app/greeting.ts": `export const greeting = "hello";\n` };
    const github = startsReview(mockToken(nock(API)), files, changed);
    tree(github, HEAD, true, { ...treeResponse(HEAD, {}, true), sha: treeSha("root") });
    tree(github, treeSha("root"), false, listing("root", [folder(".github"), folder("app"), ...packages.map(folder)]));
    const listed = new Map([".github", "app", ...packages].map((name) => [treeSha(name), name]));
    github
      .get((path) => listed.has(path.split("/").pop()!.split("?")[0]!))
      .query({ recursive: "1" })
      .times(59)
      .reply(200, (uri) => {
        const name = listed.get(uri.split("/").pop()!.split("?")[0]!)!;
        trees.push(name);
        return listing(name, under(changed, name));
      });
    readsBlobs(github, 3, files, changed);
    headIs(github);
    // A comment from an earlier push is there: stale figures must not stay up.
    github.get(`${REPO_PATH}/issues/2/comments`).query({ per_page: 100 }).reply(200, [bot(811, "+$240/mo")]);
    headIs(github);
    const edited: string[] = [];
    github
      .patch(`${REPO_PATH}/issues/comments/811`, (body) => {
        edited.push(body.body);
        return true;
      })
      .reply(200, { id: 811 });
    completes(github);
    const harness = await createHarness();

    await harness.deliver("pull_request", pr);

    expect(unmatched).toEqual([]);
    expect(trees).toEqual([`${HEAD}?recursive`, treeSha("root"), ".github", "app", ...packages.slice(0, 57)]);
    expect(updates).toHaveLength(1);
    expect(updates[0].conclusion).toBe("neutral");
    expect(updates[0].output.summary).not.toContain("Why it fails");
    expect(updates[0].output.summary).toContain("Incomplete analysis: 3 files could not be analysed (`pkg57`, `pkg58`, `pkg59`)");
    expect(updates[0].output.text).toContain(
      "> GitHub truncated the repository's file tree and 3 folder(s) could not be listed (pkg57, pkg58, pkg59): calls there, and sites that depend on them, are not seen.",
    );
    expect(edited).toHaveLength(1);
    expect(edited[0]).toContain("As of ec26c3e, this pull request could not be fully analysed, so its effect on the monthly cost is unknown.");
    expect(edited[0]).toContain("- 3 files could not be analysed: `pkg57`, `pkg58`, `pkg59`.");
    expect(edited[0]).not.toContain("no longer changes any Bedrock usage");
  });
});

describe("the read budget (BEDROCK_COST_READ_FILES)", () => {
  // No cost limits: an unpriced call alone would not make the check neutral, so only the budget can.
  const config = "policy:\n  fail_on_level: error\n";
  const SUMMARIZE = [
    `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";`,
    `import { MODEL } from "./model";`,
    ``,
    `const runtime = new BedrockRuntimeClient({});`,
    ``,
    `export async function summarize(text: string) {`,
    `  return runtime.send(new ConverseCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text }] }], inferenceConfig: { maxTokens: 300 } }));`,
    `}`,
    ``,
  ].join("\n");
  // The pull request adds src/summarize.ts; the model it calls is in src/model.ts, which it does not change.
  const base: RepoFiles = { [CONFIG]: config, "src/model.ts": MODEL_BASE };
  const head: RepoFiles = { ...base, "src/summarize.ts": SUMMARIZE };

  async function review(blobQueries: number): Promise<string> {
    const github = startsReview(mockToken(nock(API)), base, head);
    mockTrees(github, { [HEAD]: head });
    readsBlobs(github, blobQueries, base, head);
    headIs(github);
    const posted: string[] = [];
    createsComment(github, posted);
    completes(github);
    const harness = await createHarness();
    await harness.deliver("pull_request", pr);
    expect(unmatched).toEqual([]);
    expect(posted).toHaveLength(1);
    return posted[0]!;
  }

  it("with room (the default 4,000 files), the added call is priced through the unchanged module it imports, and the check passes", async () => {
    expect(process.env.BEDROCK_COST_READ_FILES).toBeUndefined();
    const body = await review(2);

    expect(queries.flatMap(oids).sort()).toEqual([oidOf(SUMMARIZE), oidOf(MODEL_BASE), oidOf(config)].sort());
    expect(updates[0]).toMatchObject({ conclusion: "success", output: { title: "+$22.81/mo" } });
    expect(body).toContain(" `summarize` | added: Claude 3 Haiku (`anthropic.claude-3-haiku-20240307-v1:0`) | — | $22.81/mo | +$22.81/mo |");
    expect(body).not.toContain("read budget");
    expect(body).not.toContain("Not analysed");
  });

  it("with BEDROCK_COST_READ_FILES=1, the module it needs is not read: the report says the budget ran out, and the check is neutral, not success", async () => {
    const saved = process.env.BEDROCK_COST_READ_FILES;
    process.env.BEDROCK_COST_READ_FILES = "1";
    let body: string;
    try {
      body = await review(1);
    } finally {
      if (saved === undefined) delete process.env.BEDROCK_COST_READ_FILES;
      else process.env.BEDROCK_COST_READ_FILES = saved;
    }

    // The one file the budget allows is the added file compare needs; nothing else is read.
    expect(queries.flatMap(oids)).toEqual([oidOf(SUMMARIZE)]);
    expect(updates).toHaveLength(1);
    expect(updates[0].conclusion).toBe("neutral");
    expect(updates[0].output.title).toBe("change unknown · 1 call not priced · 1 file not analysed");
    expect(updates[0].output.summary).toContain("> Incomplete analysis: 1 file could not be analysed (`src/model.ts`), so any Bedrock usage in them is missing from the figures and this check cannot pass.");
    expect(body).toContain("> The read budget (1 file or 40 MB per review) ran out: 2 files were not read (src/model.ts, .github/bedrock-cost.yml).");
    expect(body).toContain("#### Not analysed\n\n- `src/model.ts`: not read (nor 1 other file): the read budget ran out; the analysis is incomplete");
    // Never guessed: the call whose model is in the unread file is unpriced, not priced at some model.
    expect(body).toContain(" `summarize` | added: dynamic (`MODEL` imported from src/model.ts");
    expect(body).not.toContain("$22.81/mo");
  });
});
