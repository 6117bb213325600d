import type { ApplicationFunction } from "probot";
import { onCheckRunRerequested } from "./handlers/check-run.js";
import { onCheckSuiteRerequested } from "./handlers/check-suite.js";
import { onPullRequest, onPullRequestEdited, PULL_REQUEST_EVENTS, type HandlerOptions } from "./handlers/pull-request.js";
import { runNow, type Schedule } from "./queue/review-queue.js";
import type { Engine } from "./workers/engine-pool.js";

export interface AppOptions {
  /** When reviews run: at once by default (the Lambda entries, tests); the server queues them. */
  schedule?: Schedule;
  /** Where the engine runs: in process by default; the server and Lambda use an EnginePool's workers. */
  engine?: Engine;
}

/** The Probot app: registers the handlers, nothing else. */
export function createApp(options: AppOptions = {}): ApplicationFunction {
  const handlers: HandlerOptions = { schedule: options.schedule ?? runNow(), ...(options.engine ? { engine: options.engine } : {}) };
  return (probot) => {
    probot.on([...PULL_REQUEST_EVENTS], (context) => onPullRequest(context, handlers));
    probot.on("pull_request.edited", (context) => onPullRequestEdited(context, handlers));
    probot.on("check_run.rerequested", (context) => onCheckRunRerequested(context, handlers));
    probot.on("check_suite.rerequested", (context) => onCheckSuiteRerequested(context, handlers));
  };
}

const app: ApplicationFunction = createApp();

export default app;
