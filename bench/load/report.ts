import { COMMENT_MARKER } from "../../src/github/sticky-comment.js";
import type { Answer } from "./deliveries.js";
import type { Scenario } from "./scenario.js";
import type { Exit } from "./server-process.js";
import type { StandInGitHub } from "./stand-in-github.js";

export interface RunFacts {
  machine: { node: string; cpus: number; memoryGb: number; date: string };
  settings: Record<string, unknown>;
  scenario: Scenario;
  github: StandInGitHub;
  answers: Answer[];
  /** Deliveries not sent because SIGTERM had gone out (shutdown under load only). */
  notSent: number;
  redelivered: { label: string; id: string } | undefined;
  forgedHead: string;
  server: {
    startupMs: number;
    idleRssMb: number | null;
    peakRssMb: number | null;
    endRssMb: number | null;
    rssSamplesMb: Array<{ atMs: number; mb: number }>;
    lines: string[];
    logPath: string;
    requestsPath: string;
    exit: Exit & { killed: boolean };
    crashed: string | undefined;
  };
  shutdown: { underLoad: boolean; inProgressAtSignal: number; inProgressAtOrchestratorKill: number; unreviewedAtOrchestratorKill: number; orchestratorGraceMs: number };
  timing: { deliveredMs: number; drainedMs: number; drained: boolean };
}

export type LoadResult = ReturnType<typeof summarize>;

const round = (n: number) => Math.round(n * 10) / 10;

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

interface LogLine {
  level?: number;
  msg?: string;
  name?: string;
}

/** Pino's JSON lines parsed; the queue's and shutdown's plain console lines kept as they are. */
function parseLog(lines: string[]): Array<{ level: "info" | "warn" | "error"; text: string }> {
  return lines.map((line) => {
    try {
      const parsed = JSON.parse(line) as LogLine;
      const level = (parsed.level ?? 30) >= 50 ? "error" : (parsed.level ?? 30) >= 40 ? "warn" : "info";
      return { level, text: `${parsed.name ? `${parsed.name}: ` : ""}${parsed.msg ?? line}` };
    } catch {
      return { level: /failed|could not|error/i.test(line) ? "error" : "info", text: line };
    }
  });
}

