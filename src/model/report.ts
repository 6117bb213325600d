import type { Api, CachePoints, GuardrailCheck, Language, Sdk, ValueSource } from "./call-site.js";
import type { CostComponent } from "./estimate.js";
import type { Problem } from "./location.js";
import type { Resource } from "./resource.js";

/**
 * The one versioned report model every renderer reads (markdown, JSON, table, check run, SARIF).
 * The JSON reporter emits it as is: field names are a public contract — add, never rename.
 */
export const REPORT_SCHEMA_VERSION = 1;

export type Change = "added" | "removed" | "modified" | "unchanged";
export type Level = "error" | "warning" | "notice";

/** One side of a call site, as the JSON contract names it. Money in USD per month, rounded to cents. */
export interface SiteReport {
  path: string;
  line: number;
  column: number;
  endLine: number;
  symbol: string;
  language: Language;
  sdk: Sdk;
  api: Api;
  model: { id: string | null; source: ValueSource; env?: string; origin?: string; name?: string };
  profile: "none" | "geo" | "global" | "application" | "provisioned";
  maxTokens: number | null | "dynamic";
  /** Extended thinking turned on: its token budget, or "dynamic" when it is not a number (absent when off). */
  thinkingBudget?: number | "dynamic";
  /** The guardrail the call applies (or ApplyGuardrail checks with): its id, what it checks, and its IaC declaration when bound. */
  guardrail?: { id: string | null; origin?: string; checks: GuardrailCheck[]; declared: { name: string; path: string; line: number } | null };
  /** The flow an InvokeFlow call runs: its id, and its IaC declaration when bound. */
  flow?: { id: string | null; origin?: string; declared: { name: string; path: string; line: number; nodes: number } | null };
  /** Input-only call (embeddings): no output tokens, no cap to set. */
  embedding: boolean;
  cachePoints: number;
  cache: CachePoints;
  systemPromptTokens: number | null;
  serviceTier: "standard" | "priority" | "flex" | "batch" | "reserved" | "dynamic";
  monthlyCost: number | null;
  /** Why monthlyCost is null. */
  unpriced?: string;
  components: CostComponent[];
  /** Multipliers, caps and cache decisions that shaped the figure, in words. */
  costNotes: string[];
  /** Extractor hints (loops, constructor sites). */
  notes: string[];
  assumptions: {
    requestsPerMonth: number;
    inputTokens: number;
    outputTokens: number;
    cacheHitRate: number;
    callsPerRequest: number;
    /** Extended-thinking tokens per call billed as output: only on a call that turns thinking on. */
    thinkingTokens?: number;
    /** Units per call of a model billed per unit: only the one its model is billed by (the token fields then price nothing). */
    imagesPerCall?: number;
    videoSecondsPerCall?: number;
    queriesPerCall?: number;
    source: "inline" | "config" | "default";
    /** Per-field origin, e.g. { outputTokens: "src/a.ts:12" }. */
    origins: Record<"requestsPerMonth" | "inputTokens" | "outputTokens" | "cacheHitRate" | "callsPerRequest", string> &
      Partial<Record<"thinkingTokens" | "imagesPerCall" | "videoSecondsPerCall" | "queriesPerCall", string>>;
  };
  /** The catalog entry that priced it, with its source and date. */
  price?: { modelId: string; name: string; source: string; verifiedAt: string };
  /** The calls through wrapper functions this path of the site is reached by, innermost first (see CallSite.callers). */
  callers?: Array<{ path: string; line: number; symbol: string; callee: string }>;
}

export interface SiteChange {
  key: string;
  change: Change;
  base: SiteReport | null;
  head: SiteReport | null;
  /** head − base; null when either side that exists is unpriced. */
  monthlyDelta: number | null;
  /**
   * Declarations in changed files that moved this site, when it was read through them (a constant, a
   * client factory, a wrapper's caller): how a site in a file the change did not touch shows why it moved.
   */
  via?: Array<{ path: string; line: number; name: string; side: "base" | "head" }>;
}

export interface ResourceSide {
  path: string;
  line: number;
  kind: Resource["kind"];
  type: string;
  name: string;
  model: string | null;
  monthlyCost: number | null;
  unpriced?: string;
  /** Total owed over a commitment term (provisioned throughput). */
  commitmentTotal?: number | null;
  attributes: Resource["attributes"];
  costNotes: string[];
  /** Where its cost is counted instead (monthlyCost 0): "in its knowledge base", "at its calls". */
  pricedThrough?: string;
}

export interface ResourceChange {
  key: string;
  change: Change;
  base: ResourceSide | null;
  head: ResourceSide | null;
  monthlyDelta: number | null;
}

export interface Finding {
  ruleId: string;
  level: Level;
  path: string;
  line: number;
  column: number;
  endLine: number;
  /** What is wrong, one line. */
  message: string;
  /** Why it costs money, with the dollar impact. */
  why: string;
  /** What to do. */
  fix: string;
  monthlySavings: number | null;
  siteKey?: string;
  /** A mechanical fix for review suggestions: replace `find` with `replace` on `line`. */
  suggestion?: { line: number; find: string; replace: string };
}

export interface SuppressedFinding {
  finding: Finding;
  reason: string;
  /** Line of the bedrock-cost-ignore comment. */
  line: number;
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  currency: "USD";
  mode: "diff" | "scan";
  totals: {
    base: number;
    head: number;
    delta: number;
    deltaPercent: number | null;
    /** Sites/resources left out of the totals because they cannot be priced. */
    unpricedBase: number;
    unpricedHead: number;
  };
  sites: SiteChange[];
  resources: ResourceChange[];
  findings: Finding[];
  suppressed: SuppressedFinding[];
  unpriced: Array<{ path: string; line: number; reason: string }>;
  /** Files that could not be analysed (binary, too large, syntax errors, bad annotations). */
  problems: Problem[];
  /** `excluded`: left out by design (vendored, generated), so the analysis is not incomplete for it. */
  skipped: Array<{ path: string; reason: string; excluded?: boolean }>;
  /** How the numbers were made: config used, built-in defaults, catalog date. */
  assumptions: {
    configPath: string | null;
    builtInDefaults: Record<string, number | string>;
    catalogVerifiedAt: string;
  };
  notes: string[];
  /** The gate's verdict on this report, when a policy judged it (every CLI and App review does). */
  policy?: PolicyVerdict;
}

/** The policy result and the limits it applied, so a reader of the JSON or SARIF sees the gate, not only the cost. */
export interface PolicyVerdict {
  conclusion: "success" | "failure" | "neutral";
  /** A `policy:` is configured on the base branch (without one the check is advisory). */
  configured: boolean;
  /** False when a failure would not block: no `policy:` configured, or a draft. */
  enforced: boolean;
  limits: { max_monthly_increase_usd?: number; max_monthly_increase_percent?: number; fail_on_level: "error" | "warning" | "never" };
  /** Why it fails (or would, when not enforced), each naming its limit and where that is set. */
  reasons: Array<{ limit: "max_monthly_increase_usd" | "max_monthly_increase_percent" | "fail_on_level"; message: string }>;
  /** Why a pass is not certain (unpriced changes, files not analysed) or a failure not enforced. */
  notes: string[];
}
