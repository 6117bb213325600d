import type { Context } from "probot";
import { CHECK_NAME } from "../github/client.js";
import { rerunForCommit } from "./rerun.js";

/** "Re-run" on the Bedrock cost check run. GitHub sends this event only to the app that owns the run. */
export async function onCheckRunRerequested(context: Context<"check_run.rerequested">): Promise<void> {
  const run = context.payload.check_run;
  if (run.name !== CHECK_NAME) return;
  const pullNumbers = run.pull_requests.map((pr) => pr.number);
  if (pullNumbers.length === 0) {
    context.log.info({ headSha: run.head_sha }, "check run re-requested for a commit with no pull request in this repository; nothing to review");
    return;
  }
  await rerunForCommit(context.octokit, context.repo(), context.payload.repository.html_url, run.head_sha, pullNumbers);
}
