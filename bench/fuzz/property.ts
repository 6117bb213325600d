import { performance } from "node:perf_hooks";
import { pathFilter } from "../../src/config/globs.js";
import { CONFIG_PATH, parseConfig, type LoadedConfig } from "../../src/config/load.js";
import { ruleOptionSchemas } from "../../src/engine/registry.js";
import { handlesPath, loadExtractors, mayContainUsage } from "../../src/extract/index.js";
import { skipsFile } from "../../src/model/location.js";
import type { Report } from "../../src/model/report.js";
import type { ChangeSet, FileContent } from "../../src/model/source-file.js";
import { analyzeChange } from "../../src/pipeline/analyze.js";
import type { FuzzInput } from "./inputs.js";

/**
 * The property every generated input must hold:
 *   (a) analyzeChange resolves;
 *   (b) every side of every input file is accounted for.
 * The report lists the files it could not analyse (`problems` ending "file skipped", `skipped`) and the
 * facts of those it did (`sites`, `resources`), but not an analysed file in which nothing was found. So a
 * side is accounted for when its path has a problem or skipped entry, or facts on that side; or it is known
 * to hold nothing — no extractor reads the path, the config's `paths` leave it out, or the engine's own
 * prefilter rules it out; or, for the rest, its extractors run on it alone find no fact and no reason to skip
 * it either. A side whose extractors alone find something the report does not show was dropped silently.
 */

/** How one file side was accounted for, and why each file was not analysed (by category). */
export interface Outcome {
  ms: number;
  accounted: string[];
  notAnalysed: Array<{ category: string; message: string }>;
}

/** A broken property; `kind` groups failures of one cause (no paths, no numbers), the message says which input. */
export class PropertyFailure extends Error {
  override name = "PropertyFailure";
  constructor(
    readonly kind: string,
    readonly detail: string,
  ) {
    super(`${kind}: ${detail}`);
  }
}

/** An error thrown out of the code under test, as a failure. */
function thrown(what: string, error: unknown): PropertyFailure {
  const first = error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error);
  return new PropertyFailure(`${what} threw ${first.replace(/\d+/g, "N").slice(0, 120)}`, error instanceof Error ? (error.stack ?? first) : first);
}

const ruleOptions = ruleOptionSchemas();

export function loadConfig(text: string): LoadedConfig {
  return parseConfig(text, { path: CONFIG_PATH, ruleOptions });
}

/** (a) and (b) for one input; throws a PropertyFailure when either fails. */
export async function checkInput(input: Pick<FuzzInput, "mode" | "config" | "changeSet">): Promise<Outcome> {
  const loaded = loadConfig(input.config);
  if (loaded.errors.length > 0) throw new Error(`the generator made an invalid config: ${loaded.errors[0]!.message}`);
  const start = performance.now();
  let report: Report;
  try {
    report = await analyzeChange(input.changeSet, { config: loaded.config, configPath: input.config ? CONFIG_PATH : null, mode: input.mode });
  } catch (error) {
    throw thrown("analyzeChange", error);
  }
  const ms = performance.now() - start;
  const accounted: string[] = [];
  const wanted = pathFilter(loaded.config.paths);
  const listed = new Set([...report.skipped.map((s) => s.path), ...report.problems.map((p) => p.path)]);
  const facts = factPaths(report);
  for (const file of input.changeSet.files) {
    for (const side of ["base", "head"] as const) {
      const content = file[side];
      if (content === null) continue;
      const path = side === "base" ? (file.previousPath ?? file.path) : file.path;
      // A renamed file's problems may name either of its paths.
      const how = listed.has(path) || listed.has(file.path) ? "listed" : facts[side].has(path) ? "facts" : await knownEmpty(path, content, wanted);
      if (how instanceof PropertyFailure) throw new PropertyFailure(how.kind, `${path} (${side} side): ${how.detail}`);
      accounted.push(how);
    }
  }
  return { ms, accounted, notAnalysed: notAnalysed(report) };
}

/** The paths each side's facts are in: sites, the callers they are reached through, resources. */
function factPaths(report: Report): Record<"base" | "head", Set<string>> {
  const out = { base: new Set<string>(), head: new Set<string>() };
  for (const side of ["base", "head"] as const) {
    for (const site of report.sites) {
      const s = site[side];
      if (!s) continue;
      out[side].add(s.path);
      for (const caller of s.callers ?? []) out[side].add(caller.path);
    }
    for (const resource of report.resources) if (resource[side]) out[side].add(resource[side].path);
  }
  return out;
}

