/**
 * Classifies the strings Bedrock accepts as a `modelId`: bare model ids, system (cross-Region)
 * inference profile ids, and the ARN kinds (bedrock-api.md §1). Pure string work; pricing lives in
 * catalog.ts.
 */

/** System inference profile prefixes. `ca.` is accepted but unverified (bedrock-api.md §1.2). */
export const PROFILE_PREFIXES = ["global", "us-gov", "us", "eu", "apac", "jp", "au", "ca"] as const;
export type ProfilePrefix = (typeof PROFILE_PREFIXES)[number];

export type ModelRefKind =
  | "base" // bare model id, invoked in-region
  | "system-profile" // <prefix>.<base id>
  | "foundation-model-arn"
  | "inference-profile-arn"
  | "application-inference-profile"
  | "provisioned-model"
  | "custom-model"
  | "imported-model"
  | "custom-model-deployment"
  | "prompt"
  | "prompt-router"
  | "unknown";

/** How the call is routed and billed; part of the JSON contract (SiteReport.profile). */
export type ProfileKind = "none" | "geo" | "global" | "application" | "provisioned";

export interface ModelRef {
  /** The string as given, trimmed. */
  input: string;
  kind: ModelRefKind;
  /** The foundation model id the call is billed at, when the string names it. */
  baseId: string | null;
  /** The system-profile prefix as written (including "global"); null for bare ids and ARNs without one. */
  geo: ProfilePrefix | null;
  profile: ProfileKind;
  /** From an ARN; absent when the ARN leaves the region empty or `*`. */
  region?: string;
  /** custom-model ARNs name the foundation model they were trained from; it is not billed at that model's token rates. */
  trainedFrom?: string;
  /** Doubts about the string that do not stop it from being priced, in words. */
  warnings: string[];
}

// Providers from bedrock-api.md §1.4; a closed list keeps "config.json" and the like from reading as ids.
const PROVIDER = "(?:anthropic|amazon|meta|mistral|cohere|ai21|deepseek|openai|qwen|writer|minimax|moonshot(?:ai)?|google|nvidia|stability|twelvelabs|luma|zai)";
const BARE_ID = new RegExp(`^${PROVIDER}\\.[a-z0-9][a-z0-9-]*(?:\\.[a-z0-9-]+)?(?::[a-z0-9-]+){0,2}$`);
const PROFILE_ID = new RegExp(`^(${PROFILE_PREFIXES.join("|")})\\.(.+)$`);
const ARN =
  /^arn:aws(?:-[a-z-]+)?:bedrock:(\*|[a-z0-9-]*):(\*|\d{12})?:(foundation-model|inference-profile|application-inference-profile|provisioned-model|custom-model|imported-model|custom-model-deployment|prompt|prompt-router|default-prompt-router)\/([A-Za-z0-9.:/_-]+)$/;

const UNVERIFIED_PREFIX: Partial<Record<ProfilePrefix, string>> = {
  ca: "`ca.` is not a confirmed cross-Region profile prefix; priced like the other geographic profiles",
};

/**
 * Kinds whose ARN hides the model. Their `profile`:
 * - provisioned-model, custom-model, imported-model → "provisioned": capacity bought from AWS, not
 *   billed at a foundation model's token rates (custom models run on provisioned throughput).
 * - custom-model-deployment, prompt, prompt-router → "application": an account-owned resource that
 *   picks the model and is billed per token like an application inference profile, but which model
 *   cannot be seen from the code.
 */
const HIDDEN_MODEL_PROFILE: Record<string, { kind: ModelRefKind; profile: ProfileKind }> = {
  "application-inference-profile": { kind: "application-inference-profile", profile: "application" },
  "provisioned-model": { kind: "provisioned-model", profile: "provisioned" },
  "custom-model": { kind: "custom-model", profile: "provisioned" },
  "imported-model": { kind: "imported-model", profile: "provisioned" },
  "custom-model-deployment": { kind: "custom-model-deployment", profile: "application" },
  prompt: { kind: "prompt", profile: "application" },
  "prompt-router": { kind: "prompt-router", profile: "application" },
  "default-prompt-router": { kind: "prompt-router", profile: "application" },
};