export function summarize(facts: RunFacts) {
  const { github, scenario, answers } = facts;
  const real = answers.filter((a) => a.delivery.expectStatus === 200);
  const times = real.filter((a) => a.status !== null).map((a) => a.ms);
  const unexpected = answers.filter((a) => a.status !== a.delivery.expectStatus);

  // A run that says why it has no verdict: GitHub failed it, its time ran out, the server stopped.
  const reviewError = (title: string) => /could not finish|ran out of time|was interrupted/.test(title);
  const prs = scenario.prs.map((pr) => {
    const latest = github.headOf(pr.owner, pr.repo, pr.number);
    const runsOf = (sha: string) => github.checkRuns.filter((r) => r.owner === pr.owner && r.repo === pr.repo && r.head_sha === sha);
    const comments = github.comments.filter((c) => c.owner === pr.owner && c.repo === pr.repo && c.issue === pr.number && c.body.startsWith(COMMENT_MARKER));
    const latestRuns = runsOf(latest);
    return {
      pr: `${pr.owner}/${pr.repo}#${pr.number}`,
      fixture: pr.fixture,
      latest,
      reviewed: latestRuns.some((r) => r.status === "completed"),
      verdict: latestRuns.some((r) => r.status === "completed" && !reviewError(r.title)),
      latestRuns,
      firstHeadRuns: pr.heads.length > 1 ? runsOf(pr.heads[0]) : [],
      comments,
      // The comment must show the PR's newest commit: its links point at that head.
      stale: comments.length > 0 && !comments.every((c) => c.body.includes(`/blob/${latest}/`)),
      deletedComments: github.deletedComments.filter((c) => c.owner === pr.owner && c.repo === pr.repo && c.issue === pr.number).length,
    };
  });
  const completed = github.checkRuns.filter((r) => r.status === "completed");
  const stranded = github.checkRuns.filter((r) => r.status !== "completed");
  const duplicates = prs.filter((p) => p.comments.length > 1);
  // The same fixture must get the same verdict everywhere it was reviewed to the end (faults aside).
  const verdictsByFixture = Object.fromEntries(
    [...new Set(prs.map((p) => p.fixture))].map((fixture) => [
      fixture,
      [...new Set(prs.filter((p) => p.fixture === fixture).flatMap((p) => p.latestRuns.filter((r) => r.status === "completed" && !reviewError(r.title)).map((r) => `${r.conclusion}: ${r.title}`)))],
    ]),
  );
  const log = parseLog(facts.server.lines);
  const secondPushed = scenario.prs.filter((pr) => pr.heads.length > 1);
  const requests = github.requests;
  const shutdownLines = facts.server.lines.filter((line) => /^(SIGTERM|SIGINT): stopping|^stopped: /.test(line));
  const rss = facts.server.rssSamplesMb.map((s) => s.mb);

  const figures = {
    deliveries: {
      sent: answers.length,
      notSentAfterSigterm: facts.notSent,
      answered: answers.filter((a) => a.status !== null).length,
      byStatus: countBy(answers, (a) => String(a.status ?? "no answer")),
      unexpected: unexpected.map((a) => ({ label: a.delivery.label, expected: a.delivery.expectStatus, status: a.status, body: a.body.slice(0, 200), error: a.error })),
      p50Ms: round(percentile(times, 50)),
      p99Ms: round(percentile(times, 99)),
      maxMs: round(Math.max(0, ...times)),
      kinds: countBy(real, (a) => (a.delivery.label.includes(" opened ") ? "opened" : "synchronize")),
      redelivered: facts.redelivered?.label ?? null,
      forgedReviewed: github.checkRuns.some((r) => r.head_sha === facts.forgedHead),
    },
    reviews: {
      pullRequests: prs.length,
      completed: prs.filter((p) => p.reviewed).length,
      withVerdict: prs.filter((p) => p.verdict).length,
      notCompleted: prs.filter((p) => !p.reviewed).map((p) => p.pr),
      checkRuns: github.checkRuns.length,
      // Left in progress once the server has exited: nothing will ever complete them.
      stranded: stranded.length,
      inProgressAtSigterm: facts.shutdown.inProgressAtSignal,
      strandedRuns: stranded.map((r) => ({ id: r.id, repo: `${r.owner}/${r.repo}`, head: r.head_sha.slice(0, 7), started: r.started_at, title: r.title })),
      conclusions: countBy(completed, (r) => `${r.conclusion} · ${reviewError(r.title) ? r.title : "verdict"}`),
      titles: countBy(completed, (r) => `${r.conclusion}: ${r.title}`),
      verdictsByFixture,
      inconsistentFixtures: Object.entries(verdictsByFixture).filter(([, v]) => v.length > 1).map(([f]) => f),
      recompletedRuns: completed.filter((r) => r.recompletions > 0).length,
      latestHeadsWithSeveralRuns: prs.filter((p) => p.latestRuns.length > 1).map((p) => `${p.pr} (${p.latestRuns.length})`),
      secondPushes: secondPushed.length,
      firstHeadNeverStarted: prs.filter((p) => p.firstHeadRuns.length === 0 && secondPushed.some((pr) => `${pr.owner}/${pr.repo}#${pr.number}` === p.pr)).length,
      firstHeadSuperseded: prs.filter((p) => p.firstHeadRuns.some((r) => r.status === "completed")).length,
    },
    comments: {
      duplicates: duplicates.length,
      duplicatePrs: duplicates.map((p) => `${p.pr} (${p.comments.map((c) => c.id).join(", ")})`),
      prsWithComment: prs.filter((p) => p.comments.length === 1).length,
      prsWithoutComment: prs.filter((p) => p.comments.length === 0).map((p) => p.pr),
      stale: prs.filter((p) => p.stale).map((p) => p.pr),
      created: github.comments.length + github.deletedComments.length,
      edits: github.comments.reduce((n, c) => n + c.updates, 0),
      deletedAsDuplicates: github.deletedComments.length,
    },
    github: {
      requests: requests.length,
      perCompletedReview: round(requests.length / Math.max(1, completed.length)),
      byStatus: countBy(requests, (r) => String(r.status)),
      injected502: requests.filter((r) => r.fault === "502").length,
      injected502Share: round((requests.filter((r) => r.fault === "502").length / Math.max(1, requests.length)) * 100),
      secondaryRateLimit: requests.filter((r) => r.fault === "secondary-rate-limit").map((r) => r.route),
      // Writes and GraphQL queries go through Octokit's write throttle (one a second): their rate shows whether it bounds the run.
      writesAndGraphql: requests.filter((r) => r.method !== "GET" && !r.route.includes("access_tokens")).length,
      writesAndGraphqlPerSecond: round(requests.filter((r) => r.method !== "GET" && !r.route.includes("access_tokens")).length / Math.max(1, facts.timing.drainedMs / 1000)),
      tokensIssued: github.tokensIssued,
      byRoute: countBy(requests, (r) => r.route),
      unhandled: github.unhandled,
    },
    server: {
      startupMs: facts.server.startupMs,
      idleRssMb: facts.server.idleRssMb === null ? null : round(facts.server.idleRssMb),
      peakRssMb: facts.server.peakRssMb === null ? null : round(facts.server.peakRssMb),
      sampledMaxRssMb: round(Math.max(0, ...rss)),
      endRssMb: facts.server.endRssMb === null ? null : round(facts.server.endRssMb),
      rssSamples: rss.length,
      crashed: facts.server.crashed ?? null,
      exit: facts.server.exit,
      shutdownLines,
      logPath: facts.server.logPath,
      requestsPath: facts.server.requestsPath,
      logLines: log.length,
      warnings: log.filter((l) => l.level === "warn").length,
      errors: log.filter((l) => l.level === "error").length,
      // Each distinct message once (digits folded), so a few hundred lines read as a handful of kinds.
      warningKinds: countBy(log.filter((l) => l.level !== "info"), (l) => `${l.level}: ${l.text.replace(/[0-9a-f]{7,40}/g, "<sha>").replace(/\d+/g, "N").slice(0, 220)}`),
      secondaryLimitLog: log.filter((l) => /secondary rate limit/i.test(l.text)).map((l) => l.text),
    },
    shutdown: {
      underLoad: facts.shutdown.underLoad,
      // What a SIGKILL at the orchestrator's default grace (30 s) would have left in progress.
      inProgressAtOrchestratorKill: facts.shutdown.inProgressAtOrchestratorKill,
      // …and the PRs whose latest head would have had no completed run at all (a required check left waiting).
      unreviewedAtOrchestratorKill: facts.shutdown.unreviewedAtOrchestratorKill,
      orchestratorGraceMs: facts.shutdown.orchestratorGraceMs,
    },
    timing: {
      deliveriesSentMs: facts.timing.deliveredMs,
      wallMs: facts.timing.drainedMs,
      drained: facts.timing.drained,
      // Only meaningful when the queue drained: a shutdown under load completes runs without reviewing.
      reviewsPerMinute: facts.shutdown.underLoad ? null : round((completed.length / Math.max(1, facts.timing.drainedMs)) * 60_000),
    },
  };
  const failures = [
    ...(figures.reviews.stranded > 0 ? [`${figures.reviews.stranded} check run(s) stranded in progress`] : []),
    ...(figures.comments.duplicates > 0 ? [`${figures.comments.duplicates} PR(s) with duplicate comments`] : []),
    ...(unexpected.length > 0 ? [`${unexpected.length} delivery(ies) not answered as expected`] : []),
    ...(figures.deliveries.forgedReviewed ? ["the badly signed delivery was reviewed"] : []),
    ...(github.unhandled.length > 0 ? [`${github.unhandled.length} request(s) to endpoints the stand-in lacks: the run is not representative`] : []),
    ...(facts.server.crashed ? [facts.server.crashed] : []),
    ...(facts.server.exit.code !== 0 || facts.server.exit.killed ? [`server did not exit cleanly on SIGTERM (code ${facts.server.exit.code}, signal ${facts.server.exit.signal}${facts.server.exit.killed ? ", killed" : ""})`] : []),
    ...(!facts.shutdown.underLoad && !facts.timing.drained ? ["the queue did not drain within the timeout"] : []),
  ];
  return { machine: facts.machine, settings: facts.settings, ...figures, verdict: { ok: failures.length === 0, failures } };
}

