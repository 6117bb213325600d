import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import nock from "nock";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { lineUrl } from "../../src/handlers/review.js";
import type { Report } from "../../src/model/report.js";
import { signedPercent, signedUsdPerMonth, usdPerMonth } from "../../src/report/money.js";
import { savingsUpTo } from "../../src/report/markdown.js";
import { ruleDocUrl } from "../../src/report/rule-docs.js";
import { EnginePool } from "../../src/workers/engine-pool.js";
import {
  API, BASE_TIP, CHECK_RUN_ID, HEAD, MERGE_BASE, REPO_PATH, blobReply, createHarness, fixtureBlobs, fixtureSide, expressions, fixture, listsCheckRuns, mockToken, mockTrees, oidOf, oids,
} from "./harness.js";

/*
 * The App with the REAL engine (no stub of src/pipeline/analyze.ts or the extractors), driven through
 * Probot's signed webhook entry, on the sample pull request fixtures/prs/support-bot: GitHub serves the
 * git trees of the merge base and the head and the blobs they list, read from the fixture folders.
 * Whatever the App posts must carry the numbers `bedrock-cost diff` prints for the same two folders.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PR_DIR = "fixtures/prs/support-bot";
const CONFIG = ".github/bedrock-cost.yml";
const AGENT = "src/support/agent.ts";
const HTML_URL = "https://github.com/Codertocat/Hello-World";
/** The head after a second push to the same pull request (same tree, new commit). */
const HEAD_2 = "5f3a9c1e7b2d4086a1c3e5f7092b4d6e8a0c2e4f";
const CHECK_RUN_ID_2 = CHECK_RUN_ID + 1;
const COMMENT_ID = 900;

const text = (side: "base" | "head", path: string) => readFileSync(join(ROOT, PR_DIR, side, path), "utf8");

const BASE_FILES = fixtureSide(PR_DIR, "base");
const HEAD_FILES = fixtureSide(PR_DIR, "head");

async function cli(format: "json" | "markdown"): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["diff", "--base", `${PR_DIR}/base`, "--head", `${PR_DIR}/head`, "--format", format], {
    cwd: ROOT,
    stdout: (chunk) => (stdout += chunk),
    stderr: (chunk) => (stderr += chunk),
  });
  return { code, stdout, stderr };
}

const bot = (id: number, body: string) => ({ id, node_id: `IC_${id}`, user: { login: "bedrock-cost[bot]", type: "Bot" }, body });

/** The PR comment as GitHub holds it between the deliveries: the first run creates it, the second edits it. */
let comments: Array<ReturnType<typeof bot>> = [];
let created: string[] = [];
let edited: Array<{ id: number; body: string }> = [];
let checkUpdates: any[] = [];
let blobQueries: any[] = [];

let expected: Report;
let cliMarkdown: string;

beforeAll(async () => {
  nock.disableNetConnect();
  const json = await cli("json");
  expect(json.stderr).toBe("");
  expect(json.code).toBe(0);
  expected = JSON.parse(json.stdout) as Report;
  const markdown = await cli("markdown");
  expect(markdown.code).toBe(0);
  cliMarkdown = markdown.stdout;
});

beforeEach(() => {
  comments = [];
  created = [];
  edited = [];
  checkUpdates = [];
  blobQueries = [];
});

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

/**
 * One review's GitHub traffic for head `head`, in the order the handler makes it; every interceptor must be used.
 * The comment endpoints answer from `comments`, so the second delivery sees what the first one left.
 */
