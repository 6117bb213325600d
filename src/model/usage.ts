/** Usage keys as users write them (config file and inline annotations): snake_case, unit in the name. */
export const USAGE_FIELDS = [
  "requests_per_day",
  "requests_per_month",
  "input_tokens",
  "output_tokens",
  "cache_hit_rate",
  "calls_per_request",
  "thinking_tokens",
  "images_per_call",
  "video_seconds_per_call",
  "queries_per_call",
] as const;
export type UsageField = (typeof USAGE_FIELDS)[number];
export type UsageValues = Partial<Record<UsageField, number>>;

/** The assumption that counts the units of a model billed per unit, by the model's kind. */
export const UNIT_ASSUMPTIONS = { image: "imagesPerCall", video: "videoSecondsPerCall", rerank: "queriesPerCall" } as const;

/** Where one assumption came from, in words a user can act on. */
export interface AssumptionOrigin {
  kind: "inline" | "config" | "default";
  /** e.g. "src/agent.ts:41", ".github/bedrock-cost.yml usage.sites[1] (path: src/support/**)", "built-in default". */
  where: string;
}

export interface Assumption {
  value: number;
  origin: AssumptionOrigin;
  /** How the value was derived, when it was not written as is (e.g. "1,000/day × 730/24"). */
  derivation?: string;
}

/** The traffic that prices one call site: every field resolved, every field with its origin. */
export interface UsageAssumptions {
  requestsPerMonth: Assumption;
  /** Average input tokens per call, total, including any system prompt. */
  inputTokens: Assumption;
  /** Average output tokens per call, before any max-token cap is applied. */
  outputTokens: Assumption;
  /** Share of calls that read the cached prefix (0–1); only used when the call has a live cache point. */
  cacheHitRate: Assumption;
  /** Model calls per request (agent loops, retries). */
  callsPerRequest: Assumption;
  /** Extended-thinking tokens per call, billed as output on top of output tokens (0 without thinking). */
  thinkingTokens: Assumption;
  /** Images generated per call, for image models (default: the request's numberOfImages, else 1). */
  imagesPerCall: Assumption;
  /** Seconds of video per call, for video models (default: the request's durationSeconds, else 6). */
  videoSecondsPerCall: Assumption;
  /** Rerank queries billed per call, for rerank models (default 1). */
  queriesPerCall: Assumption;
  /** The highest-precedence origin among the fields: inline > config > default. */
  source: "inline" | "config" | "default";
}
