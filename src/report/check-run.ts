import { CONFIG_PATH, formatConfigError, type ConfigError } from "../config/load.js";
import type { Finding, Level, Report, ResourceChange, SiteChange } from "../model/report.js";
import type { PolicyOutcome } from "../policy/evaluate.js";
import { renderMarkdown, type MarkdownOptions } from "./markdown.js";
import { costSummary } from "./headline.js";
import { signedUsdPerMonth, usdPerMonth } from "./money.js";

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

/**
 * GitHub's limits: 65,535 bytes (UTF-8) for summary and text, 64 KB for an annotation message, 255
 * characters for a title.
 */
export const CHECK_TEXT_MAX_BYTES = 65_535;
export const ANNOTATION_MESSAGE_MAX_BYTES = 65_535;
const TITLE_MAX_CHARS = 255;
/** A UTF-16 code unit is at most 3 UTF-8 bytes (a surrogate pair, two units, is 4): this many characters always fit. */
const SAFE_TEXT_CHARS = Math.floor(CHECK_TEXT_MAX_BYTES / 3);

const ANNOTATION_LEVEL: Record<Level, CheckAnnotation["annotation_level"]> = { error: "failure", warning: "warning", notice: "notice" };

export interface CheckRunRenderOptions {
  /** URL of a line on one side: head lines at the head SHA, removed (base) lines at the merge base. */
  link?: MarkdownOptions["link"];
  /** The newer head SHA when the PR moved on while this commit was analysed. */
  supersededBy?: string;
  /** Why the PR comment could not be written, when it could not (the verdict stands regardless). */
  commentError?: string;
}

/**
 * The check run for an analysed commit: title = headline, summary = why it passes or fails with each
 * limit and where it is set, text = the full report as markdown, annotations = every finding plus one
 * notice per changed call site with its price change, so the run holds every row a trimmed comment drops.
 */
export function renderCheckRun(report: Report, outcome: PolicyOutcome, options: CheckRunRenderOptions = {}): CheckRunOutput {
  const headline = costSummary(report);
  const title = outcome.conclusion === "failure" ? `Fails policy: ${headline}` : outcome.reasons.length > 0 ? `${headline} (not enforced)` : headline;
  const summary = [
    `**${headline}**, base → head.`,
    ...(outcome.reasons.length > 0 ? ["", outcome.conclusion === "failure" ? "### Why it fails" : "### Would fail", ...outcome.reasons.map((reason) => `- ${reason.message}`)] : []),
    ...(outcome.notes.length > 0 ? ["", ...outcome.notes.map((note) => `> ${note}`)] : []),
    ...(options.supersededBy ? ["", `> The pull request has moved on to ${options.supersededBy.slice(0, 7)}; this run reports on its own commit only and left the PR comment to the newer run.`] : []),
    ...(options.commentError ? ["", `> The PR comment could not be written (${options.commentError}); this check run has the full report.`] : []),
  ].join("\n");
  return {
    title: clip(title, TITLE_MAX_CHARS),
    summary: clipBytes(summary, CHECK_TEXT_MAX_BYTES),
    text: checkText(report, options.link),
    annotations: [
      ...report.findings.map(findingAnnotation),
      ...report.sites.flatMap(siteAnnotation),
      ...viaAnnotations(report),
      ...report.resources.flatMap(resourceAnnotation),
    ],
  };
}

/**
 * The report as markdown within GitHub's byte limit. renderMarkdown budgets characters, so a first try at
 * the full budget is shrunk by the ratio of bytes to characters it came out with; the last resort is a
 * budget that always fits (3 bytes per UTF-16 unit at most).
 */
function checkText(report: Report, link: CheckRunRenderOptions["link"]): string {
  // renderMarkdown's last-resort cut counts UTF-16 units and can halve an emoji: drop any lone half.
  const render = (maxChars: number) => dropLoneSurrogates(renderMarkdown(report, { ...(link ? { link } : {}), maxChars, target: "check-run" }));
  let budget = CHECK_TEXT_MAX_BYTES;
  for (let attempt = 0; attempt < 6 && budget > SAFE_TEXT_CHARS; attempt++) {
    const text = render(budget);
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes <= CHECK_TEXT_MAX_BYTES) return text;
    // Shrink by the text's own bytes per character, a little more each time so it converges.
    budget = Math.min(budget - 1, Math.floor((text.length * CHECK_TEXT_MAX_BYTES) / bytes) - 64 * (attempt + 1));
  }
  return clipBytes(render(SAFE_TEXT_CHARS), CHECK_TEXT_MAX_BYTES);
}

/** The config could not be read: `action_required`, each error located, annotated when it has a line. */
export function renderConfigErrors(errors: readonly ConfigError[], side: string): CheckRunOutput {
  return {
    title: `Invalid Bedrock cost config (${errors.length} ${errors.length === 1 ? "problem" : "problems"})`,
    summary: clipBytes(
      [
        `The config on ${side} cannot be used, so this pull request was not reviewed. Fix the file and push again:`,
        "",
        ...errors.map((error) => `- \`${formatConfigError(error)}\``),
      ].join("\n"),
      CHECK_TEXT_MAX_BYTES,
    ),
    // Annotations land on this commit's files: only errors in its own config file can have one.
    annotations: errors
      .filter((error) => error.line > 0 && error.path === CONFIG_PATH)
      .map((error) => ({ path: error.path, start_line: error.line, end_line: error.line, annotation_level: "failure", title: "Invalid config", message: clipBytes(error.message, ANNOTATION_MESSAGE_MAX_BYTES) })),
  };
}