function github(head: string, checkRunId: number, comment: "creates" | "updates"): nock.Scope {
  const scope = listsCheckRuns(mockToken(nock(API)), head)
    .post(`${REPO_PATH}/check-runs`, {
      name: "Bedrock cost",
      head_sha: head,
      status: "in_progress",
      output: { title: "Pricing Bedrock usage…", summary: "Reading the changed files and pricing their Bedrock calls." },
    })
    .reply(201, { id: checkRunId })
    .get(`${REPO_PATH}/compare/${BASE_TIP}...${head}`)
    .query({ per_page: 1 })
    .reply(200, fixture("github/compare.json"))
    .post("/graphql", (body) => {
      blobQueries.push(body);
      return true;
    })
    .times(4)
    .reply(200, blobReply(fixtureBlobs(BASE_FILES, HEAD_FILES, head)));
  mockTrees(scope, { [MERGE_BASE]: BASE_FILES, [head]: HEAD_FILES })
    .get(`${REPO_PATH}/pulls/2`)
    .reply(200, { ...fixture("github/pulls.2.json"), head: { ref: "changes", sha: head } })
    .get(`${REPO_PATH}/issues/2/comments`)
    .query({ per_page: 100 })
    .reply(200, () => structuredClone(comments))
    // Right before writing, the head is checked again.
    .get(`${REPO_PATH}/pulls/2`)
    .reply(200, { ...fixture("github/pulls.2.json"), head: { ref: "changes", sha: head } });
  if (comment === "creates") {
    scope
      .post(`${REPO_PATH}/issues/2/comments`, (body) => {
        created.push(body.body);
        return true;
      })
      .reply(201, (_uri, body: any) => {
        comments.push(bot(COMMENT_ID, body.body));
        return { id: COMMENT_ID };
      })
      // The duplicate check after creating: only this run's comment is there.
      .get(`${REPO_PATH}/issues/2/comments`)
      .query({ per_page: 100 })
      .reply(200, () => structuredClone(comments));
  } else {
    scope
      .patch(new RegExp(`^${REPO_PATH}/issues/comments/\\d+$`), (body) => typeof body.body === "string")
      .reply(200, (uri, body: any) => {
        const id = Number(uri.split("/").pop());
        edited.push({ id, body: body.body });
        for (const existing of comments) if (existing.id === id) existing.body = body.body;
        return { id };
      });
  }
  return scope
    .patch(`${REPO_PATH}/check-runs/${checkRunId}`, (body) => {
      checkUpdates.push(body);
      return true;
    })
    .reply(200, { id: checkRunId });
}

function synchronizeTo(head: string) {
  const payload = structuredClone(fixture("webhooks/pull_request.synchronize.json"));
  payload.pull_request.head.sha = head;
  payload.after = head;
  return payload;
}

/** The comment with its links reduced to the CLI's `path:line` form, the sticky marker dropped. */
function asCliText(body: string, head: string): string {
  const urlOf = (path: string, line: string) => lineUrl(HTML_URL, head, path, Number(line));
  return body
    .replace(/^<!-- bedrock-cost-review -->\n/, "")
    .replace(/\[([^\]\s]+):(\d+)\]\((https:[^)\s]+)\)/g, (whole, path: string, line: string, url: string) => (url === urlOf(path, line) ? `\`${path}:${line}\`` : whole));
}

/** `| Before | After | Δ |` cells of a site as the CLI's JSON has them, formatted with src/report/money.ts. */
function costCells(change: Report["sites"][number]): string {
  const cost = (side: { monthlyCost: number | null } | null) => (!side ? "—" : side.monthlyCost === null ? "cannot price" : usdPerMonth(side.monthlyCost));
  return `| ${cost(change.base)} | ${cost(change.head)} | ${change.monthlyDelta === null ? "unknown" : signedUsdPerMonth(change.monthlyDelta)} |`;
}

