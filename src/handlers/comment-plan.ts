import type { CommentSettings } from "./types.js";
import type { Report } from "../model/report.js";
import { renderMarkdown, type MarkdownOptions } from "../report/markdown.js";
import { unanalysedFiles } from "../policy/evaluate.js";
import { COMMENT_MARKER, COMMENT_MAX_CHARS } from "../github/sticky-comment.js";

/**
 * What to do with the PR comment:
 * - publish: write it as `comment.behavior` says;
 * - update-existing: refresh a comment already there, never start one (trivial change, or no Bedrock
 *   usage left: stale numbers must not stay up);
 * - none: `comment.behavior: off`.
 */
export type CommentPlan = { kind: "publish" | "update-existing"; body: string } | { kind: "none" };

/** The body budget left after the hidden marker line. */
export const COMMENT_BODY_MAX_CHARS = COMMENT_MAX_CHARS - COMMENT_MARKER.length - 1;

export function planComment(
  report: Report,
  settings: CommentSettings,
  headSha: string,
  link: NonNullable<MarkdownOptions["link"]>,
): CommentPlan {
  if (settings.behavior === "off") return { kind: "none" };
  if (!touchesBedrock(report)) {
    // "No Bedrock usage" is only known when every file was read; otherwise say what was not.
    const unanalysed = unanalysedFiles(report);
    if (unanalysed.length > 0) {
      const reasons = [`${unanalysed.length} ${unanalysed.length === 1 ? "file" : "files"} could not be analysed: ${listPaths(unanalysed)}.`];
      return {
        kind: "update-existing",
        body: [
          "### Bedrock cost",
          "",
          `As of ${headSha.slice(0, 7)}, this pull request could not be fully analysed, so its effect on the monthly cost is unknown. No Bedrock usage changes were found in the files that were read. Earlier figures in this comment no longer apply.`,
          "",
          ...reasons.map((reason) => `- ${reason}`),
        ].join("\n"),
      };
    }
    return {
      kind: "update-existing",
      body: `### Bedrock cost\n\nAs of ${headSha.slice(0, 7)}, this pull request no longer changes any Bedrock usage, so it does not change the monthly cost. Earlier figures in this comment no longer apply.`,
    };
  }
  const body = renderMarkdown(report, { link, maxChars: COMMENT_BODY_MAX_CHARS });
  return { kind: isTrivial(report, settings.min_delta_usd) ? "update-existing" : "publish", body };
}

const LISTED_PATHS = 20;

function listPaths(paths: readonly string[]): string {
  const listed = paths.slice(0, LISTED_PATHS).map((path) => `\`${path}\``).join(", ");
  return paths.length > LISTED_PATHS ? `${listed} and ${paths.length - LISTED_PATHS} more` : listed;
}

/** Any changed call site or resource, or any finding. */
export function touchesBedrock(report: Report): boolean {
  return (
    report.sites.some((site) => site.change !== "unchanged") ||
    report.resources.some((resource) => resource.change !== "unchanged") ||
    report.findings.length > 0
  );
}

// Unknown is never trivial: an unpriced change or a finding always gets a comment.
function isTrivial(report: Report, minDeltaUsd: number | undefined): boolean {
  if (minDeltaUsd === undefined || Math.abs(report.totals.delta) >= minDeltaUsd) return false;
  const unpriced = [...report.sites, ...report.resources].some((change) => change.change !== "unchanged" && change.monthlyDelta === null);
  return !unpriced && report.findings.length === 0;
}
