import type { EntryLines } from "../config/load.js";
import type { RepoConfig } from "../config/schema.js";
import type { PolicyKey, PolicySettings } from "./evaluate.js";

/** A valid config of one side, with the files it was read from (most specific first). */
export interface ConfigSide {
  config: RepoConfig;
  /** `entryLines`: on a layer read from this repository's file, where its list entries are. */
  layers: Array<{ label: string; raw: Record<string, unknown>; entryLines?: EntryLines }>;
}

export interface TrustedConfig {
  /** What the PR is reviewed with: the base branch's config with the head's `usage` and `pricing`. */
  config: RepoConfig;
  policy: PolicySettings;
  /** Whether any config file on the base side sets `policy:`. */
  policyConfigured: boolean;
  setIn: (key: PolicyKey) => string;
  /** Set when the PR changes the config: what changed and when it takes effect. */
  changeNote: string | null;
}

/** Sections a PR may set for its own review: the traffic it declares, the prices it pays, the agents it calls. */
const FROM_HEAD = ["usage", "pricing", "agents"] as const;
const SECTIONS = ["usage", "pricing", "agents", "policy", "rules", "paths", "comment"] as const;

/**
 * The gate must not be loosened by the PR it judges: policy, rules, paths and comment come from the
 * base branch; usage, pricing and agents come from the head and price both sides, so the delta is what
 * the code change does under the same traffic.
 */
export function trustedConfig(base: ConfigSide, head: ConfigSide): TrustedConfig {
  const config: RepoConfig = { ...base.config, usage: head.config.usage, pricing: head.config.pricing, agents: head.config.agents };
  return {
    config,
    policy: base.config.policy,
    policyConfigured: base.layers.some((layer) => layer.raw.policy !== undefined),
    setIn: (key) => {
      const layer = base.layers.find((candidate) => isSet(candidate.raw.policy, key));
      return layer ? layer.label : "the built-in default";
    },
    changeNote: describeConfigChange(base, head),
  };
}

export function describeConfigChange(base: ConfigSide, head: ConfigSide): string | null {
  const changed = SECTIONS.filter((section) => !sameValue(section, base, head));
  if (changed.length === 0) return null;
  const list = (sections: readonly string[]) => sections.map((section) => `\`${section}\``).join(", ");
  const now = changed.filter((section) => (FROM_HEAD as readonly string[]).includes(section));
  const later = changed.filter((section) => !(FROM_HEAD as readonly string[]).includes(section));
  const parts = [`This pull request changes the Bedrock cost config (${list(changed)}).`];
  if (now.length > 0) parts.push(`${list(now)} ${now.length === 1 ? "applies" : "apply"} to this review: both sides are priced with the pull request's values.`);
  if (later.length > 0) parts.push(`${list(later)} ${later.length === 1 ? "applies" : "apply"} after merge: this check uses the base branch's.`);
  return parts.join(" ");
}

function sameValue(section: string, base: ConfigSide, head: ConfigSide): boolean {
  return stableJson(sectionLayers(base, section)) === stableJson(sectionLayers(head, section));
}

/** The section as each file of the side writes it; equal lists mean an equal merged value. */
function sectionLayers(side: ConfigSide, section: string): unknown[] {
  return side.layers.map((layer) => layer.raw[section]);
}

function isSet(policy: unknown, key: PolicyKey): boolean {
  return policy !== null && typeof policy === "object" && (policy as Record<string, unknown>)[key] !== undefined;
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : inner,
  );
}
