import { readFile } from "node:fs/promises";
import { compareTrees } from "../changeset/compare.js";
import type { SourceTree } from "../changeset/tree.js";
import { formatConfigError, parseConfig, type LoadedConfig } from "../config/load.js";
import { ruleOptionSchemas } from "../engine/registry.js";
import { handlesPath, loadExtractors, mayContainUsage } from "../extract/index.js";
import type { Report } from "../model/report.js";
import { analyzeChange } from "./analyze.js";
import { CONFIG_PATH, effectiveConfig, pathFilter } from "./config-sides.js";

/** The config file is invalid: nothing is analysed under a config the user did not mean. */
export class ConfigInvalidError extends Error {}

export interface AnalyzeTreesOptions {
  mode: Report["mode"];
  /** A config file to use for both sides instead of each side's .github/bedrock-cost.yml. */
  configFile?: string | undefined;
}

/** CLI entry to the engine: reads config and changed files from two trees, then runs the pipeline. */
export async function analyzeTrees(base: SourceTree, head: SourceTree, options: AnalyzeTreesOptions): Promise<Report> {
  const extractors = await loadExtractors();
  const ruleOptions = ruleOptionSchemas();
  const load = async (tree: SourceTree): Promise<{ loaded: LoadedConfig; path: string | null; label: string | null }> => {
    if (options.configFile) {
      const text = await readFile(options.configFile, "utf8").catch((error: Error) => {
        throw new ConfigInvalidError(`cannot read config ${options.configFile}: ${error.message}`);
      });
      return { loaded: parseConfig(text, { path: options.configFile, ruleOptions }), path: options.configFile, label: options.configFile };
    }
    const bytes = await tree.readOne(CONFIG_PATH);
    const text = bytes && Buffer.from(bytes).toString("utf8");
    return text === null
      ? { loaded: parseConfig("", { path: CONFIG_PATH, ruleOptions }), path: null, label: null }
      : { loaded: parseConfig(text, { path: CONFIG_PATH, ruleOptions }), path: CONFIG_PATH, label: `${CONFIG_PATH} of the head side (${tree.label})` };
  };
  const headConfig = await load(head);
  const baseConfig = options.mode === "scan" ? headConfig : await load(base);
  const errors = [...headConfig.loaded.errors, ...(baseConfig === headConfig ? [] : baseConfig.loaded.errors)];
  if (errors.length > 0) {
    throw new ConfigInvalidError(`invalid config:\n${errors.map((e) => `  ${formatConfigError(e)}`).join("\n")}`);
  }
  const { config, notes } = effectiveConfig(baseConfig.loaded.config, headConfig.loaded.config);
  const wanted = pathFilter(config.paths);
  const changeSet = await compareTrees(base, head, {
    wantPath: (path) => handlesPath(extractors, path) && wanted(path),
    mayContainUsage: (path, text) => mayContainUsage(extractors, path, text),
  });
  changeSet.notes.push(...(options.mode === "diff" ? notes : []));
  return analyzeChange(changeSet, { config, configPath: headConfig.path, configLabel: headConfig.label, mode: options.mode });
}
