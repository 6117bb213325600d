import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Payloads, send, type Answer, type Delivery } from "./deliveries.js";
import { renderMarkdown, summarize, type LoadResult } from "./report.js";
import { buildScenario, shaOf, type PullRequestPlan } from "./scenario.js";
import { ServerProcess, sleep } from "./server-process.js";
import { StandInGitHub, type CheckRun } from "./stand-in-github.js";

/**
 * `npm run load` (issue #9, part 7; not part of `npm test`): the real server (`node dist/src/server.js`)
 * against a local stand-in GitHub, driven with signed deliveries — 50 PRs across 10 repositories, some
 * pushed twice, one delivery redelivered, one badly signed — with 20% of API requests answered 502 and
 * one secondary rate limit. Waits for the queue to drain, then sends SIGTERM. Reports deliveries
 * answered (p50/p99), reviews completed, runs stranded, duplicate comments and the server's peak RSS;
 * writes bench/results/load.json and load.md. Exits 1 when a run is stranded, a comment is duplicated,
 * a delivery is not answered as expected, or the server does not exit cleanly.
 *
 * LOAD_PRS_PER_REPO (default 5) scales the run. LOAD_SIGTERM_AFTER_S sends SIGTERM that long after the
 * first delivery instead, to watch a shutdown under load; results then go to the temporary directory.
 * LOAD_LOG_LEVEL sets the server's LOG_LEVEL (debug logs every GitHub request).
 */
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..", "..");

const APP_ID = 424242;
const FAULTS = { seed: 9, errorRate: 0.2, secondaryLimitFrom: 40, latencyMs: [5, 40] as [number, number] };
/** Gap between the `opened` deliveries, and from an `opened` to its quick second push. */
const OPENED_EVERY_MS = 120;
const QUICK_PUSH_AFTER_MS = 250;
/** The queue drains at the app's pace (Octokit's write throttle): allow for all of it. */
const DRAIN_TIMEOUT_MS = 15 * 60_000;
const QUIET_MS = 2_000;
/** Quiet this long with a PR's latest head still unreviewed: the review is not coming (it failed before its check run). */
const GIVE_UP_QUIET_MS = 20_000;
/** What Kubernetes and ECS give a container between SIGTERM and SIGKILL by default. */
const ORCHESTRATOR_GRACE_MS = 30_000;

const PRS_PER_REPO = positiveInt(process.env.LOAD_PRS_PER_REPO, 5);
const SIGTERM_AFTER_MS = process.env.LOAD_SIGTERM_AFTER_S ? positiveInt(process.env.LOAD_SIGTERM_AFTER_S, 30) * 1000 : undefined;

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor(condition: () => boolean, timeoutMs: number, everyMs = 200): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await sleep(everyMs);
  }
  return condition();
}

/** Runs in progress at `at` (epoch ms), by their GitHub timestamps. */
function inProgressAt(runs: readonly CheckRun[], at: number): number {
  return runs.filter((run) => Date.parse(run.started_at) <= at && (run.completed_at === null || Date.parse(run.completed_at) > at)).length;
}

/** Whether `head` has a run completed by `at` (epoch ms). */
function completedBy(runs: readonly CheckRun[], head: string, at: number): boolean {
  return runs.some((run) => run.head_sha === head && run.completed_at !== null && Date.parse(run.completed_at) <= at);
}

