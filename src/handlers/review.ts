import { ruleOptionSchemas } from "../engine/registry.js";
import { handlesPath, loadExtractors, mayContainUsage } from "../extract/index.js";
import { completeCheckRun, startCheckRun } from "../github/check-runs.js";
import { assembleChangeSet, planChange, type Commits } from "../github/change-set.js";
import type { GitHubClient } from "../github/client.js";
import { fetchFileTexts, fileKey } from "../github/file-texts.js";
import { getMergeBase, getPullRequest } from "../github/pull-request.js";
import { listPullRequestFiles } from "../github/pull-request-files.js";
import { CONFIG_PATH, configAtCommit, orgDefaultsLoader, type ConfigAtCommit, type ConfigSource } from "../github/repo-config.js";
import { publishComment, updateExistingComment } from "../github/sticky-comment.js";
import type { ChangeSet } from "../model/source-file.js";
import { pathFilter } from "../config/globs.js";
import { analyzeChange } from "../pipeline/analyze.js";
import { evaluatePolicy } from "../policy/evaluate.js";
import { trustedConfig } from "../policy/trusted-config.js";
import { renderCheckRun, renderConfigErrors, renderReviewFailure } from "../report/check-run.js";
import type { RuleOptionSchemas } from "../config/schema.js";
import { planComment } from "./comment-plan.js";
import type { ReviewTarget } from "./types.js";

/**
 * The one pipeline every event runs: check run in progress -> read the change and both configs ->
 * analyse -> policy -> comment (only while the commit is still the PR head) -> complete the check run.
 * Any error completes the check run as failed with the reason, then propagates to Probot's logging.
 */
export async function reviewPullRequest(github: GitHubClient, target: ReviewTarget): Promise<void> {
  const checkRunId = await startCheckRun(github, target.repo, target.headSha);
  try {
    await review(github, target, checkRunId);
  } catch (error) {
    await completeCheckRun(github, target.repo, checkRunId, { conclusion: "failure", output: renderReviewFailure(error) }).catch(() => {
      // GitHub is failing too; the original error is the one worth reporting.
    });
    throw error;
  }
}

async function review(github: GitHubClient, target: ReviewTarget, checkRunId: number): Promise<void> {
  const { repo } = target;
  const commits: Commits = { base: await getMergeBase(github, repo, target.baseSha, target.headSha), head: target.headSha };
  const extractors = await loadExtractors();
  const plan = planChange(await listPullRequestFiles(github, repo, target.pullNumber), commits, (path) => handlesPath(extractors, path));
  const configFiles = [{ sha: commits.base, path: CONFIG_PATH }, { sha: commits.head, path: CONFIG_PATH }];
  const texts = await fetchFileTexts(github, repo, [...plan.fetch, ...configFiles]);

  const ruleOptions = ruleOptionSchemas() as RuleOptionSchemas;
  const source: ConfigSource = { github, repo, ruleOptions, orgDefaults: orgDefaultsLoader(github, repo.owner, ruleOptions) };
  const sides = [
    { sha: commits.base, label: `base ${commits.base.slice(0, 7)}` },
    { sha: commits.head, label: `head ${commits.head.slice(0, 7)}` },
  ] as const;
  const [base, head] = await Promise.all(sides.map((side) => configAtCommit(source, side.sha, side.label, texts.get(fileKey({ sha: side.sha, path: CONFIG_PATH })) ?? null)));
  for (const [index, loaded] of [base!, head!].entries()) {
    if (loaded.kind === "invalid") {
      const side = sides[index]!;
      await completeCheckRun(github, repo, checkRunId, {
        conclusion: "action_required",
        output: renderConfigErrors(loaded.errors, `the ${side.label}`),
        detailsUrl: lineUrl(target.htmlUrl, side.sha, CONFIG_PATH, loaded.errors[0]?.line ?? 0),
      });
      return;
    }
  }
  const trusted = trustedConfig(valid(base!), valid(head!));

  const wanted = pathFilter(trusted.config.paths);
  const changeSet = keepUsage(assembleChangeSet(plan, commits, texts), (path, text) => wanted(path) && mayContainUsage(extractors, path, text), wanted);
  if (trusted.changeNote) changeSet.notes.push(trusted.changeNote);
  const headLayers = valid(head!).layers;
  const report = await analyzeChange(changeSet, {
    config: trusted.config,
    configPath: headLayers.length ? CONFIG_PATH : null,
    configLabel: headLayers[0]?.label ?? null,
    mode: "diff",
  });
  const outcome = evaluatePolicy(report, { policy: trusted.policy, configured: trusted.policyConfigured, setIn: trusted.setIn, draft: target.draft });

  // Check runs belong to one commit; the comment belongs to the PR and must show its newest commit only.
  const current = await getPullRequest(github, repo, target.pullNumber);
  const link = (path: string, line: number) => lineUrl(target.htmlUrl, target.headSha, path, line);
  if (current.headSha === target.headSha) {
    const comment = planComment(report, trusted.config.comment, target.headSha, link);
    if (comment.kind === "publish" && trusted.config.comment.behavior !== "off") {
      await publishComment(github, repo, target.pullNumber, comment.body, trusted.config.comment.behavior);
    } else if (comment.kind === "update-existing") {
      await updateExistingComment(github, repo, target.pullNumber, comment.body);
    }
  }
  const supersededBy = current.headSha === target.headSha ? {} : { supersededBy: current.headSha };
  await completeCheckRun(github, repo, checkRunId, { conclusion: outcome.conclusion, output: renderCheckRun(report, outcome, { link, ...supersededBy }) });
}

function valid(loaded: ConfigAtCommit) {
  if (loaded.kind !== "valid") throw new Error("unreachable: invalid configs return early");
  return loaded;
}

/**
 * Drops files `paths:` excludes and files no extractor could find usage in on either side (the CLI's
 * prefilter, so both price the same files). Skipped files stay, so the report lists them.
 */
function keepUsage(changeSet: ChangeSet, mayHoldUsage: (path: string, text: string) => boolean, wanted: (path: string) => boolean): ChangeSet {
  const files = changeSet.files.filter((file) => {
    if (!wanted(file.path)) return false;
    const sides = [file.base, file.head].filter((side) => side !== null);
    return sides.some((side) => side.kind === "skipped" || mayHoldUsage(file.previousPath && side === file.base ? file.previousPath : file.path, side.text));
  });
  return { ...changeSet, files };
}

export function lineUrl(htmlUrl: string, sha: string, path: string, line: number): string {
  const file = `${htmlUrl}/blob/${sha}/${path.split("/").map(encodeURIComponent).join("/")}`;
  return line > 0 ? `${file}#L${line}` : file;
}
