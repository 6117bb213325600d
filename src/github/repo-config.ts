import { isScalar, LineCounter, parseDocument } from "yaml";
import { yamlNestingReason } from "../extract/limits.js";
import { CONFIG_PATH, parseConfig, validateConfigObject, type ConfigError, type EntryLines } from "../config/load.js";
import type { RepoConfig, RuleOptionSchemas } from "../config/schema.js";
import type { FileContent } from "../model/source-file.js";
import type { GitHubClient, RepoRef } from "./client.js";

export { CONFIG_PATH };

/** One file that contributed to a config, most specific first, as written (before defaults). */
export interface ConfigLayer {
  /** Where it is, in words, e.g. ".github/bedrock-cost.yml at base abc1234" or "acme/.github:.github/bedrock-cost.yml". */
  label: string;
  raw: Record<string, unknown>;
  /** This repository's own file: the line of each list entry (see parseConfig). */
  entryLines?: EntryLines;
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
  if (typeof raw._extends !== "string") {
    return { kind: "valid", config: parsed.config, layers: [{ label: `${CONFIG_PATH} at ${label}`, raw, ...(parsed.entryLines ? { entryLines: parsed.entryLines } : {}) }] };
  }
  return viaConfigPlugin(source.github, source.ruleOptions, { ...source.repo, branch: sha }, `${CONFIG_PATH} at ${label}`, own.text);
}

/** Loads `.github/bedrock-cost.yml` of the owner's `.github` repository (once), as Probot falls back to it. */
export function orgDefaultsLoader(github: GitHubClient, owner: string, ruleOptions: RuleOptionSchemas): () => Promise<ConfigAtCommit> {
  let loaded: Promise<ConfigAtCommit> | undefined;
  return () => (loaded ??= viaConfigPlugin(github, ruleOptions, { owner, repo: ".github" }, `${owner}/.github:${CONFIG_PATH}`));
}

/** One file the config plugin read (or tried to): `config` is null when GitHub had none there (404). */
interface PluginFile {
  owner: string;
  repo: string;
  path: string;
  url: string;
  config: Record<string, unknown> | null;
}

/**
 * Files the plugin loaded, most specific first; the first is labelled `label`, the rest by repository.
 * `own` is the text of the first file when the caller already has it (this repository's file at a commit):
 * errors there are then located by line and named by `CONFIG_PATH`, so the check run can annotate them.
 */
async function viaConfigPlugin(
  github: GitHubClient,
  ruleOptions: RuleOptionSchemas,
  target: RepoRef & { branch?: string },
  label: string,
  own?: string,
): Promise<ConfigAtCommit> {
  const isOwn = (file: { owner: string; repo: string; path: string }) =>
    own !== undefined && file.owner === target.owner && file.repo === target.repo && file.path === CONFIG_PATH;
  /** How an error names a file: this repository's config by its path, any other as `owner/repo:path`. */
  const nameOf = (file: { owner: string; repo: string; path: string }) => (isOwn(file) ? CONFIG_PATH : `${file.owner}/${file.repo}:${file.path}`);
  const textOf = async (file: { owner: string; repo: string; path: string }, ref: string | undefined): Promise<string | null> => {
    if (isOwn(file)) return own!;
    try {
      const { data } = await github.rest.repos.getContent({ owner: file.owner, repo: file.repo, path: file.path, ...(ref ? { ref } : {}), mediaType: { format: "raw" } });
      return typeof data === "string" ? data : null;
    } catch {
      return null; // only used to locate the `_extends` line: the error stands without it
    }
  };

  let files: PluginFile[];
  try {
    ({ files } = (await github.config.get({ ...target, path: CONFIG_PATH })) as unknown as { files: PluginFile[] });
  } catch (error) {
    if ((error as { status?: number }).status !== undefined) throw error; // an API failure, not a config problem
    return { kind: "invalid", errors: [await configPluginError(error, { target, label, nameOf, textOf })] };
  }

  // The plugin reads the file, then (when there is none) the owner's `.github` repository's, then follows
  // `_extends` from the last file read. A file past that which GitHub does not have (404: a typo, a
  // private repository the app is not installed on) is an `_extends` that cannot be read: the plugin
  // drops it silently, but a policy that quietly falls away must not pass a pull request.
  const firstExtended = files[0]?.config ? 1 : 2;
  const missing = files.findIndex((file, index) => index >= firstExtended && file.config === null);
  if (missing > 0) {
    const extender = files[missing - 1]!;
    const target_ = files[missing]!;
    const ref = missing - 1 === 0 ? target.branch : undefined;
    const located = locateExtends(await textOf(extender, ref));
    const value = located?.value ?? `${target_.owner}/${target_.repo}:${target_.path}`;
    return {
      kind: "invalid",
      errors: [
        {
          path: nameOf(extender),
          line: located?.line ?? 0,
          column: located ? 1 : 0,
          message: `_extends: ${JSON.stringify(value)} cannot be read: GitHub has no ${target_.owner}/${target_.repo}:${target_.path} the app can see (check the repository and path, and that the app is installed on ${target_.owner}/${target_.repo})`,
        },
      ],
    };
  }

  const read = files.filter((file): file is PluginFile & { config: Record<string, unknown> } => file.config !== null);
  const layers: ConfigLayer[] = read.map((file, index) => ({
    label: index === 0 && file.repo === target.repo && file.owner === target.owner ? label : `${file.owner}/${file.repo}:${file.path}`,
    raw: asObject(file.config),
  }));
  if (layers.length === 0) return { kind: "valid", config: emptyConfig(ruleOptions), layers };
  const merged = layers.map((layer) => layer.raw).reduceRight<Record<string, unknown>>((acc, raw) => deepMerge(acc, raw), {});
  const validated = validateConfigObject(merged, { path: nameOf(read[0]!), ruleOptions });
  if (validated.errors.length > 0) return { kind: "invalid", errors: attributeErrors(validated.errors, read, layers, nameOf, ruleOptions) };
  return { kind: "valid", config: validated.config, layers };
}

