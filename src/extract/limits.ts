import type { Problem } from "../model/location.js";

/**
 * The limits every extractor works within, so that one hostile or pathological file costs a line under
 * "Not analysed", never the review: nesting depth, evaluation steps per file, and time per file.
 * Hand-written code nests a few dozen levels; generated code a few hundred at most.
 */
export const MAX_NESTING = 500;
/** Time one file's extraction may take, checked as it evaluates (a worker's hard deadline backs this up). */
export const FILE_TIME_BUDGET_MS = 10_000;

/** A file exceeded a limit: the message says which, in words for the report. */
export class LimitExceeded extends Error {
  override name = "LimitExceeded";
}

/** What the file being extracted has used so far; undefined outside `guardFile`. */
interface FileWork {
  readonly path: string;
  readonly deadline: number;
  depth: number;
  steps: number;
}
let current: FileWork | undefined;

/** Paths that are not to be analysed at all, with why (a file that once stopped a worker, say). */
const refused = new Map<string, string>();
/** Told the path of each file as its extraction starts, and null when it ends (how a worker reports progress). */
let onProgress: ((path: string | null) => void) | undefined;

export function refuseFiles(reasons: ReadonlyMap<string, string>): void {
  refused.clear();
  for (const [path, reason] of reasons) refused.set(path, reason);
}

export function reportProgress(listener: ((path: string | null) => void) | undefined): void {
  onProgress = listener;
}

/**
 * Runs one file's extraction within the limits. Anything it throws — a limit, a stack exhausted inside a
 * parser, a bug — becomes one located problem ending in "file skipped", so the file is listed as not
 * analysed and the totals say they are incomplete. Nested calls (a file evaluated while another is
 * extracted) share the outer file's budget, and a failure is the outer file's.
 */
export function guardFile<T>(path: string, work: () => T, failed: (problem: Problem) => T): T {
  if (current) return work();
  const reason = refused.get(path);
  if (reason !== undefined) return failed({ path, message: `not analysed: ${reason}; file skipped` });
  onProgress?.(path);
  current = { path, deadline: Date.now() + FILE_TIME_BUDGET_MS, depth: 0, steps: 0 };
  try {
    return work();
  } catch (error) {
    return failed({ path, message: `${reasonOf(error)}; file skipped` });
  } finally {
    current = undefined;
    onProgress?.(null);
  }
}

/**
 * Called on entering each level of a recursive evaluation; `ascend` on leaving it (in a `finally`).
 * Throws LimitExceeded past MAX_NESTING levels or, checked every 1,024 steps, past the file's time budget.
 */
export function descend(what: string): void {
  if (!current) return;
  if (++current.depth > MAX_NESTING) throw new LimitExceeded(`${what} nests deeper than ${MAX_NESTING} levels`);
  if ((++current.steps & 1023) === 0 && Date.now() > current.deadline) {
    throw new LimitExceeded(`its analysis took longer than ${FILE_TIME_BUDGET_MS / 1000} s`);
  }
}

/** The part of a tree-sitter parser `parseWithinBudget` uses. */
interface CancellableParser<T> {
  parse(text: string, oldTree: null, options: { progressCallback: () => boolean }): T | null;
  reset(): void;
}

/**
 * A tree-sitter parse that stops once the current file's time budget is spent. A parse is one
 * WebAssembly call, which the checks in `descend` never interrupt, and some inputs take time quadratic
 * in their length (long runs of whitespace after an invalid token in HCL). Null when the parser gives no
 * tree for another reason.
 */
export function parseWithinBudget<T>(parser: CancellableParser<T>, text: string): T | null {
  const deadline = current?.deadline;
  let cancelled = false;
  const tree = parser.parse(text, null, { progressCallback: () => (cancelled = deadline !== undefined && Date.now() > deadline) });
  if (tree === null && cancelled) {
    parser.reset(); // a cancelled parse would otherwise resume on the next file's text
    throw new LimitExceeded(`parsing it took longer than ${FILE_TIME_BUDGET_MS / 1000} s`);
  }
  return tree;
}

