import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from "yaml";
import { yamlNestingReason } from "../extract/limits.js";
import { describeIssues, formatPath, type ConfigIssue } from "./issues.js";
import { defaultConfig, repoConfigSchemaFor, type RepoConfig, type RuleOptionSchemas } from "./schema.js";

/** Something wrong in the config file. line/column are 1-based; 0 when the config came without its text. */
export interface ConfigError {
  path: string;
  line: number;
  column: number;
  message: string;
}

export interface ConfigOptions {
  /** The file's repo-relative path, for messages, e.g. ".github/bedrock-cost.yml". */
  path: string;
  /** Option schema of every registered rule, by rule id (without `level`). */
  ruleOptions: RuleOptionSchemas;
}

/** Where the config file lives in a repository. */
export const CONFIG_PATH = ".github/bedrock-cost.yml";

/** A config, or the defaults and what is wrong: with any error, callers refuse to run or report it. */
export interface LoadedConfig {
  config: RepoConfig;
  errors: ConfigError[];
  /** The file as written, before defaults ({} when empty or invalid): tells which sections it sets. */
  raw: Record<string, unknown>;
  /** The line of each entry of the config's lists (`usage.sites[2]` → 14), for warnings about an entry. */
  entryLines?: EntryLines;
}

/** `usage.sites[2]` → its line in the file. */
export type EntryLines = Record<string, number>;

/** The lists whose entries each match something (call sites, catalog models): a typo makes one match nothing. */
export const MATCHING_LISTS = [["usage", "sites"], ["pricing", "overrides"], ["pricing", "models"]] as const;

function entryLinesOf(doc: Document, lineOf: (offset: number) => number): EntryLines {
  const lines: EntryLines = {};
  for (const list of MATCHING_LISTS) {
    const node = doc.getIn(list, true);
    if (!isSeq(node)) continue;
    node.items.forEach((item, index) => {
      if (isNode(item) && item.range) lines[`${list.join(".")}[${index}]`] = lineOf(item.range[0]);
    });
  }
  return lines;
}

type Position = { line: number; column: number };
type Locate = (issue: ConfigIssue) => Position;

/** Parses and validates the YAML text of the config file; every error is located in the text. */
export function parseConfig(text: string, opts: ConfigOptions): LoadedConfig {
  const refuse = (message: string, at: Position = { line: 1, column: 1 }): LoadedConfig => ({ config: defaultConfig(), errors: [{ path: opts.path, ...at, message }], raw: {} });
  const tooDeep = yamlNestingReason(text);
  if (tooDeep) return refuse(`not read: ${tooDeep}`);
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    // merge: `<<` keys, as Probot's js-yaml reads them; uniqueKeys: a duplicate key is an error, not "last wins".
    doc = parseDocument(text, { lineCounter, merge: true, uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    return refuse(`not read: the YAML parser failed (${firstLine(e instanceof Error ? e.message : String(e))})`);
  }
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const yamlProblems = [...doc.errors, ...doc.warnings];
  if (yamlProblems.length > 0) {
    const errors = yamlProblems.map((e) => ({
      path: opts.path,
      ...position(e.pos[0]),
      // yaml's own advice for this one names its API; say what to fix in the file instead.
      message: e.code === "MULTIPLE_DOCS" ? 'the file must hold one YAML document; remove the second "---"' : firstLine(e.message),
    }));
    return { config: defaultConfig(), errors, raw: {} };
  }
  // Keys are names: a map or list as a key is no setting, and turning it into a string costs time exponential in its depth.
  const complexKey = firstComplexKey(doc);
  if (complexKey) return refuse("a key must be a plain name, not a map or list", complexKey.range ? position(complexKey.range[0]) : undefined);
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (e) {
    // yaml refuses documents whose aliases expand too far (a resource-exhaustion guard).
    return { config: defaultConfig(), errors: [{ path: opts.path, line: 1, column: 1, message: firstLine(e instanceof Error ? e.message : String(e)) }], raw: {} };
  }
  const loaded = validate(value, opts, (issue) => position(offsetOf(doc, issue)));
  const entryLines = loaded.errors.length > 0 ? {} : entryLinesOf(doc, (offset) => position(offset).line);
  return Object.keys(entryLines).length > 0 ? { ...loaded, entryLines } : loaded;
}

function firstComplexKey(doc: Document): Node | undefined {
  let found: Node | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isNode(pair.key) && !isScalar(pair.key)) {
        found = pair.key;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Validates a config that arrives already parsed (Probot's `context.config`); errors carry no line. */
export function validateConfigObject(value: unknown, opts: ConfigOptions): LoadedConfig {
  return validate(value, opts, () => ({ line: 0, column: 0 }));
}

/** `.github/bedrock-cost.yml:3:5: usage.defaults.cache_hit_rate: must be at most 1, got number 1.5` */
export function formatConfigError(e: ConfigError): string {
  return e.line > 0 ? `${e.path}:${e.line}:${e.column}: ${e.message}` : `${e.path}: ${e.message}`;
}

function validate(value: unknown, opts: ConfigOptions, locate: Locate): LoadedConfig {
  // An empty file (or one with only comments) parses to null: all defaults.
  const input = value ?? {};
  if (typeof input !== "object" || Array.isArray(input)) {
    const got = Array.isArray(input) ? "a list" : `a ${typeof input}`;
    const message = `the top level must be a mapping of sections (usage, pricing, policy, rules, paths, comment), got ${got}`;
    return { config: defaultConfig(), errors: [{ path: opts.path, ...locate({ path: [], atKey: false, message }), message }], raw: {} };
  }
  const result = repoConfigSchemaFor(opts.ruleOptions).safeParse(input, { reportInput: true });
  if (result.success) return { config: result.data, errors: [], raw: input as Record<string, unknown> };
  const errors = describeIssues(result.error.issues).map((issue) => ({
    path: opts.path,
    ...locate(issue),
    message: withPath(issue),
  }));
  return { config: defaultConfig(), errors, raw: {} };
}

function withPath(issue: ConfigIssue): string {
  // An unknown key is named in the message: prefix the mapping that holds it, not the key again.
  const where = formatPath(issue.atKey ? issue.path.slice(0, -1) : issue.path);
  return where ? `${where}: ${issue.message}` : issue.message;
}

/** Start offset of the node an issue points at, or of its nearest existing parent. */
function offsetOf(doc: Document, issue: ConfigIssue): number {
  if (issue.atKey) {
    const key = keyNode(doc, issue.path);
    if (key?.range) return key.range[0];
  }
  for (let depth = issue.path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(issue.path.slice(0, depth), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

function keyNode(doc: Document, path: Array<string | number>): Node | undefined {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const name = path[path.length - 1];
  const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === name);
  return isNode(pair?.key) ? pair.key : undefined;
}

function firstLine(message: string): string {
  return message.split("\n")[0]!;
}
