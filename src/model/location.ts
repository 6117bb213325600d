/** A place in a source file. Lines and columns are 1-based; `path` is relative to the repository root. */
export interface SourceLocation {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Something the analysis could not do, with where and why. Never fatal, never silent. */
export interface Problem {
  path: string;
  line?: number;
  column?: number;
  message: string;
  /**
   * A located warning about something written for the tool (a `bedrock-cost:` annotation, a
   * suppression): the file was analysed, so the analysis is not incomplete for it.
   */
  warning?: true;
}

/**
 * Extractors end the message of a problem that made them skip the whole file with "file skipped"
 * (syntax errors, unreadable trees): the file's facts on that side are unknown, not absent.
 */
export function skipsFile(problem: Problem): boolean {
  return problem.message.endsWith("file skipped");
}

/** Adds each problem not already listed (the same annotation is read once per site it prices). */
export function addProblems(into: Problem[], problems: readonly Problem[]): void {
  for (const problem of problems) {
    if (!into.some((p) => p.path === problem.path && p.line === problem.line && p.message === problem.message)) into.push(problem);
  }
}
