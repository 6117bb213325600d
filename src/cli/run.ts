import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { folderTree, gitTree, isFolder, isGitRepo } from "../changeset/tree.js";
import { SourceError, emptyTree, type SourceTree } from "../repository/source.js";
import { analyzeTrees, ConfigInvalidError } from "../pipeline/analyze-trees.js";
import { renderJson } from "../report/json.js";
import { renderMarkdown } from "../report/markdown.js";
import { renderSarif } from "../report/sarif.js";
import { renderTable } from "../report/table.js";
import { allRules } from "../engine/registry.js";
import type { Report } from "../model/report.js";
import type { PolicyOutcome } from "../policy/evaluate.js";
import { ruleDocUrl } from "../report/rule-docs.js";
import { explainRule, listModels, packageVersion } from "./info.js";

export interface CliIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

const FORMATS = ["markdown", "json", "table", "sarif"] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `Usage:
  bedrock-cost diff --base <dir|git-ref> --head <dir|git-ref> [--repo DIR] [--config FILE] [--format markdown|json|table|sarif]
  bedrock-cost scan [DIR] [--config FILE] [--format markdown|json|table|sarif]
  bedrock-cost explain [rule-id]
  bedrock-cost models [--format table|json]
  Any command: --debug prints the stack trace of an internal error.

diff prices the Bedrock usage in the files that differ between two folders or git revisions
(a git ref is looked up in --repo, default the current folder); scan prices a whole folder.
Usage assumptions come from the head side's .github/bedrock-cost.yml (or --config).
Exit codes: 0 done, 1 the policy in the config failed, 2 bad input, 3 internal error
(a bug or a failure of the machine; one sentence on stderr, the stack with --debug).
`;

/** Exit codes, so CI can tell a verdict from bad input from a crash. */
export const EXIT = { done: 0, policyFailed: 1, badInput: 2, internalError: 3 } as const;

/** Runs one CLI invocation; returns the exit code. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const debug = argv.includes("--debug");
  try {
    return await dispatch(argv.filter((arg) => arg !== "--debug"), io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof SourceError || error instanceof ConfigInvalidError) {
      io.stderr(`bedrock-cost: ${error.message}\n`);
      return EXIT.badInput;
    }
    io.stderr(internalError(error, debug));
    return EXIT.internalError;
  }
}

/** One sentence for an error that is not the user's; the stack only when asked for. */
export function internalError(error: unknown, debug: boolean): string {
  const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
  const detail = debug ? `\n${error instanceof Error && error.stack ? error.stack : String(error)}` : " (run again with --debug for the stack trace)";
  return `bedrock-cost: internal error: ${message}${detail}\n`;
}

class UsageError extends Error {}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    io.stdout(USAGE);
    return command ? EXIT.done : EXIT.badInput;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        base: { type: "string" },
        head: { type: "string" },
        repo: { type: "string" },
        config: { type: "string" },
        format: { type: "string" },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  switch (command) {
    case "diff": {
      if (!values.base || !values.head) throw new UsageError(`diff needs --base and --head\n\n${USAGE}`);
      const repo = resolve(io.cwd, values.repo ?? ".");
      const base = await openTree(values.base, repo, io.cwd);
      const head = await openTree(values.head, repo, io.cwd);
      const result = await analyzeTrees(base, head, { mode: "diff", configFile: values.config && resolve(io.cwd, values.config) });
      return emit(result, format(values.format, "markdown"), io);
    }
    case "scan": {
      if (positionals.length > 1) throw new UsageError(`scan takes one folder, got ${positionals.length}`);
      const dir = resolve(io.cwd, positionals[0] ?? ".");
      if (!(await isFolder(dir))) throw new UsageError(`${positionals[0] ?? "."} is not a folder`);
      const result = await analyzeTrees(emptyTree, folderTree(dir, `folder ${dir}`, { contentIds: false }), { mode: "scan", configFile: values.config && resolve(io.cwd, values.config) });
      return emit(result, format(values.format, "table"), io);
    }
    case "explain": {
      const id = positionals[0];
      const text = explainRule(id);
      if (!text) throw new UsageError(`unknown rule "${id}"; "bedrock-cost explain" lists the rule ids`);
      io.stdout(text);
      return EXIT.done;
    }
    case "models":
      io.stdout(listModels(format(values.format, "table") === "json" ? "json" : "table"));
      return EXIT.done;
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

function render(report: Report, fmt: Format): string {
  switch (fmt) {
    case "json":
      return renderJson(report);
    case "table":
      return renderTable(report);
    case "sarif":
      return renderSarif(report, { rules: allRules(), version: packageVersion(), helpUri: ruleDocUrl });
    case "markdown":
      return renderMarkdown(report) + "\n";
  }
}

function format(value: string | undefined, fallback: Format): Format {
  if (value === undefined) return fallback;
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(`--format must be one of ${FORMATS.join(", ")}; got "${value}"`);
}

/** A side is a folder when one exists at that path, otherwise a git revision of --repo. */
async function openTree(spec: string, repo: string, cwd: string): Promise<SourceTree> {
  const asFolder = resolve(cwd, spec);
  if (await isFolder(asFolder)) return folderTree(asFolder, `folder ${spec}`);
  if (!isGitRepo(repo)) throw new UsageError(`"${spec}" is not a folder, and ${repo} is not a git repository to look it up in`);
  return gitTree(repo, spec);
}

/** Prints the report; the exit code follows the policy in the config, so the CLI can gate any CI. */
function emit({ report, outcome }: { report: Report; outcome: PolicyOutcome }, fmt: Format, io: CliIo): number {
  io.stdout(render(report, fmt));
  if (outcome.conclusion !== "failure") return EXIT.done;
  io.stderr(`bedrock-cost: policy failed:\n${outcome.reasons.map((r) => `  ${r.message}`).join("\n")}\n`);
  return EXIT.policyFailed;
}