/** Why a side with nothing in the report holds nothing, or the failure when its extractors alone find something. */
async function knownEmpty(path: string, content: FileContent, wanted: (path: string) => boolean): Promise<string | PropertyFailure> {
  if (content.kind === "skipped") return new PropertyFailure("dropped silently (not read as text)", "missing from the report's skipped files");
  const extractors = await loadExtractors();
  if (!handlesPath(extractors, path)) return "not a source";
  if (!wanted(path)) return "left out by paths";
  if (!mayContainUsage(extractors, path, content.text)) return "prefilter";
  const file = { path, text: content.text };
  const own = extractors.callSites.filter((e) => e.handles(path)).map((e) => e.extract(file));
  const iac = extractors.iac.handles(path) ? extractors.iac.extract([file]) : { resources: [], problems: [] };
  const sites = own.reduce((n, r) => n + r.sites.length, 0);
  const skip = [...own.flatMap((r) => r.problems), ...iac.problems].find(skipsFile);
  if (sites + iac.resources.length > 0) return new PropertyFailure("dropped silently (facts)", `alone, it has ${sites} site(s) and ${iac.resources.length} resource(s)`);
  if (skip) return new PropertyFailure(`dropped silently (${category(skip.message)})`, `alone, it is not analysed: ${skip.message}`);
  return "analysed, nothing found";
}

/** Reasons a file was not analysed, in the words of limits.ts and the parsers. */
const CATEGORIES: Array<[RegExp, string]> = [
  [/brackets nest/, "brackets nest too deep"],
  [/blocks are indented/, "indentation too deep"],
  [/nests deeper than|call stack ran out/, "evaluation nests too deep"],
  [/took longer than/, "time budget"],
  [/aliases expand|refers to a node that contains it/, "YAML aliases"],
  [/Maximum call stack size exceeded/, "parser ran out of stack"],
  [/syntax error|Python 2 syntax/i, "syntax error"],
  [/could not be parsed|returned no tree/, "parser gave no tree"],
  [/extractor failed/, "extractor failed (caught)"],
];

export function category(message: string): string {
  return CATEGORIES.find(([pattern]) => pattern.test(message))?.[1] ?? "other";
}

function notAnalysed(report: Report): Outcome["notAnalysed"] {
  return [
    ...report.problems.filter(skipsFile).map((p) => ({ category: category(p.message), message: `${p.path}: ${p.message}` })),
    ...report.skipped.map((s) => ({ category: `skipped: ${s.reason}`, message: `${s.path}: ${s.reason}` })),
  ];
}

/** A scan of two small files (TypeScript, Terraform) that a config the loader accepts must not break. */
const CONFIG_PROBE: ChangeSet = {
  files: [
    { path: "src/ask.ts", status: "added", base: null, head: { kind: "text", text: 'import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";\nawait new BedrockRuntimeClient({}).send(new ConverseCommand({ modelId: "anthropic.claude-3-haiku-20240307-v1:0", messages: [] }));\n' } },
    { path: "infra/pt.tf", status: "added", base: null, head: { kind: "text", text: 'resource "aws_bedrock_provisioned_model_throughput" "pt" {\n  provisioned_model_name = "pt"\n  model_arn = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"\n  model_units = 1\n  commitment_duration = "OneMonth"\n}\n' } },
  ],
  notes: [],
};

/** (c) parseConfig returns errors, never throws; a config it accepts runs the engine under the same property. */
export async function checkConfig(text: string): Promise<{ accepted: boolean }> {
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig(text);
  } catch (error) {
    throw thrown("parseConfig", error);
  }
  if (!Array.isArray(loaded.errors) || loaded.errors.some((e) => typeof e.message !== "string" || !Number.isFinite(e.line))) {
    throw new PropertyFailure("parseConfig returned malformed errors", JSON.stringify(loaded.errors).slice(0, 200));
  }
  if (loaded.errors.length === 0) await checkInput({ mode: "scan", config: text, changeSet: CONFIG_PROBE });
  return { accepted: loaded.errors.length === 0 };
}