async function main(): Promise<number> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const secret = randomBytes(20).toString("hex");
  const scenario = buildScenario(repoRoot, PRS_PER_REPO);
  const github = new StandInGitHub(scenario, { id: APP_ID, publicKey }, FAULTS);
  const githubPort = await github.listen();
  const port = await freePort();
  const logPath = join(tmpdir(), `bedrock-cost-load-${process.pid}.log`);
  const requestsPath = join(tmpdir(), `bedrock-cost-load-${process.pid}.requests.jsonl`);
  const server = new ServerProcess({
    repoRoot,
    port,
    logPath,
    env: {
      APP_ID: String(APP_ID),
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: secret,
      HOST: "127.0.0.1",
      PORT: String(port),
      GHE_HOST: `127.0.0.1:${githubPort}`,
      GHE_PROTOCOL: "http",
      LOG_LEVEL: process.env.LOAD_LOG_LEVEL ?? "info",
      LOG_FORMAT: "json",
    },
  });
  let signalled = false;
  let crashed: string | undefined;
  void server.exited.then((exit) => {
    if (!signalled) crashed = `server exited during the run (code ${exit.code}, signal ${exit.signal})`;
  });
  const startupMs = await server.ready();
  const idleRssMb = server.rssMb();
  server.sampleRss();

  const url = `http://127.0.0.1:${port}/api/github/webhooks`;
  const payloads = new Payloads(repoRoot, secret);
  const repoOf = (pr: PullRequestPlan) => scenario.repos.find((r) => r.owner === pr.owner && r.name === pr.repo)!;
  const answers: Answer[] = [];
  let notSent = 0;
  // Once SIGTERM has gone out the server takes no deliveries: the rest are counted, not sent.
  const deliver = async (delivery: Delivery) => {
    if (signalled) notSent++;
    else answers.push(await send(url, delivery));
  };
  const firstReviewDone = (head: string) => github.checkRuns.some((run) => run.head_sha === head && run.status === "completed");
  const reviewedOrStopped = (head: string) => () => signalled || firstReviewDone(head);
  const pushAndDeliver = async (pr: PullRequestPlan) => {
    const [head1, head2] = pr.heads;
    if (!signalled) github.push(pr.owner, pr.repo, pr.number, head2!);
    await deliver(payloads.pullRequest(repoOf(pr), pr, "synchronize", head2!, head1));
  };

  const started = Date.now();
  const sends: Array<Promise<void>> = [];
  let redelivered: { label: string; id: string } | undefined;
  for (const [j, pr] of scenario.prs.entries()) {
    const opened = payloads.pullRequest(repoOf(pr), pr, "opened", pr.heads[0]);
    sends.push(
      (async () => {
        await sleep(j * OPENED_EVERY_MS);
        await deliver(opened);
        if (pr.secondPush === "quick") {
          await sleep(QUICK_PUSH_AFTER_MS);
          await pushAndDeliver(pr);
        } else if (pr.secondPush === "late") {
          // After the first review has commented, so the second one edits that comment.
          await waitFor(reviewedOrStopped(pr.heads[0]), DRAIN_TIMEOUT_MS);
          await pushAndDeliver(pr);
        } else if (j === 0) {
          // GitHub's "Redeliver": the same delivery id and body again, once the first review is done.
          await waitFor(reviewedOrStopped(pr.heads[0]), DRAIN_TIMEOUT_MS);
          redelivered = { label: opened.label, id: opened.id };
          await deliver(opened);
        }
      })(),
    );
  }
  // Signed with the wrong secret, for a head that exists nowhere: must be refused (400) and never reviewed.
  const forged = { pr: scenario.prs[1]!, head: shaOf("forged-delivery") };
  sends.push(
    (async () => {
      await sleep(3_000);
      const genuine = payloads.pullRequest(repoOf(forged.pr), forged.pr, "synchronize", forged.head, forged.pr.heads[0]);
      await deliver(payloads.sign(genuine.event, `${genuine.label} (wrong secret)`, genuine.body, "not-the-secret", 400));
    })(),
  );

  let drained = false;
  let signalAt: number;
  let shutdown: { exit: Awaited<ReturnType<ServerProcess["terminate"]>>; peakRssMb: number | null; endRssMb: number | null; inProgressAtSignal: number };
  const stop = async (killAfterMs: number) => {
    const peakRssMb = server.peakRssMb();
    const endRssMb = server.rssMb();
    signalAt = Date.now();
    signalled = true;
    const inProgressAtSignal = github.checkRuns.filter((run) => run.status !== "completed").length;
    return { exit: await server.terminate(killAfterMs), peakRssMb, endRssMb, inProgressAtSignal };
  };
  if (SIGTERM_AFTER_MS !== undefined) {
    await sleep(SIGTERM_AFTER_MS);
    // Time for the grace period, the interrupted reviews' completions and every queued review's neutral run.
    shutdown = await stop(10 * 60_000);
    await Promise.all(sends);
  } else {
    await Promise.all(sends);
    // Drained: no run in progress, every PR's latest head has a completed run, and GitHub has seen no request for a while.
    const latestHeads = () => scenario.prs.map((pr) => github.headOf(pr.owner, pr.repo, pr.number));
    const quietFor = () => (github.inFlight === 0 ? Date.now() - github.lastRequestAt : 0);
    drained = await waitFor(() => {
      if (crashed || github.checkRuns.some((run) => run.status !== "completed")) return false;
      const allReviewed = latestHeads().every(firstReviewDone);
      return (allReviewed && quietFor() >= QUIET_MS) || quietFor() >= GIVE_UP_QUIET_MS;
    }, DRAIN_TIMEOUT_MS, 250);
    shutdown = await stop(40_000);
  }
  const deliveredMs = Math.max(0, ...answers.map((a) => a.sentAt + a.ms)) - started;
  const drainedMs = signalAt! - started;
  await github.close();
  // Every API request the stand-in answered, in order: what to read when a review went wrong.
  await writeFile(requestsPath, github.requests.map((r) => JSON.stringify({ ...r, at: r.at - started })).join("\n") + "\n");

  const result: LoadResult = summarize({
    machine: { node: process.version, cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), date: new Date().toISOString() },
    settings: {
      mode: SIGTERM_AFTER_MS === undefined ? "drain, then SIGTERM" : `SIGTERM ${SIGTERM_AFTER_MS / 1000} s after the first delivery`,
      prsPerRepo: PRS_PER_REPO,
      faults: FAULTS,
      openedEveryMs: OPENED_EVERY_MS,
      quickPushAfterMs: QUICK_PUSH_AFTER_MS,
      concurrency: "default (4)",
      installations: new Set(scenario.repos.map((r) => r.installationId)).size,
    },
    scenario,
    github,
    answers,
    notSent,
    redelivered,
    forgedHead: forged.head,
    server: {
      startupMs,
      idleRssMb,
      peakRssMb: shutdown.peakRssMb,
      endRssMb: shutdown.endRssMb,
      rssSamplesMb: server.rssSamplesMb,
      lines: server.lines,
      logPath,
      requestsPath,
      exit: shutdown.exit,
      crashed,
    },
    shutdown: {
      underLoad: SIGTERM_AFTER_MS !== undefined,
      inProgressAtSignal: shutdown.inProgressAtSignal,
      inProgressAtOrchestratorKill: inProgressAt(github.checkRuns, signalAt! + ORCHESTRATOR_GRACE_MS),
      unreviewedAtOrchestratorKill: scenario.prs.filter((pr) => !completedBy(github.checkRuns, github.headOf(pr.owner, pr.repo, pr.number), signalAt! + ORCHESTRATOR_GRACE_MS)).length,
      orchestratorGraceMs: ORCHESTRATOR_GRACE_MS,
    },
    timing: { deliveredMs, drainedMs, drained },
  });

  const name = SIGTERM_AFTER_MS === undefined ? "load" : `bedrock-cost-load-shutdown-${process.pid}`;
  const out = SIGTERM_AFTER_MS === undefined ? join(repoRoot, "bench", "results") : tmpdir();
  await mkdir(out, { recursive: true });
  await writeFile(join(out, `${name}.json`), JSON.stringify(result, null, 2) + "\n");
  const markdown = renderMarkdown(result);
  await writeFile(join(out, `${name}.md`), markdown);
  process.stdout.write(markdown);
  return result.verdict.ok ? 0 : 1;
}

process.exitCode = await main();