export function parseModelRef(s: string): ModelRef {
  const input = s.trim();
  const arn = ARN.exec(input);
  if (arn) return parseArn(input, arn[1]!, arn[3]!, arn[4]!);
  return parseId(input) ?? unknown(input);
}

function parseId(input: string): ModelRef | null {
  if (BARE_ID.test(input)) {
    return { input, kind: "base", baseId: input, geo: null, profile: "none", warnings: [] };
  }
  const profile = PROFILE_ID.exec(input);
  if (profile && BARE_ID.test(profile[2]!)) {
    const geo = profile[1] as ProfilePrefix;
    const warning = UNVERIFIED_PREFIX[geo];
    return {
      input,
      kind: "system-profile",
      baseId: profile[2]!,
      geo,
      profile: geo === "global" ? "global" : "geo",
      warnings: warning ? [warning] : [],
    };
  }
  return null;
}

function parseArn(input: string, rawRegion: string, arnKind: string, resource: string): ModelRef {
  const region = rawRegion === "" || rawRegion === "*" ? {} : { region: rawRegion };
  if (arnKind === "foundation-model" || arnKind === "inference-profile") {
    const id = parseId(resource);
    const expected = arnKind === "foundation-model" ? "base" : "system-profile";
    if (id?.kind !== expected) return unknown(input);
    const kind = arnKind === "foundation-model" ? "foundation-model-arn" : "inference-profile-arn";
    return { ...id, input, kind, ...region };
  }
  const { kind, profile } = HIDDEN_MODEL_PROFILE[arnKind]!;
  const trainedFrom = kind === "custom-model" && resource.includes("/") ? resource.slice(0, resource.lastIndexOf("/")) : undefined;
  return {
    input,
    kind,
    baseId: null,
    geo: null,
    profile,
    ...region,
    ...(trainedFrom ? { trainedFrom } : {}),
    warnings: [],
  };
}

function unknown(input: string): ModelRef {
  return { input, kind: "unknown", baseId: null, geo: null, profile: "none", warnings: [] };
}

// A model name, then what may follow it as its version: a release date, then `-vN[:M]`, `-N:M` or `:M`.
// A bare `-7` is not a version, so `anthropic.claude-opus-4-7` is a name of its own.
const VERSIONED_ID = /^(.+?)(?:-(\d{8}))?(?:-v(\d+)(?::(\d+))?|-(\d+):(\d+)|:(\d+))?$/;

/**
 * True when two ids name the same model and their versions do not contradict: the same name, and
 * the same date, major and minor version wherever both give one. So `anthropic.claude-haiku-4-5`
 * agrees with `anthropic.claude-haiku-4-5-20251001-v1:0`, `anthropic.claude-opus-4-6-v1:0` with
 * `anthropic.claude-opus-4-6-v1`, and `amazon.titan-embed-text-v2:0` not with `amazon.titan-embed-text-v1`.
 */
export function versionsAgree(a: string, b: string): boolean {
  const x = splitVersion(a);
  const y = splitVersion(b);
  const agree = (p: string | undefined, q: string | undefined) => p === undefined || q === undefined || p === q;
  return x.name === y.name && agree(x.date, y.date) && agree(x.major, y.major) && agree(x.minor, y.minor);
}

/** The id without its date and version suffix: `anthropic.claude-opus-4-6-v1` → `anthropic.claude-opus-4-6`. */
export function modelName(id: string): string {
  return splitVersion(id).name;
}

function splitVersion(id: string): { name: string; date?: string; major?: string; minor?: string } {
  const m = VERSIONED_ID.exec(id)!;
  // `-N:M` after a `-vK` name is part of the name: `cohere.rerank-v3-5:0` is Rerank v3.5, version :0.
  if (m[5] !== undefined && /-v\d+$/.test(m[1]!)) return { name: `${m[1]}-${m[5]}`, date: m[2], minor: m[6] };
  return { name: m[1]!, date: m[2], major: m[3] ?? m[5], minor: m[4] ?? m[6] ?? m[7] };
}