/**
 * Errors of the merged config, each named by the file that holds the offending value: the most specific
 * file whose own content has the same error. One only the merge produces names the most specific file
 * and the files merged into it.
 */
function attributeErrors(
  errors: readonly ConfigError[],
  files: ReadonlyArray<{ owner: string; repo: string; path: string }>,
  layers: readonly ConfigLayer[],
  nameOf: (file: { owner: string; repo: string; path: string }) => string,
  ruleOptions: RuleOptionSchemas,
): ConfigError[] {
  const own = layers.map((layer) => validateConfigObject(layer.raw, { path: "", ruleOptions }).errors.map((error) => error.message));
  return errors.map((error) => {
    const index = own.findIndex((messages) => messages.includes(error.message));
    if (index >= 0) return { ...error, path: nameOf(files[index]!) };
    const others = files.slice(1).map(nameOf);
    return others.length > 0 ? { ...error, message: `${error.message} (after merging ${others.join(", ")})` } : error;
  });
}

/** The `_extends` value of a config text and its 1-based line, when it has one. */
function locateExtends(text: string | null): { value: string; line: number } | null {
  if (text === null || yamlNestingReason(text)) return null;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const node = doc.get("_extends", true);
  if (!isScalar(node) || !node.range) return null;
  return { value: String(node.value), line: lineCounter.linePos(node.range[0]).line };
}

function emptyConfig(ruleOptions: RuleOptionSchemas): RepoConfig {
  return validateConfigObject({}, { path: CONFIG_PATH, ruleOptions }).config;
}

// The plugin words its errors "[@probot/octokit-plugin-config] … <url> …" and keeps YAML's own message as
// the cause. The error is named by the file the URL is (not the file the review asked for), and an error
// about `_extends` is placed on that key's line.
async function configPluginError(
  error: unknown,
  context: {
    target: RepoRef & { branch?: string };
    label: string;
    nameOf: (file: { owner: string; repo: string; path: string }) => string;
    textOf: (file: { owner: string; repo: string; path: string }, ref: string | undefined) => Promise<string | null>;
  },
): Promise<ConfigError> {
  const message = configPluginMessage(error);
  const file = fileOfUrl(String((error as Error).message ?? ""));
  if (!file) return { path: context.label, line: 0, column: 0, message };
  const sameFile = file.owner === context.target.owner && file.repo === context.target.repo && file.path === CONFIG_PATH;
  const located = /_extends/.test(message) ? locateExtends(await context.textOf(file, sameFile ? context.target.branch : undefined)) : null;
  return { path: context.nameOf(file), line: located?.line ?? 0, column: located ? 1 : 0, message };
}

/** The file a `…/repos/{owner}/{repo}/contents/{path}` URL names. */
function fileOfUrl(text: string): { owner: string; repo: string; path: string } | null {
  const match = /\/repos\/([^/\s]+)\/([^/\s]+)\/contents\/([^?\s"]+)/.exec(text);
  if (!match) return null;
  try {
    return { owner: decodeURIComponent(match[1]!), repo: decodeURIComponent(match[2]!), path: decodeURIComponent(match[3]!) };
  } catch {
    return null;
  }
}

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
