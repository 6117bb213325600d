import type { Context } from "probot";
import { CHECK_NAME } from "../github/client.js";
import { requireFields } from "./payload.js";
import type { HandlerOptions } from "./pull-request.js";
import { rerunForCommit } from "./rerun.js";

/** "Re-run" on the Bedrock cost check run. GitHub sends this event only to the app that owns the run. */
export async function onCheckRunRerequested(context: Context<"check_run.rerequested">, options: HandlerOptions): Promise<void> {
  requireFields("check_run", context.payload);
  const run = context.payload.check_run;
  if (run.name !== CHECK_NAME) return;
  await rerunForCommit(context.octokit, options, {
    repo: context.repo(),
    repoId: context.payload.repository.id,
    htmlUrl: context.payload.repository.html_url,
    headSha: run.head_sha,
    listed: run.pull_requests,
  });
}