export function ascend(): void {
  if (current) current.depth--;
}

/** `work` as one level of nesting (see descend). */
export function nested<T>(what: string, work: () => T): T {
  descend(what);
  try {
    return work();
  } finally {
    ascend();
  }
}

/**
 * The deepest bracket nesting in a text, strings and comments included: an over-estimate that only
 * refuses files no person writes, run before a parser whose recursion could exhaust the stack.
 */
export function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > deepest) deepest = depth;
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
  }
  return deepest;
}

/**
 * Indented blocks the Python grammar is run on. Its scanner keeps the indent stack in fixed memory: past
 * about 600 levels the WebAssembly traps and leaves the parser unusable for every later file.
 */
export const MAX_INDENTATION = 200;

/** The deepest stack of indentation levels in a text (Python's blocks), blank lines ignored. */
export function indentationDepth(text: string): number {
  const stack: number[] = [0];
  let deepest = 1;
  for (const line of text.split("\n")) {
    const width = line.length - line.trimStart().length;
    if (width === line.length) continue;
    while (width < stack.at(-1)!) stack.pop();
    if (width > stack.at(-1)!) stack.push(width);
    if (stack.length > deepest) deepest = stack.length;
  }
  return deepest - 1;
}

/**
 * An upper bound on a YAML text's nesting: per line, its indentation plus its block indicators (`- `,
 * `? `, `: `), plus the bracket depth of flow collections. The yaml library recurses per level, and past
 * about 1,000 block levels its scanner fails with a fatal out-of-memory error that kills the process (a
 * worker thread's included): this is checked before any YAML text is parsed.
 */
export function yamlNestingDepth(text: string): number {
  let deepest = 0;
  for (const line of text.split("\n")) {
    const indent = line.length - line.trimStart().length;
    if (indent === line.length) continue;
    let indicators = 0;
    for (const _ of line.matchAll(/(?:(?:^|\s)[-?]|:)(?=\s|$)/g)) indicators++;
    if (indent + indicators > deepest) deepest = indent + indicators;
  }
  return deepest + bracketDepth(text);
}

/** Why a YAML text is not parsed (it nests past MAX_NESTING), or undefined: for readers of YAML outside the extractors. */
export function yamlNestingReason(text: string): string | undefined {
  const depth = yamlNestingDepth(text);
  return depth > MAX_NESTING ? `it nests about ${depth} levels deep, more than the ${MAX_NESTING} YAML is read to` : undefined;
}

/**
 * A problem for a text that nests too deeply to parse (brackets; indented blocks too when `indented`;
 * YAML's block levels when `yaml`), or undefined.
 */
export function nestingProblem(path: string, text: string, options: { indented?: boolean; yaml?: boolean } = {}): Problem | undefined {
  if (options.yaml) {
    const reason = yamlNestingReason(text);
    return reason ? { path, message: `not analysed: ${reason}; file skipped` } : undefined;
  }
  const depth = bracketDepth(text);
  if (depth > MAX_NESTING) {
    return { path, message: `not analysed: brackets nest ${depth} levels deep, more than the ${MAX_NESTING} the parsers are run on; file skipped` };
  }
  const blocks = options.indented ? indentationDepth(text) : 0;
  if (blocks > MAX_INDENTATION) {
    return { path, message: `not analysed: blocks are indented ${blocks} levels deep, more than the ${MAX_INDENTATION} the Python parser is run on; file skipped` };
  }
  return undefined;
}

function reasonOf(error: unknown): string {
  if (error instanceof LimitExceeded) return `not analysed: ${error.message}`;
  if (error instanceof RangeError && /call stack/i.test(error.message)) return "not analysed: it nests too deeply to analyse (the call stack ran out)";
  const message = (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 200);
  return `not analysed: the extractor failed (${message})`;
}
