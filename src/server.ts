import { run } from "probot";
import { createApp } from "./app.js";
import { envNumber } from "./config/env.js";
import { throttledOctokit } from "./github/octokit.js";
import { ReviewQueue } from "./queue/review-queue.js";
import { configuredEngine, SERVER_WORKERS } from "./workers/engine-pool.js";

/** Reviews at once, time per review, and the grace a shutdown gives running reviews (env overrides). */
export function serverSettings(env: NodeJS.ProcessEnv = process.env): { concurrency: number; reviewTimeoutMs: number; shutdownGraceMs: number } {
  return {
    concurrency: envNumber(env.BEDROCK_COST_CONCURRENCY, 4, { integer: true }),
    reviewTimeoutMs: envNumber(env.BEDROCK_COST_REVIEW_TIMEOUT_S, 600) * 1000,
    shutdownGraceMs: envNumber(env.BEDROCK_COST_SHUTDOWN_GRACE_S, 25) * 1000,
  };
}

// `npm start`: Probot's server, configured from APP_ID, PRIVATE_KEY / PRIVATE_KEY_PATH, WEBHOOK_SECRET,
// PORT and GHE_HOST / GHE_PROTOCOL (read from the environment or a .env file). Without APP_ID it starts
// Probot's setup mode, as before. Deliveries are answered once verified and queued; reviews run from the
// queue. Rate limits are waited out only briefly (see throttledOctokit), so a check run never stays in
// progress behind a long wait.
const settings = serverSettings();
const log = { info: (m: string) => console.info(m), warn: (m: string) => console.warn(m), error: (m: string) => console.error(m) };
const queue = new ReviewQueue({ concurrency: settings.concurrency, reviewTimeoutMs: settings.reviewTimeoutMs, log });
// Untrusted code is parsed in worker threads (BEDROCK_COST_WORKERS, BEDROCK_COST_WORKER_MEMORY_MB), off
// the event loop that answers webhooks.
const engine = configuredEngine(process.env, SERVER_WORKERS);
const server = await run(createApp({ schedule: queue.schedule, engine: engine.engine }), { Octokit: throttledOctokit() });

// SIGTERM (a deploy, a scale-in): stop taking deliveries, let running reviews finish within the grace
// period, interrupt the rest (their check runs say so) and mark the queued ones as not run.
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: stopping; ${queue.size.running} review(s) running, ${queue.size.waiting} queued`);
  await server.stop().catch(() => {});
  const outcome = await queue.shutdown(settings.shutdownGraceMs);
  await engine.close();
  log.info(`stopped: ${outcome.finished} review(s) finished, ${outcome.interrupted} interrupted, ${outcome.abandoned} not started`);
  process.exit(0);
};
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));

export { queue, server };
