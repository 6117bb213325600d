import picomatch from "picomatch";
import type { RepoConfig } from "../config/schema.js";

export const CONFIG_PATH = ".github/bedrock-cost.yml";

/**
 * The config that judges a change. The gate comes from the base side — a pull request must not loosen
 * the check that judges it — while usage, pricing, paths and comment settings come from the head side,
 * so a PR can declare the traffic of the call it adds and both sides are priced under the same numbers.
 */
export function effectiveConfig(base: RepoConfig, head: RepoConfig): { config: RepoConfig; notes: string[] } {
  const notes: string[] = [];
  const gateChanged = JSON.stringify([base.policy, base.rules]) !== JSON.stringify([head.policy, head.rules]);
  if (gateChanged) {
    notes.push(`This change edits \`policy\` or \`rules\` in ${CONFIG_PATH}; they take effect after merge. This review uses the base branch's.`);
  }
  return { config: { ...head, policy: base.policy, rules: base.rules }, notes };
}

/** `paths.include` / `paths.ignore` as one predicate on repo-relative paths. */
export function pathFilter(paths: RepoConfig["paths"]): (path: string) => boolean {
  const include = paths?.include?.length ? picomatch(paths.include, { dot: true }) : () => true;
  const ignore = paths?.ignore?.length ? picomatch(paths.ignore, { dot: true }) : () => false;
  return (path) => include(path) && !ignore(path);
}
