import { parseConfig } from "../../src/config/load.js";
import { ruleOptionSchemas } from "../../src/engine/registry.js";
import type { Report } from "../../src/model/report.js";
import type { ChangedFile, ChangeSet } from "../../src/model/source-file.js";
import { analyzeChange } from "../../src/pipeline/analyze.js";

/** Files as { path: text }; a missing side is an absent file. */
export type Files = Record<string, string>;

function config(yaml: string) {
  const loaded = parseConfig(yaml, { path: ".github/bedrock-cost.yml", ruleOptions: ruleOptionSchemas() });
  if (loaded.errors.length) throw new Error(`test config invalid: ${JSON.stringify(loaded.errors)}`);
  return loaded.config;
}

/** Runs the whole engine on in-memory files, as a scan of the head side. */
export function scanFiles(files: Files, yaml = ""): Promise<Report> {
  const changeSet: ChangeSet = {
    files: Object.entries(files).map(([path, text]) => ({ path, status: "added", base: null, head: { kind: "text", text } })),
    notes: [],
  };
  return analyzeChange(changeSet, { config: config(yaml), configPath: yaml ? ".github/bedrock-cost.yml" : null, mode: "scan" });
}

/** Runs the whole engine on a base/head pair of in-memory file sets. */
export function diffFiles(base: Files, head: Files, yaml = ""): Promise<Report> {
  const paths = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  const files: ChangedFile[] = paths
    .filter((path) => base[path] !== head[path])
    .map((path) => ({
      path,
      status: base[path] === undefined ? "added" : head[path] === undefined ? "removed" : "modified",
      base: base[path] === undefined ? null : { kind: "text", text: base[path]! },
      head: head[path] === undefined ? null : { kind: "text", text: head[path]! },
    }));
  return analyzeChange({ files, notes: [] }, { config: config(yaml), configPath: yaml ? ".github/bedrock-cost.yml" : null, mode: "diff" });
}