/** The review could not finish (API failure after retries, a bug): say so instead of staying in progress. */
export function renderReviewFailure(error: unknown, options: { draft?: boolean } = {}): CheckRunOutput {
  const message = error instanceof Error ? error.message : String(error);
  const draft = options.draft ? "\n\n> Draft pull request: the check is neutral, never failed, until it is ready for review." : "";
  const rateLimited = isRateLimit(error)
    ? "GitHub rate-limited the app's API requests and the limit did not lift in time (the app retries at most twice, and only when GitHub asks to wait under a minute). Re-run this check once the limit resets.\n\n"
    : "";
  return {
    title: rateLimited ? "The Bedrock cost review could not finish: GitHub rate limit" : "The Bedrock cost review could not finish",
    summary: clipBytes(
      `${rateLimited}The review stopped with an error, so the cost of this change is unknown:\n\n\`\`\`\n${message}\n\`\`\`\n\nRe-run this check from the Checks tab; if it keeps failing, the app's logs have the details.${draft}`,
      CHECK_TEXT_MAX_BYTES,
    ),
    annotations: [],
  };
}

/** A primary or secondary rate limit GitHub answered (403/429), or GraphQL's RATE_LIMITED. */
export function isRateLimit(error: unknown): boolean {
  const { status, message, response } = (error ?? {}) as { status?: unknown; message?: unknown; response?: { headers?: Record<string, unknown> } };
  if (typeof message === "string" && /rate limit/i.test(message)) return true;
  return (status === 403 || status === 429) && (response?.headers?.["x-ratelimit-remaining"] === "0" || response?.headers?.["retry-after"] !== undefined);
}

/** The review stopped before it finished (a Lambda's time limit, a server shutting down): neutral, never a verdict. */
export function renderStopped(stopped: { stop: "timeout" | "shutdown"; message: string }): CheckRunOutput {
  return {
    title: stopped.stop === "timeout" ? "The Bedrock cost review ran out of time" : "The Bedrock cost review was interrupted",
    summary: `The ${stopped.message}. The cost of this change is unknown, so this check neither passes nor fails.`,
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
    message: clipBytes(`${finding.message}\n\n${finding.why}\n\nFix: ${finding.fix}`, ANNOTATION_MESSAGE_MAX_BYTES),
  };
}

// Annotations land on the head commit's files: a removed call or resource (base side only) has no line
// there, so it is left out of the annotations; the report text lists it, linked to the merge base.
function siteAnnotation(site: SiteChange): CheckAnnotation[] {
  const side = site.head;
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
      message: clipBytes(`${model}: ${cost(before, site.base !== null)} → ${cost(after, site.head !== null)}${site.head?.unpriced ? `. Cannot price: ${site.head.unpriced}` : ""}`, ANNOTATION_MESSAGE_MAX_BYTES),
    },
  ];
}

/**
 * One annotation on each changed declaration that moved call sites elsewhere (a shared constant, a
 * client factory): the line the pull request changed says what it does to the bill, even when the
 * sites it moves are in files the pull request does not touch.
 */
function viaAnnotations(report: Report): CheckAnnotation[] {
  const byLine = new Map<string, { path: string; line: number; name: string; sites: SiteChange[] }>();
  for (const site of report.sites) {
    for (const ref of site.via ?? []) {
      if (ref.side !== "head") continue;
      const key = `${ref.path}:${ref.line}`;
      const entry = byLine.get(key) ?? { path: ref.path, line: ref.line, name: ref.name, sites: [] };
      entry.sites.push(site);
      byLine.set(key, entry);
    }
  }
  return [...byLine.values()].map(({ path, line, name, sites }) => {
    const known = sites.every((s) => s.monthlyDelta !== null);
    const delta = sites.reduce((sum, s) => sum + (s.monthlyDelta ?? 0), 0);
    const places = sites.map((s) => `${(s.head ?? s.base)!.path}:${(s.head ?? s.base)!.line}`);
    const shown = [...new Set(places)].slice(0, 5).join(", ");
    return {
      path,
      start_line: line,
      end_line: line,
      annotation_level: "notice" as const,
      title: clip(`${name} moves ${sites.length} Bedrock call site${sites.length === 1 ? "" : "s"}: ${known ? signedUsdPerMonth(Math.round(delta * 100) / 100) : "cost change unknown"}`, TITLE_MAX_CHARS),
      message: clipBytes(`Read by ${shown}${places.length > 5 ? ` and ${places.length - 5} more` : ""}.`, ANNOTATION_MESSAGE_MAX_BYTES),
    };
  });
}

function resourceAnnotation(resource: ResourceChange): CheckAnnotation[] {
  const side = resource.head;
  if (resource.change === "unchanged" || !side) return [];
  return [
    {
      path: side.path,
      start_line: side.line,
      end_line: side.line,
      annotation_level: "notice",
      title: clip(`${side.type} ${resource.change}: ${resource.monthlyDelta === null ? "cost change unknown" : signedUsdPerMonth(resource.monthlyDelta)}`, TITLE_MAX_CHARS),
      message: clipBytes(side.unpriced ? `Cannot price: ${side.unpriced}` : `${side.name}: ${side.monthlyCost === null ? "cannot price" : usdPerMonth(side.monthlyCost)}`, ANNOTATION_MESSAGE_MAX_BYTES),
    },
  ];
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never split a surrogate pair: a lone half is not valid UTF-8.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 2)) ? max - 2 : max - 1;
  return `${text.slice(0, end)}…`;
}

function dropLoneSurrogates(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "");
}

/** At most `maxBytes` of UTF-8, cut on a character boundary, "…" marking the cut. */
export function clipBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength("…", "utf8");
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, "utf8");
    if (bytes + size > budget) break;
    bytes += size;
    end += char.length;
  }
  return `${text.slice(0, end)}…`;
}
