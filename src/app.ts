import type { ApplicationFunction } from "probot";
import { onCheckRunRerequested } from "./handlers/check-run.js";
import { onCheckSuiteRerequested } from "./handlers/check-suite.js";
import { onPullRequest, onPullRequestEdited, PULL_REQUEST_EVENTS } from "./handlers/pull-request.js";

export interface AppOptions {
  /** Epoch ms by which every review this app starts must end (the Lambda entry sets it); none by default. */
  deadline?: number;
}

/** The Probot app: registers the handlers, nothing else. */
export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (probot) => {
    probot.on([...PULL_REQUEST_EVENTS], (context) => onPullRequest(context, options));
    probot.on("pull_request.edited", (context) => onPullRequestEdited(context, options));
    probot.on("check_run.rerequested", (context) => onCheckRunRerequested(context, options));
    probot.on("check_suite.rerequested", (context) => onCheckSuiteRerequested(context, options));
  };
}

const app: ApplicationFunction = createApp();

export default app;
