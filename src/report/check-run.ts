import { formatConfigError, type ConfigError } from "../config/load.js";
import type { Finding, Level, Report, ResourceChange, SiteChange } from "../model/report.js";
import type { PolicyOutcome } from "../policy/evaluate.js";
import { renderMarkdown } from "./markdown.js";
import { signedPercent, signedUsdPerMonth, usdPerMonth } from "./money.js";

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  title?: string;
  message: string;
}

/** A check run's `output`, before batching: every annotation, however many. */
export interface CheckRunOutput {
  title: string;
  summary: string;
  text?: string;
  annotations: CheckAnnotation[];
}

/** GitHub's limits: 65,535 characters for summary and text, 255 for the title. */
export const CHECK_TEXT_MAX_CHARS = 65_535;
const TITLE_MAX_CHARS = 255;

const ANNOTATION_LEVEL: Record<Level, CheckAnnotation["annotation_level"]> = { error: "failure", warning: "warning", notice: "notice" };

export interface CheckRunRenderOptions {
  link?: (path: string, line: number) => string;
  /** The newer head SHA when the PR moved on while this commit was analysed. */
  supersededBy?: string;
}

/**
 * The check run for an analysed commit: title = headline, summary = why it passes or fails with each
 * limit and where it is set, text = the full report as markdown, annotations = every finding plus one
 * notice per changed call site with its price change, so the run holds every row a trimmed comment drops.
 */
export function renderCheckRun(report: Report, outcome: PolicyOutcome, options: CheckRunRenderOptions = {}): CheckRunOutput {
  const headline = headlineOf(report);
  const title = outcome.conclusion === "failure" ? `Fails policy: ${headline}` : outcome.reasons.length > 0 ? `${headline} (not enforced)` : headline;
  const summary = [
    `**${headline}** per month, base → head.`,
    ...(outcome.reasons.length > 0 ? ["", outcome.conclusion === "failure" ? "### Why it fails" : "### Would fail", ...outcome.reasons.map((reason) => `- ${reason.message}`)] : []),
    ...(outcome.notes.length > 0 ? ["", ...outcome.notes.map((note) => `> ${note}`)] : []),
    ...(options.supersededBy ? ["", `> The pull request has moved on to ${options.supersededBy.slice(0, 7)}; this run reports on its own commit only and left the PR comment to the newer run.`] : []),
  ].join("\n");
  return {
    title: clip(title, TITLE_MAX_CHARS),
    summary: clip(summary, CHECK_TEXT_MAX_CHARS),
    text: renderMarkdown(report, { ...(options.link ? { link: options.link } : {}), maxChars: CHECK_TEXT_MAX_CHARS }),
    annotations: [...report.findings.map(findingAnnotation), ...report.sites.flatMap(siteAnnotation), ...report.resources.flatMap(resourceAnnotation)],
  };
}

export function headlineOf(report: Report): string {
  const { delta, deltaPercent } = report.totals;
  const unpriced = report.totals.unpricedHead;
  const percent = deltaPercent === null ? "" : ` (${signedPercent(deltaPercent)})`;
  return `${signedUsdPerMonth(delta)}${percent}${unpriced > 0 ? `, plus ${unpriced} unpriced` : ""}`;
}

/** The config could not be read: `action_required`, each error located, annotated when it has a line. */
export function renderConfigErrors(errors: readonly ConfigError[], side: string): CheckRunOutput {
  return {
    title: `Invalid Bedrock cost config (${errors.length} ${errors.length === 1 ? "problem" : "problems"})`,
    summary: clip(
      [
        `The config on ${side} cannot be used, so this pull request was not reviewed. Fix the file and push again:`,
        "",
        ...errors.map((error) => `- \`${formatConfigError(error)}\``),
      ].join("\n"),
      CHECK_TEXT_MAX_CHARS,
    ),
    annotations: errors
      .filter((error) => error.line > 0)
      .map((error) => ({ path: error.path, start_line: error.line, end_line: error.line, annotation_level: "failure", title: "Invalid config", message: error.message })),
  };
}

/** The review could not finish (API failure after retries, a bug): say so instead of staying in progress. */
export function renderReviewFailure(error: unknown): CheckRunOutput {
  const message = error instanceof Error ? error.message : String(error);
  return {
    title: "The Bedrock cost review could not finish",
    summary: clip(
      `The review stopped with an error, so the cost of this change is unknown:\n\n\`\`\`\n${message}\n\`\`\`\n\nRe-run this check from the Checks tab; if it keeps failing, the app's logs have the details.`,
      CHECK_TEXT_MAX_CHARS,
    ),
    annotations: [],
  };
}

function findingAnnotation(finding: Finding): CheckAnnotation {
  const savings = finding.monthlySavings !== null ? ` (saves ${usdPerMonth(finding.monthlySavings)})` : "";
  return {
    path: finding.path,
    start_line: finding.line,
    end_line: Math.max(finding.line, finding.endLine),
    annotation_level: ANNOTATION_LEVEL[finding.level],
    title: clip(`${finding.ruleId}${savings}`, TITLE_MAX_CHARS),
    message: `${finding.message}\n\n${finding.why}\n\nFix: ${finding.fix}`,
  };
}

function siteAnnotation(site: SiteChange): CheckAnnotation[] {
  const side = site.head ?? site.base;
  if (site.change === "unchanged" || !side) return [];
  const before = site.base?.monthlyCost;
  const after = site.head?.monthlyCost;
  const cost = (value: number | null | undefined, exists: boolean) => (!exists ? "none" : value === null || value === undefined ? "cannot price" : usdPerMonth(value));
  const model = (site.head ?? site.base)?.model.id ?? "dynamic model";
  return [
    {
      path: side.path,
      start_line: side.line,
      end_line: Math.max(side.line, side.endLine),
      annotation_level: "notice",
      title: clip(`Bedrock call ${site.change}: ${site.monthlyDelta === null ? "cost change unknown" : signedUsdPerMonth(site.monthlyDelta)}`, TITLE_MAX_CHARS),
      message: `${model}: ${cost(before, site.base !== null)} → ${cost(after, site.head !== null)}${site.head?.unpriced ? `. Cannot price: ${site.head.unpriced}` : ""}`,
    },
  ];
}

function resourceAnnotation(resource: ResourceChange): CheckAnnotation[] {
  const side = resource.head ?? resource.base;
  if (resource.change === "unchanged" || !side) return [];
  return [
    {
      path: side.path,
      start_line: side.line,
      end_line: side.line,
      annotation_level: "notice",
      title: clip(`${side.type} ${resource.change}: ${resource.monthlyDelta === null ? "cost change unknown" : signedUsdPerMonth(resource.monthlyDelta)}`, TITLE_MAX_CHARS),
      message: side.unpriced ? `Cannot price: ${side.unpriced}` : `${side.name}: ${side.monthlyCost === null ? "cannot price" : usdPerMonth(side.monthlyCost)}`,
    },
  ];
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
