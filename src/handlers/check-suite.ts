import type { Context } from "probot";
import { rerunForCommit } from "./rerun.js";

/** "Re-run all checks" on a commit: review it again when it is still a pull request head. */
export async function onCheckSuiteRerequested(context: Context<"check_suite.rerequested">): Promise<void> {
  const suite = context.payload.check_suite;
  const pullNumbers = suite.pull_requests.map((pr) => pr.number);
  if (pullNumbers.length === 0) {
    context.log.info({ headSha: suite.head_sha }, "check suite re-requested for a commit with no pull request in this repository; nothing to review");
    return;
  }
  await rerunForCommit(context.octokit, context.repo(), context.payload.repository.html_url, suite.head_sha, pullNumbers);
}
