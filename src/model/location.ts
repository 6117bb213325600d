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
}