describe("the App with the real engine on fixtures/prs/support-bot", () => {
  it("the fixture PR's two trees differ in exactly one file", () => {
    expect(Object.keys(HEAD_FILES).sort()).toEqual(Object.keys(BASE_FILES).sort());
    expect(Object.keys(HEAD_FILES).filter((path) => HEAD_FILES[path] !== BASE_FILES[path])).toEqual([AGENT]);
    expect(text("base", AGENT)).not.toBe(text("head", AGENT));
    expect(text("base", "src/search/embed.ts")).toBe(text("head", "src/search/embed.ts"));
    expect(text("base", CONFIG)).toBe(text("head", CONFIG));
  });

  it("the CLI side of the comparison: 3 sites, 1 unpriced, 4 findings, no policy (exit 0)", () => {
    expect(expected.totals).toEqual({ base: 3497.92, head: 8960.74, delta: 5462.82, deltaPercent: 156.2, unpricedBase: 0, unpricedHead: 1 });
    expect(expected.sites.map((s) => [s.change, (s.head ?? s.base)!.line, s.base?.monthlyCost ?? null, s.head?.monthlyCost ?? null, s.monthlyDelta])).toEqual([
      ["modified", 85, 3497.92, 8010.28, 4512.36],
      ["added", 103, null, 950.46, 950.46],
      ["added", 114, null, null, null],
    ]);
    expect(expected.findings.map((f) => [f.ruleId, f.path, f.line, f.endLine, f.monthlySavings])).toEqual([
      ["model-upgrade", AGENT, 85, 92, 4162.57],
      ["regional-inference-profile", AGENT, 85, 92, 728.21],
      ["missing-cache-point", AGENT, 103, 109, 224.13],
      ["uncapped-max-tokens", AGENT, 103, 109, null],
    ]);
  });

  it("pull_request.opened: one comment with the CLI's headline and per-site figures linked to head lines; check run success with one annotation per finding", async () => {
    const harness = await createHarness();
    github(HEAD, CHECK_RUN_ID, "creates");

    await harness.deliver("pull_request", fixture("webhooks/pull_request.opened.json"));

    // Read: the configs at the base branch tip and the head in one query, then every blob of the two trees
    // an extractor reads (all of them here: TypeScript, and YAML for IaC), by id, each once: the unchanged
    // files are one blob on both sides.
    expect(expressions(blobQueries[0])).toEqual([`${BASE_TIP}:${CONFIG}`, `${HEAD}:${CONFIG}`]);
    const read = blobQueries.slice(1).flatMap(oids);
    expect(new Set(read).size).toBe(read.length);
    expect(read.sort()).toEqual([...new Set([...Object.values(BASE_FILES), ...Object.values(HEAD_FILES)].map(oidOf))].sort());

    // 1. Exactly one comment, with the CLI's numbers.
    expect(created).toHaveLength(1);
    expect(edited).toEqual([]);
    const body = created[0]!;
    expect(body.startsWith("<!-- bedrock-cost-review -->\n")).toBe(true);
    // No `policy:` in this fixture: no gate to pass, so the headline opens with the cost and its caveats.
    const headline = `### Bedrock cost: ${signedUsdPerMonth(expected.totals.delta)} (${signedPercent(expected.totals.deltaPercent)}) · 1 call not priced · 4 findings`;
    expect(headline).toBe("### Bedrock cost: +$5,463/mo (+156.2%) · 1 call not priced · 4 findings");
    expect(body.split("\n")[1]).toBe(headline);
    expect(body).toContain(`| Before | ${usdPerMonth(expected.totals.base)} |`);
    expect(body).toContain(`| After | ${usdPerMonth(expected.totals.head)} |`);
    expect(body).toContain(`| Change | **${signedUsdPerMonth(expected.totals.delta)}** (${signedPercent(expected.totals.deltaPercent)}) |`);
    expect(body).toContain(`**Not in the totals:** ${expected.unpriced.length} call site or resource that could not be priced`);

    const rows = body.split("\n").filter((line) => line.startsWith("| [src/"));
    expect(rows).toHaveLength(expected.sites.filter((s) => s.change !== "unchanged").length);
    for (const change of expected.sites) {
      const side = (change.head ?? change.base)!;
      const link = `${HTML_URL}/blob/${HEAD}/${side.path}#L${side.line}`;
      const row = rows.find((candidate) => candidate.startsWith(`| [${side.path}:${side.line}](${link}) \`${side.symbol}\` |`));
      expect(row, `row of ${change.key}`).toBeDefined();
      expect(row!.endsWith(` ${costCells(change)}`), `${row} ends with ${costCells(change)}`).toBe(true);
    }
    // Alternatives on one site count once: its largest saving.
    expect(body).toContain(`#### Findings (4) · could save up to ${usdPerMonth(savingsUpTo(expected.findings))}\n`);
    for (const finding of expected.findings) {
      const link = `${HTML_URL}/blob/${HEAD}/${finding.path}#L${finding.line}`;
      const saves = finding.monthlySavings ? ` · **saves ${usdPerMonth(finding.monthlySavings)}**` : "";
      const bullet = `- ⚠️ [${finding.ruleId}](${ruleDocUrl(finding.ruleId)}) [${finding.path}:${finding.line}](${link}): ${finding.message}${saves}\n`;
      expect(body).toContain(bullet);
    }
    expect(body).toContain(`- [${AGENT}:114](${HTML_URL}/blob/${HEAD}/${AGENT}#L114): model id is dynamic`);

    // The whole comment is the CLI's markdown, but for the links and the name of the config's side.
    expect(asCliText(body, HEAD)).toBe(
      cliMarkdown
        .trimEnd()
        .replace("`.github/bedrock-cost.yml in folder fixtures/prs/support-bot/head`", `\`.github/bedrock-cost.yml at head ${HEAD.slice(0, 7)}\``),
    );

    // 2. The check run: no `policy:` and only warnings, so success (evaluatePolicy: no reasons, no limits).
    expect(checkUpdates).toHaveLength(1);
    const update = checkUpdates[0];
    expect(update).toMatchObject({ status: "completed", conclusion: "success", output: { title: "+$5,463/mo (+156.2%) · 1 call not priced · 4 findings" } });
    expect(update.output.summary).toBe("**+$5,463/mo (+156.2%) · 1 call not priced · 4 findings**, base → head.");
    const findingAnnotations = update.output.annotations.filter((a: any) => !a.title.startsWith("Bedrock call "));
    expect(findingAnnotations).toEqual([
      {
        path: AGENT, start_line: 85, end_line: 92, annotation_level: "warning", title: "model-upgrade (saves $4,163/mo)",
        message: expect.stringContaining("× the cost per call: Claude Haiku 4.5 → Claude Sonnet 4.5"),
      },
      {
        path: AGENT, start_line: 85, end_line: 92, annotation_level: "warning", title: "regional-inference-profile (saves $728/mo)",
        message: expect.stringContaining("`us.anthropic.claude-sonnet-4-5-20250929-v1:0` pays the 10% regional premium"),
      },
      {
        path: AGENT, start_line: 103, end_line: 109, annotation_level: "warning", title: "missing-cache-point (saves $224/mo)",
        message: expect.stringContaining("System prompt of ~1,222 tokens is sent uncached on every call."),
      },
      {
        path: AGENT, start_line: 103, end_line: 109, annotation_level: "warning", title: "uncapped-max-tokens",
        message: expect.stringContaining("No max-token cap on this Claude Sonnet 4.5 call"),
      },
    ]);
    for (const [i, finding] of expected.findings.entries()) {
      expect(findingAnnotations[i].message).toBe(`${finding.message}\n\n${finding.why}\n\nFix: ${finding.fix}`);
    }
    // Plus one notice per changed call site, with the CLI's figures.
    const siteNotices = update.output.annotations.filter((a: any) => a.title.startsWith("Bedrock call "));
    expect(siteNotices).toEqual(
      expected.sites.map((change) => {
        const side = (change.head ?? change.base)!;
        const cost = (s: { monthlyCost: number | null } | null) => (!s ? "none" : s.monthlyCost === null ? "cannot price" : usdPerMonth(s.monthlyCost));
        return {
          path: side.path, start_line: side.line, end_line: side.endLine, annotation_level: "notice",
          title: `Bedrock call ${change.change}: ${change.monthlyDelta === null ? "cost change unknown" : signedUsdPerMonth(change.monthlyDelta)}`,
          message: expect.stringMatching(new RegExp(`^${escapeRegExp(`${side.model.id ?? "dynamic model"}: ${cost(change.base)} → ${cost(change.head)}`)}`)),
        };
      }),
    );
    expect(update.output.text).toBe(body.replace(/^<!-- bedrock-cost-review -->\n/, ""));
  });

  it("with the engine in a worker thread, as the server and Lambda run it, posts the same comment and check run as in process", async () => {
    github(HEAD, CHECK_RUN_ID, "creates");
    await (await createHarness()).deliver("pull_request", fixture("webhooks/pull_request.opened.json"));
    const inProcess = { comment: created[0], check: checkUpdates[0] };
    comments = [];
    created = [];
    checkUpdates = [];
    blobQueries = [];

    const pool = new EnginePool({ size: 1, memoryMb: 512, script: new URL("../../dist/src/workers/engine-worker.js", import.meta.url) });
    try {
      github(HEAD, CHECK_RUN_ID, "creates");
      await (await createHarness({ engine: pool.engine })).deliver("pull_request", fixture("webhooks/pull_request.opened.json"));
    } finally {
      await pool.close();
    }

    // GitHub is read by the App for the worker, each blob once, as in process.
    const read = blobQueries.slice(1).flatMap(oids);
    expect(new Set(read).size).toBe(read.length);
    expect(created).toEqual([inProcess.comment]);
    expect(checkUpdates).toEqual([inProcess.check]);
    expect(checkUpdates[0]).toMatchObject({ conclusion: "success", output: { title: "+$5,463/mo (+156.2%) · 1 call not priced · 4 findings" } });
  }, 30_000);

  it("a second synchronize on the same PR edits that comment (PATCH) instead of adding one", async () => {
    // First push: the comment is created.
    const first = await createHarness();
    github(HEAD, CHECK_RUN_ID, "creates");
    await first.deliver("pull_request", fixture("webhooks/pull_request.synchronize.json"));
    expect(created).toHaveLength(1);
    expect(comments.map((c) => c.id)).toEqual([COMMENT_ID]);
    expect(nock.pendingMocks()).toEqual([]);

    // Second push (a new commit, same tree), delivered to a fresh app instance as a stateless deployment would:
    // nock answers no POST to issues/2/comments any more, so creating a second comment would fail the delivery.
    const second = await createHarness();
    github(HEAD_2, CHECK_RUN_ID_2, "updates");
    await second.deliver("pull_request", synchronizeTo(HEAD_2));

    expect(created).toHaveLength(1);
    expect(edited.map((edit) => edit.id)).toEqual([COMMENT_ID]);
    expect(comments).toHaveLength(1);
    const body = edited[0]!.body;
    expect(body.startsWith("<!-- bedrock-cost-review -->\n### Bedrock cost: +$5,463/mo (+156.2%) · 1 call not priced · 4 findings\n")).toBe(true);
    // Same numbers, now linked to the new head's lines.
    expect(body).not.toContain(HEAD);
    expect(body).toContain(`[${AGENT}:85](${HTML_URL}/blob/${HEAD_2}/${AGENT}#L85)`);
    expect(body).toBe(created[0]!.replaceAll(HEAD, HEAD_2).replaceAll(HEAD.slice(0, 7), HEAD_2.slice(0, 7)));
    expect(checkUpdates.map((u) => [u.conclusion, u.output.title])).toEqual([
      ["success", "+$5,463/mo (+156.2%) · 1 call not priced · 4 findings"],
      ["success", "+$5,463/mo (+156.2%) · 1 call not priced · 4 findings"],
    ]);
  });
});

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
