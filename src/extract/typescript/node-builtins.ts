import { posix } from "node:path";
import { ts } from "ts-morph";
import { digest } from "../refs.js";
import { combineSources, dynamic, type SdkStep, type StringValue, type Value } from "./value.js";

const FS_MODULES = new Set(["fs", "node:fs", "fs/promises", "node:fs/promises"]);
const PATH_MODULES = new Set(["path", "node:path", "path/posix", "node:path/posix"]);

/** What a built-in call needs from the evaluator of the calling file. */
export interface CallingFile {
  evaluate(node: ts.Expression): Value;
  /** The calling file's folder, absolute with the repository root at "/". */
  readonly folder: string;
  readonly program?: { text(path: string): string | undefined } | undefined;
}

/**
 * Node built-ins that matter for prompts: reading a file at a static path (from the repository) and
 * joining paths. undefined: not one of them.
 */
export function builtinCall(module: string, steps: SdkStep[], node: ts.CallExpression, file: CallingFile): Value | undefined {
  const fn = steps
    .map((s) => (s.kind === "get" ? s.name : "()"))
    .filter((name) => name !== "default")
    .join(".");
  if (FS_MODULES.has(module) && (fn === "readFileSync" || fn === "readFile" || fn === "promises.readFile")) {
    return readFile(node.arguments[0], file);
  }
  if (PATH_MODULES.has(module) && (fn === "join" || fn === "resolve")) return joinPaths(fn, node, file);
  return undefined;
}

function joinPaths(fn: "join" | "resolve", node: ts.CallExpression, file: CallingFile): Value {
  const parts: StringValue[] = [];
  for (const arg of node.arguments) {
    const part = file.evaluate(arg);
    if (part.kind !== "string") return part.kind === "dynamic" ? part : dynamic(`a path built from a ${part.kind}`);
    parts.push(part);
  }
  const values = parts.map((p) => p.value);
  const joined = fn === "join" ? posix.join(...values) : posix.resolve("/", ...values);
  return { kind: "string", value: joined, ...combineSources(parts) };
}

function readFile(pathArg: ts.Expression | undefined, file: CallingFile): Value {
  if (!pathArg) return dynamic("a file read without a path");
  let written = fileUrlTarget(pathArg);
  if (written === undefined) {
    const target = file.evaluate(pathArg);
    if (target.kind !== "string") return dynamic(`a file read from ${target.kind === "dynamic" ? target.origin : `a ${target.kind}`}`);
    written = target.value;
  }
  // Relative paths are resolved from the calling file's folder first, then from the repository root.
  const candidates = written.startsWith("/") ? [written] : [posix.join(file.folder, written), posix.join("/", written)];
  for (const candidate of candidates) {
    const repoPath = candidate.slice(1);
    const text = file.program?.text(repoPath);
    if (text !== undefined) {
      return { kind: "string", value: text, source: "constant", names: [], file: repoPath, via: [{ path: repoPath, line: 1, name: repoPath, digest: digest(text) }] };
    }
  }
  return dynamic(`read from ${candidates[0]!.slice(1)} (not available)`);
}

/** `new URL("./prompt.md", import.meta.url)` → "./prompt.md" (relative to the calling file). */
function fileUrlTarget(node: ts.Expression): string | undefined {
  if (!ts.isNewExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== "URL") return undefined;
  const [relative, base] = node.arguments ?? [];
  if (!relative || !ts.isStringLiteralLike(relative) || !base || base.getText() !== "import.meta.url") return undefined;
  return relative.text;
}
