import type { UsageAnnotation } from "../model/call-site.js";
import type { Problem } from "../model/location.js";

/** `bedrock-cost-ignore <rule-id> -- <reason>` silences one finding on its line or the line below. */
export interface Suppression {
  line: number;
  ruleId: string;
  reason: string;
}

/** The comment directives of one file, by line. Language-agnostic: `//`, `/* … *\/` and `#` comments. */
export interface FileDirectives {
  /** `bedrock-cost: key=value …` annotations keyed by their 1-based line. */
  annotations: Map<number, UsageAnnotation>;
  suppressions: Suppression[];
  /** Malformed directives, located; the directive is ignored. */
  problems: Problem[];
  /** Lines (1-based) that hold nothing but a comment, so an annotation can stand a few comment lines above a call. */
  commentOnlyLines: Set<number>;
}

// A directive must follow a comment opener on its line; this keeps `"bedrock-cost:"` in strings out
// unless it is also in a comment, which is harmless since directives are only read above call sites.
const COMMENT = /(?:\/\/|\/\*|#)\s*(bedrock-cost(?:-ignore)?)(:|\s)(.*)$/;
const COMMENT_ONLY = /^\s*(?:\/\/|\/\*|\*|#)/;
const PAIR = /^([a-z_][a-z0-9_]*)=(\S+)$/;
const RULE_ID = /^[a-z][a-z0-9-]*$/;

export function scanDirectives(path: string, text: string): FileDirectives {
  const result: FileDirectives = {
    annotations: new Map(),
    suppressions: [],
    problems: [],
    commentOnlyLines: new Set(),
  };
  // Directives are rare: skip the per-line scan entirely unless the marker occurs.
  const hasMarker = text.includes("bedrock-cost");
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    if (COMMENT_ONLY.test(raw)) result.commentOnlyLines.add(lineNo);
    if (!hasMarker || !raw.includes("bedrock-cost")) continue;
    const m = COMMENT.exec(raw);
    if (!m) continue;
    const body = m[3]!.replace(/\*\/\s*$/, "").trim();
    if (m[1] === "bedrock-cost" && m[2] === ":") {
      const annotation = parseAnnotation(path, lineNo, body, result.problems);
      if (annotation) result.annotations.set(lineNo, annotation);
    } else if (m[1] === "bedrock-cost-ignore") {
      const suppression = parseSuppression(path, lineNo, body, result.problems);
      if (suppression) result.suppressions.push(suppression);
    }
  }
  return result;
}

function parseAnnotation(path: string, line: number, body: string, problems: Problem[]): UsageAnnotation | undefined {
  const fields: Record<string, string> = {};
  for (const token of body.split(/\s+/).filter(Boolean)) {
    const pair = PAIR.exec(token);
    if (!pair) {
      problems.push({ path, line, warning: true, message: `bedrock-cost annotation: expected key=value, got "${token}"; annotation ignored` });
      return undefined;
    }
    fields[pair[1]!] = pair[2]!;
  }
  if (Object.keys(fields).length === 0) {
    problems.push({ path, line, warning: true, message: "bedrock-cost annotation has no key=value pairs; annotation ignored" });
    return undefined;
  }
  return { line, fields };
}

function parseSuppression(path: string, line: number, body: string, problems: Problem[]): Suppression | undefined {
  const [head, ...rest] = body.split("--");
  const ruleId = (head ?? "").trim();
  const reason = rest.join("--").trim();
  if (!RULE_ID.test(ruleId)) {
    problems.push({ path, line, warning: true, message: `bedrock-cost-ignore needs a rule id, e.g. "bedrock-cost-ignore uncapped-max-tokens -- reason"` });
    return undefined;
  }
  if (!reason) {
    problems.push({ path, line, warning: true, message: `bedrock-cost-ignore ${ruleId} needs a reason after "--"; suppression ignored` });
    return undefined;
  }
  return { line, ruleId, reason };
}

/**
 * The annotation that applies to a call whose statement starts on `statementLine`: one on that line,
 * or in the run of comment-only lines directly above it.
 */
export function annotationFor(directives: FileDirectives, statementLine: number): UsageAnnotation | undefined {
  const same = directives.annotations.get(statementLine);
  if (same) return same;
  for (let line = statementLine - 1; line >= 1 && directives.commentOnlyLines.has(line); line--) {
    const found = directives.annotations.get(line);
    if (found) return found;
  }
  return undefined;
}
