import { CONFIG_PATH, parseConfig, validateConfigObject, type ConfigError } from "../config/load.js";
import type { RepoConfig, RuleOptionSchemas } from "../config/schema.js";
import type { FileContent } from "../model/source-file.js";
import type { GitHubClient, RepoRef } from "./client.js";

export { CONFIG_PATH };

/** One file that contributed to a config, most specific first, as written (before defaults). */
export interface ConfigLayer {
  /** Where it is, in words, e.g. ".github/bedrock-cost.yml at base abc1234" or "acme/.github:.github/bedrock-cost.yml". */
  label: string;
  raw: Record<string, unknown>;
}

export type ConfigAtCommit =
  | { kind: "valid"; config: RepoConfig; layers: ConfigLayer[] }
  | { kind: "invalid"; errors: ConfigError[] };

export interface ConfigSource {
  github: GitHubClient;
  repo: RepoRef;
  ruleOptions: RuleOptionSchemas;
  /** The owner's `.github` repository config, loaded at most once per review and shared by both sides. */
  orgDefaults: () => Promise<ConfigAtCommit>;
}

/**
 * The config at one commit. The repo's own file (its text fetched with the change, so errors point at
 * lines) wins; `_extends` and the owner's `.github` repository fallback go through Probot's config
 * plugin, the mechanism behind `context.config`, which can read at a commit where `context.config` cannot.
 */
export async function configAtCommit(source: ConfigSource, sha: string, label: string, own: FileContent | null): Promise<ConfigAtCommit> {
  if (own === null) return source.orgDefaults();
  if (own.kind === "skipped") {
    return { kind: "invalid", errors: [{ path: CONFIG_PATH, line: 0, column: 0, message: `cannot read the file at ${label}: ${own.reason}` }] };
  }
  const parsed = parseConfig(own.text, { path: CONFIG_PATH, ruleOptions: source.ruleOptions });
  if (parsed.errors.length > 0) return { kind: "invalid", errors: parsed.errors };
  const { raw } = parsed;
  if (typeof raw._extends !== "string") return { kind: "valid", config: parsed.config, layers: [{ label: `${CONFIG_PATH} at ${label}`, raw }] };
  return viaConfigPlugin(source.github, source.ruleOptions, { ...source.repo, branch: sha }, `${CONFIG_PATH} at ${label}`);
}

/** Loads `.github/bedrock-cost.yml` of the owner's `.github` repository (once), as Probot falls back to it. */
export function orgDefaultsLoader(github: GitHubClient, owner: string, ruleOptions: RuleOptionSchemas): () => Promise<ConfigAtCommit> {
  let loaded: Promise<ConfigAtCommit> | undefined;
  return () => (loaded ??= viaConfigPlugin(github, ruleOptions, { owner, repo: ".github" }, `${owner}/.github:${CONFIG_PATH}`));
}

/** Files the plugin loaded, most specific first; the first is labelled `label`, the rest by repository. */
async function viaConfigPlugin(
  github: GitHubClient,
  ruleOptions: RuleOptionSchemas,
  target: RepoRef & { branch?: string },
  label: string,
): Promise<ConfigAtCommit> {
  let files;
  try {
    ({ files } = await github.config.get({ ...target, path: CONFIG_PATH }));
  } catch (error) {
    if ((error as { status?: number }).status !== undefined) throw error; // an API failure, not a config problem
    return { kind: "invalid", errors: [{ path: label, line: 0, column: 0, message: configPluginMessage(error) }] };
  }
  const layers: ConfigLayer[] = files
    .filter((file) => file.config !== null)
    .map((file, index) => ({
      label: index === 0 && file.repo === target.repo && file.owner === target.owner ? label : `${file.owner}/${file.repo}:${file.path}`,
      raw: asObject(file.config),
    }));
  if (layers.length === 0) return { kind: "valid", config: emptyConfig(ruleOptions), layers };
  const merged = layers.map((layer) => layer.raw).reduceRight<Record<string, unknown>>((acc, raw) => deepMerge(acc, raw), {});
  const validated = validateConfigObject(merged, { path: layers.map((layer) => layer.label).join(" + "), ruleOptions });
  if (validated.errors.length > 0) return { kind: "invalid", errors: validated.errors };
  return { kind: "valid", config: validated.config, layers };
}

function emptyConfig(ruleOptions: RuleOptionSchemas): RepoConfig {
  return validateConfigObject({}, { path: CONFIG_PATH, ruleOptions }).config;
}

// The plugin words its errors "[@probot/octokit-plugin-config] …" and keeps YAML's own message as the cause.
function configPluginMessage(error: unknown): string {
  const message = String((error as Error).message ?? error).replace(/^\[@probot\/octokit-plugin-config\]\s*/, "");
  const cause = (error as { cause?: { message?: string; linePos?: Array<{ line: number; col: number }> } }).cause;
  const where = cause?.linePos?.[0] ? ` at line ${cause.linePos[0].line}, column ${cause.linePos[0].col}` : "";
  return cause?.message ? `${message}${where}: ${cause.message.split("\n")[0]}` : message;
}

function asObject(value: unknown): Record<string, unknown> {
  const object = value !== null && typeof value === "object" && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
  delete object._extends;
  return object;
}

/** Merges like Probot's `context.config` (deepmerge defaults): mappings key by key, lists concatenated, later wins. */
export function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(source)) {
    const existing = out[key];
    if (Array.isArray(existing) && Array.isArray(value)) out[key] = [...existing, ...value];
    else if (isPlainObject(existing) && isPlainObject(value)) out[key] = deepMerge(existing, value);
    else out[key] = value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
