import { readFile } from "node:fs/promises";
import { CONFIG_PATH, formatConfigError, parseConfig } from "../config/load.js";
import { ruleOptionSchemas } from "../engine/registry.js";
import type { Report } from "../model/report.js";
import type { ConfigSide } from "../policy/trusted-config.js";
import type { SourceTree } from "../repository/source.js";
import { CLI_READ_BUDGET, ReadSession, RepositoryView } from "../repository/view.js";
import { reviewSides, type Reviewed } from "./review-change.js";

/** The config file is invalid: nothing is analysed under a config the user did not mean. */
export class ConfigInvalidError extends Error {}

export interface AnalyzeTreesOptions {
  mode: Report["mode"];
  /** A config file to use for both sides instead of each side's .github/bedrock-cost.yml. */
  configFile?: string | undefined;
}

/**
 * CLI entry to the engine: opens both trees as repository views (one read budget, each blob read once),
 * reads each side's config, compares the sides, runs the pipeline over the whole repository, and judges
 * the result with the same trust rules and policy as the GitHub App.
 */
export async function analyzeTrees(
  base: SourceTree,
  head: SourceTree,
  options: AnalyzeTreesOptions,
): Promise<Reviewed> {
  const session = new ReadSession(CLI_READ_BUDGET);
  const sides = { base: await new RepositoryView(base, session).open(), head: await new RepositoryView(head, session).open() };
  const headConfig = await loadSide(sides.head, options.configFile);
  const baseConfig = options.mode === "scan" || options.configFile ? headConfig : await loadSide(sides.base, undefined);
  return reviewSides(sides, {
    configs: { base: baseConfig, head: headConfig },
    configPath: headConfig.layers.length ? (options.configFile ?? CONFIG_PATH) : null,
    configLabel: headConfig.layers[0]?.label ?? null,
    mode: options.mode,
    draft: false,
  });
}

async function loadSide(view: RepositoryView, configFile: string | undefined): Promise<ConfigSide> {
  const path = configFile ?? CONFIG_PATH;
  let text: string | null;
  if (configFile) {
    text = await readFile(configFile, "utf8").catch((error: Error) => {
      throw new ConfigInvalidError(`cannot read config ${configFile}: ${error.message}`);
    });
  } else {
    await view.load([CONFIG_PATH]);
    const content = view.content(CONFIG_PATH);
    if (content?.kind === "skipped") throw new ConfigInvalidError(`cannot read ${CONFIG_PATH} in ${view.label}: ${content.reason}`);
    text = content?.kind === "text" ? content.text : null;
  }
  const loaded = parseConfig(text ?? "", { path, ruleOptions: ruleOptionSchemas() });
  if (loaded.errors.length > 0) {
    throw new ConfigInvalidError(`invalid config in ${view.label}:\n${loaded.errors.map((e) => `  ${formatConfigError(e)}`).join("\n")}`);
  }
  const label = configFile ?? `${CONFIG_PATH} in ${view.label}`;
  return { config: loaded.config, layers: text === null ? [] : [{ label, raw: loaded.raw, ...(loaded.entryLines ? { entryLines: loaded.entryLines } : {}) }] };
}
