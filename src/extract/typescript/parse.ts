import { ts } from "ts-morph";
import type { Problem } from "../../model/location.js";
import { nestingProblem } from "../limits.js";

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  ".ts": ts.ScriptKind.TS,
  ".mts": ts.ScriptKind.TS,
  ".cts": ts.ScriptKind.TS,
  ".tsx": ts.ScriptKind.TSX,
  ".js": ts.ScriptKind.JS,
  ".mjs": ts.ScriptKind.JS,
  ".cjs": ts.ScriptKind.JS,
  ".jsx": ts.ScriptKind.JSX,
};

const DECLARATION_FILE = /\.d\.[mc]?ts$/;

/** The extension this parser reads the path as, or undefined when the path is not TS/JS source. */
export function sourceExtension(path: string): string | undefined {
  if (DECLARATION_FILE.test(path)) return undefined;
  const dot = path.lastIndexOf(".");
  const extension = dot === -1 ? "" : path.slice(dot);
  return Object.hasOwn(SCRIPT_KINDS, extension) ? extension : undefined;
}

export function isJavaScript(path: string): boolean {
  const extension = sourceExtension(path);
  return extension !== undefined && extension.includes("j");
}

/** Parses one file without a Program or type checker; a problem when it has syntax errors or nests too deeply. */
export function parseSource(path: string, text: string): { sourceFile: ts.SourceFile } | { problem: Problem } {
  const kind = SCRIPT_KINDS[sourceExtension(path) ?? ".ts"];
  // The parser recurses once per level: a file nested thousands deep would exhaust the stack.
  const tooDeep = nestingProblem(path, text);
  if (tooDeep) return { problem: tooDeep };
  // JSDoc is never read here: skipping its parsing saves a large share of parse time on commented code.
  const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
  const sourceFile = ts.createSourceFile(path, text, options, true, kind);
  // parseDiagnostics is not in the public typings, but it is how the parser reports syntax errors.
  const [first] = (sourceFile as unknown as { parseDiagnostics: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics;
  if (!first) return { sourceFile };
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start);
  const message = ts.flattenDiagnosticMessageText(first.messageText, " ");
  return { problem: { path, line: line + 1, column: character + 1, message: `syntax error: ${message}; file skipped` } };
}
