import type { Context } from "probot";
import { requireFields } from "./payload.js";
import type { HandlerOptions } from "./pull-request.js";
import { rerunForCommit } from "./rerun.js";

/** "Re-run all checks" on a commit: review it again when it is still a pull request head. */
export async function onCheckSuiteRerequested(context: Context<"check_suite.rerequested">, options: HandlerOptions): Promise<void> {
  requireFields("check_suite", context.payload);
  const suite = context.payload.check_suite;
  await rerunForCommit(context.octokit, options, {
    repo: context.repo(),
    repoId: context.payload.repository.id,
    htmlUrl: context.payload.repository.html_url,
    headSha: suite.head_sha,
    listed: suite.pull_requests,
  });
}
