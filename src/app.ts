import type { ApplicationFunction } from "probot";
import { onCheckRunRerequested } from "./handlers/check-run.js";
import { onCheckSuiteRerequested } from "./handlers/check-suite.js";
import { onPullRequest, onPullRequestEdited, PULL_REQUEST_EVENTS } from "./handlers/pull-request.js";

/** The Probot app: registers the handlers, nothing else. */
const app: ApplicationFunction = (probot) => {
  probot.on([...PULL_REQUEST_EVENTS], onPullRequest);
  probot.on("pull_request.edited", onPullRequestEdited);
  probot.on("check_run.rerequested", onCheckRunRerequested);
  probot.on("check_suite.rerequested", onCheckSuiteRerequested);
};

export default app;
