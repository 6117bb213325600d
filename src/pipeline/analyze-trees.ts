import { readFile } from "node:fs/promises";
import { compareTrees } from "../changeset/compare.js";
import type { SourceTree } from "../changeset/tree.js";
import { pathFilter } from "../config/globs.js";
import { CONFIG_PATH, formatConfigError, parseConfig } from "../config/load.js";
import { ruleOptionSchemas } from "../engine/registry.js";
import { handlesPath, loadExtractors, mayContainUsage } from "../extract/index.js";
import type { Report } from "../model/report.js";
import type { PolicyOutcome } from "../policy/evaluate.js";
import { trustedConfig, type ConfigSide } from "../policy/trusted-config.js";
import { reviewChange } from "./review-change.js";

/** The config file is invalid: nothing is analysed under a config the user did not mean. */
export class ConfigInvalidError extends Error {}

export interface AnalyzeTreesOptions {
  mode: Report["mode"];
  /** A config file to use for both sides instead of each side's .github/bedrock-cost.yml. */
  configFile?: string | undefined;
}

/**
 * CLI entry to the engine: reads each side's config and the changed files from two trees, runs the
 * pipeline, and judges the result with the same trust rules and policy as the GitHub App.
 */
export async function analyzeTrees(
  base: SourceTree,
  head: SourceTree,
  options: AnalyzeTreesOptions,
): Promise<{ report: Report; outcome: PolicyOutcome }> {
  const extractors = await loadExtractors();
  const headConfig = await loadSide(head, options.configFile);
  const baseConfig = options.mode === "scan" || options.configFile ? headConfig : await loadSide(base, undefined);
  const trusted = trustedConfig(baseConfig, headConfig);
  const wanted = pathFilter(trusted.config.paths);
  const changeSet = await compareTrees(base, head, {
    wantPath: (path) => handlesPath(extractors, path) && wanted(path),
    mayContainUsage: (path, text) => mayContainUsage(extractors, path, text),
  });
  if (trusted.changeNote) changeSet.notes.push(trusted.changeNote);
  return reviewChange(changeSet, {
    trusted,
    baseConfig: baseConfig.config,
    configPath: headConfig.layers.length ? (options.configFile ?? CONFIG_PATH) : null,
    configLabel: headConfig.layers[0]?.label ?? null,
    mode: options.mode,
    draft: false,
  });
}

async function loadSide(tree: SourceTree, configFile: string | undefined): Promise<ConfigSide> {
  const path = configFile ?? CONFIG_PATH;
  let text: string | null;
  if (configFile) {
    text = await readFile(configFile, "utf8").catch((error: Error) => {
      throw new ConfigInvalidError(`cannot read config ${configFile}: ${error.message}`);
    });
  } else {
    const bytes = await tree.readOne(CONFIG_PATH);
    text = bytes && Buffer.from(bytes).toString("utf8");
  }
  const loaded = parseConfig(text ?? "", { path, ruleOptions: ruleOptionSchemas() });
  if (loaded.errors.length > 0) {
    throw new ConfigInvalidError(`invalid config in ${tree.label}:\n${loaded.errors.map((e) => `  ${formatConfigError(e)}`).join("\n")}`);
  }
  return { config: loaded.config, layers: text === null ? [] : [{ label: configFile ?? `${CONFIG_PATH} in ${tree.label}`, raw: loaded.raw }] };
}