export function renderMarkdown(r: LoadResult): string {
  const list = (items: readonly string[]) => (items.length === 0 ? "none" : items.join(", "));
  const table = (counts: Record<string, number>) => Object.entries(counts).map(([k, n]) => `| ${k.replaceAll("|", "\\|")} | ${n} |`);
  const lines = [
    `# Load test`,
    ``,
    `${r.machine.date} · Node ${r.machine.node} · ${r.machine.cpus} cores · ${r.machine.memoryGb} GB · \`npm run load\``,
    ``,
    `The real server (\`node dist/src/server.js\`, queue concurrency ${r.settings.concurrency}) against a local stand-in GitHub (${r.settings.mode}):`,
    `${r.reviews.pullRequests} PRs across 10 repositories (${r.settings.installations} installations), ${r.reviews.secondPushes} pushed a second time,`,
    `one delivery redelivered, one signed with the wrong secret; ${r.github.injected502Share}% of API requests answered 502 (seeded), one secondary rate limit.`,
    ``,
    `| figure | value |`,
    `|---|---:|`,
    `| deliveries sent / answered${r.deliveries.notSentAfterSigterm ? " / not sent (after SIGTERM)" : ""} | ${r.deliveries.sent} / ${r.deliveries.answered}${r.deliveries.notSentAfterSigterm ? ` / ${r.deliveries.notSentAfterSigterm}` : ""} |`,
    `| delivery answers by status | ${Object.entries(r.deliveries.byStatus).map(([s, n]) => `${s}: ${n}`).join(", ")} |`,
    `| delivery response p50 / p99 / max | ${r.deliveries.p50Ms} / ${r.deliveries.p99Ms} / ${r.deliveries.maxMs} ms |`,
    `| reviews completed (latest head has a completed run) / with a verdict | ${r.reviews.completed} / ${r.reviews.withVerdict} of ${r.reviews.pullRequests} |`,
    `| check runs created / in progress at SIGTERM / stranded (in progress after exit) | ${r.reviews.checkRuns} / ${r.reviews.inProgressAtSigterm} / **${r.reviews.stranded}** |`,
    `| duplicate comments (PRs with > 1 marked comment) | **${r.comments.duplicates}** |`,
    `| PRs with one comment / stale comments | ${r.comments.prsWithComment} / ${r.comments.stale.length} |`,
    `| comments created / edits / deleted as duplicates | ${r.comments.created} / ${r.comments.edits} / ${r.comments.deletedAsDuplicates} |`,
    `| first heads of twice-pushed PRs: never started / superseded | ${r.reviews.firstHeadNeverStarted} / ${r.reviews.firstHeadSuperseded} |`,
    `| GitHub API requests (per completed run) | ${r.github.requests} (${r.github.perCompletedReview}) |`,
    `| writes + GraphQL queries (Octokit's write throttle) / per second of the run | ${r.github.writesAndGraphql} / ${r.github.writesAndGraphqlPerSecond} |`,
    `| injected 502 / secondary rate limit | ${r.github.injected502} / ${r.github.secondaryRateLimit.length} (${list(r.github.secondaryRateLimit)}) |`,
    `| server peak RSS (VmHWM) / idle / at end | ${r.server.peakRssMb} / ${r.server.idleRssMb} / ${r.server.endRssMb} MB |`,
    `| server startup | ${r.server.startupMs} ms |`,
    `| deliveries sent in / first delivery to SIGTERM${r.shutdown.underLoad ? "" : " (drained)"} | ${(r.timing.deliveriesSentMs / 1000).toFixed(1)} / ${(r.timing.wallMs / 1000).toFixed(1)} s |`,
    ...(r.timing.reviewsPerMinute === null ? [] : [`| completed runs per minute | ${r.timing.reviewsPerMinute} |`]),
    `| SIGTERM: exit code / time to exit | ${r.server.exit.code}${r.server.exit.killed ? " (SIGKILLed)" : ""} / ${r.server.exit.ms} ms |`,
    `| ${r.shutdown.orchestratorGraceMs / 1000} s after SIGTERM (a default SIGKILL): runs in progress / PRs without a completed run | ${r.shutdown.inProgressAtOrchestratorKill} / ${r.shutdown.unreviewedAtOrchestratorKill} |`,
    ``,
    `Shutdown log: ${r.server.shutdownLines.map((l) => `\`${l}\``).join(" · ") || "none"}`,
    ``,
    `**Verdict: ${r.verdict.ok ? "pass" : "FAIL"}**${r.verdict.failures.length ? ` — ${r.verdict.failures.join("; ")}` : ""}`,
    ``,
    `## Check run conclusions`,
    ``,
    `| conclusion · kind | runs |`,
    `|---|---:|`,
    ...table(r.reviews.conclusions),
    ``,
    `Verdicts per fixture (latest heads reviewed to the end): ${Object.entries(r.reviews.verdictsByFixture).map(([f, v]) => `${f}: ${v.map((t) => `\`${t}\``).join(" / ") || "none"}`).join("; ")}.`,
    `Inconsistent fixtures: ${list(r.reviews.inconsistentFixtures)}. Not completed: ${list(r.reviews.notCompleted)}. PRs without a comment: ${list(r.comments.prsWithoutComment)}.`,
    ``,
    `## Server log (warnings and errors, by kind)`,
    ``,
    `| line | count |`,
    `|---|---:|`,
    ...table(r.server.warningKinds),
    ``,
    `Secondary rate limit, as logged: ${r.server.secondaryLimitLog.map((l) => `\`${l}\``).join(" · ") || "not logged"}`,
    ``,
    `Faults: every API request (installation-token exchange and GraphQL included) draws from a seeded PRNG and 20% answer 502`,
    `without being applied; the first write at or after request ${(r.settings.faults as { secondaryLimitFrom: number }).secondaryLimitFrom} answers 403 "secondary rate limit" with \`retry-after: 1\`.`,
    `Which request draws which number depends on arrival order, so figures vary a little from run to run.`,
    ``,
  ];
  return lines.join("\n");
}
