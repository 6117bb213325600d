import { z } from "zod";
import { USAGE_FIELDS, type UsageField } from "../model/usage.js";
import { strictObject } from "./strict-object.js";

/**
 * The repo config file, `.github/bedrock-cost.yml`. Every section is optional; an empty or absent file
 * means all defaults. The descriptions become the published JSON Schema's, so they are written for users.
 */

/** One zod schema per usage key, shared by the config file and inline `bedrock-cost:` annotations. */
export const USAGE_FIELD_SCHEMAS = {
  requests_per_day: z
    .number()
    .nonnegative()
    .describe("Requests per day that reach this call (a month is 730 hours). Set this or requests_per_month, not both."),
  requests_per_month: z
    .number()
    .nonnegative()
    .describe("Requests per month that reach this call. Set this or requests_per_day, not both."),
  input_tokens: z
    .number()
    .nonnegative()
    .describe("Average input tokens per model call, in total, including any system prompt."),
  output_tokens: z
    .number()
    .nonnegative()
    .describe("Average output tokens per model call, before any max-tokens cap is applied."),
  cache_hit_rate: z
    .number()
    .min(0)
    .max(1)
    .describe("Share of calls (0–1) that read the cached prefix; used only when the call sets a cache point."),
  calls_per_request: z
    .number()
    .min(1)
    .describe("Model calls per request (agent loops, retries); at least 1."),
  thinking_tokens: z
    .number()
    .nonnegative()
    .describe("Average extended-thinking (reasoning) tokens per call, billed as output on top of output_tokens; used only when the call turns thinking on. Default: the call's thinking budget, used in full."),
  images_per_call: z
    .number()
    .nonnegative()
    .describe("Images generated per call, for image models (Nova Canvas, Titan Image Generator, Stability). Default: the request's numberOfImages, else 1."),
  video_seconds_per_call: z
    .number()
    .nonnegative()
    .describe("Seconds of video generated per call, for video models (Nova Reel). Default: the request's durationSeconds (6 s a shot for a manual multi-shot video), else 6."),
  queries_per_call: z
    .number()
    .nonnegative()
    .describe("Rerank queries billed per call, for rerank models (Amazon Rerank, Cohere Rerank). Default 1."),
} satisfies Record<UsageField, z.ZodNumber>;

/** The usage keys as a mapping sets them: each one optional. */
const OPTIONAL_USAGE_FIELDS = {
  requests_per_day: USAGE_FIELD_SCHEMAS.requests_per_day.optional(),
  requests_per_month: USAGE_FIELD_SCHEMAS.requests_per_month.optional(),
  input_tokens: USAGE_FIELD_SCHEMAS.input_tokens.optional(),
  output_tokens: USAGE_FIELD_SCHEMAS.output_tokens.optional(),
  cache_hit_rate: USAGE_FIELD_SCHEMAS.cache_hit_rate.optional(),
  calls_per_request: USAGE_FIELD_SCHEMAS.calls_per_request.optional(),
  thinking_tokens: USAGE_FIELD_SCHEMAS.thinking_tokens.optional(),
  images_per_call: USAGE_FIELD_SCHEMAS.images_per_call.optional(),
  video_seconds_per_call: USAGE_FIELD_SCHEMAS.video_seconds_per_call.optional(),
  queries_per_call: USAGE_FIELD_SCHEMAS.queries_per_call.optional(),
} satisfies Record<UsageField, z.ZodOptional<z.ZodNumber>>;

function hasBothRates(values: Partial<Record<UsageField, number>>): boolean {
  return values.requests_per_day !== undefined && values.requests_per_month !== undefined;
}

const BOTH_RATES = {
  message: "set requests_per_day or requests_per_month, not both",
  path: ["requests_per_month"],
};

// The refinements below, restated for the published JSON Schema so editors flag them too.
const NOT_BOTH_RATES = { not: { required: ["requests_per_day", "requests_per_month"] } };
const anyOfRequired = (keys: readonly string[]) => ({ anyOf: keys.map((key) => ({ required: [key] })) });

const usageValues = strictObject(OPTIONAL_USAGE_FIELDS)
  .refine((values) => !hasBothRates(values), BOTH_RATES)
  .meta(NOT_BOTH_RATES)
  .describe("Usage assumptions: any subset of the usage keys.");

const MATCHERS = ["path", "symbol", "model"] as const;

const siteUsage = strictObject({
  path: z.string().min(1).optional().describe('Glob on the repo-relative file path, e.g. "src/support/**".'),
  symbol: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Enclosing symbol, e.g. "SupportAgent.step": exact, or a glob where * matches within one dotted segment and ** across segments.',
    ),
  model: z
    .string()
    .min(1)
    .optional()
    .describe('Glob on the model id as written in code, e.g. "*claude-sonnet*"; a model resolved only at run time never matches.'),
  ...OPTIONAL_USAGE_FIELDS,
})
  .refine((entry) => MATCHERS.some((key) => entry[key] !== undefined), {
    message: `an entry needs at least one matcher: ${MATCHERS.join(", ")}`,
  })
  .refine((entry) => USAGE_FIELDS.some((key) => entry[key] !== undefined), {
    message: `an entry needs at least one usage key: ${USAGE_FIELDS.join(", ")}`,
  })
  .refine((entry) => !hasBothRates(entry), BOTH_RATES)
  .meta({ allOf: [anyOfRequired(MATCHERS), anyOfRequired(USAGE_FIELDS), NOT_BOTH_RATES] })
  .describe("Usage for the call sites that match ALL the given matchers (path, symbol, model).");

const usageSection = strictObject({
  defaults: usageValues.optional().describe("Usage for every call site no entry of `sites` sets; over the built-in defaults."),
  sites: z
    .array(siteUsage)
    .optional()
    .describe("Per-site usage; every matching entry applies, later entries override earlier ones field by field."),
}).describe("Traffic assumptions that price each call site. Inline `bedrock-cost:` annotations take precedence.");

const pricePerMillion = (what: string) => z.number().nonnegative().optional().describe(`USD per 1M ${what} tokens.`);

/** Token prices an override or a custom model may set, USD per 1M tokens. */
const TOKEN_PRICES = {
  input: pricePerMillion("input"),
  output: pricePerMillion("output"),
  cache_read: pricePerMillion("cache read"),
  cache_write_5m: pricePerMillion("cache write (5-minute TTL)"),
  cache_write_1h: pricePerMillion("cache write (1-hour TTL)"),
  batch_input: pricePerMillion("batch input"),
  batch_output: pricePerMillion("batch output"),
};
const PRICE_KEYS = Object.keys(TOKEN_PRICES) as Array<keyof typeof TOKEN_PRICES>;

const priceOverride = strictObject({
  model: z.string().min(1).describe('Glob on the base model id (without geo prefix), e.g. "anthropic.claude-sonnet-4-5*".'),
  ...TOKEN_PRICES,
})
  .refine((entry) => PRICE_KEYS.some((key) => entry[key] !== undefined), {
    message: `an override needs at least one price: ${PRICE_KEYS.join(", ")}`,
  })
  .meta(anyOfRequired(PRICE_KEYS))
  .describe("A negotiated price that replaces the catalog's for matching models.");

const positiveInt = (what: string) => z.number().int().positive().optional().describe(what);

const customModel = strictObject({
  id: z.string().min(1).describe('Base model id as called, without geo prefix, e.g. "acme.private-model-v1".'),
  name: z.string().min(1).optional().describe("Display name."),
  kind: z
    .enum(["text", "embedding"])
    .default("text")
    .describe("text: input and output tokens are billed; embedding: input tokens only."),
  ...TOKEN_PRICES,
  input: z.number().nonnegative().describe("USD per 1M input tokens."),
  output: z.number().nonnegative().describe("USD per 1M output tokens (0 for an embedding model)."),
  max_output_tokens: positiveInt("Largest output the model allows; prices an uncapped call's worst case."),
  context_window: positiveInt("Context window in tokens."),
  cache_min_tokens: positiveInt("Minimum tokens per cache point; shorter prefixes are not cached."),
  regional_premium: z
    .boolean()
    .optional()
    .describe(
      "Whether the catalog's regional premium (+10% on geographic profiles such as us. and on in-Region ids, " +
        "over the global profile) applies to this model; default false.",
    ),
}).describe("A model the built-in catalog lacks.");

const provisionedRate = strictObject({
  model: z.string().min(1).describe("Glob on the base model id."),
  hourly_per_model_unit: strictObject({
    one_month: z.number().positive().optional().describe("USD per model unit per hour, 1-month commitment."),
    six_months: z.number().positive().optional().describe("USD per model unit per hour, 6-month commitment."),
    no_commitment: z.number().positive().optional().describe("USD per model unit per hour, no commitment."),
  })
    .refine((rates) => Object.values(rates).some((rate) => rate !== undefined), {
      message: "give at least one rate: one_month, six_months, no_commitment",
    })
    .meta({ minProperties: 1 })
    .describe("Provisioned Throughput rates, USD per model unit per hour."),
}).describe("Provisioned Throughput rates AWS quotes privately.");

function uniqueBy<T>(key: (item: T) => string, what: string) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(key(item))) ctx.addIssue({ code: "custom", path: [index], message: `${what} "${key(item)}" is listed twice` });
      seen.add(key(item));
    });
  };
}

/** Prices move every few months; a catalog older than this is said to be so in every report. */
export const CATALOG_MAX_AGE_DAYS = 120;

const pricingSection = strictObject({
  region: z.string().min(1).optional().describe("AWS Region a call is priced for when neither its model ARN nor its client names one, e.g. eu-central-1."),
  discount_percent: z.number().min(0).max(100).optional().describe("Discount (0–100) applied to every token price."),
  catalog_max_age_days: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(`Warn in the report when the built-in price catalog was last verified more than this many days ago (default ${CATALOG_MAX_AGE_DAYS}).`),
  overrides: z
    .array(priceOverride)
    .optional()
    .describe("Negotiated prices per 1M tokens; a matching override replaces the catalog price of each key it sets."),
  models: z
    .array(customModel)
    .superRefine(uniqueBy((model) => model.id, "model id"))
    .optional()
    .describe("Models the built-in catalog lacks."),
  provisioned: z.array(provisionedRate).optional().describe("Provisioned Throughput hourly rates per model unit."),
  opensearch_serverless_ocu_hour: z
    .number()
    .positive()
    .optional()
    .describe("USD per OpenSearch Serverless OCU-hour, for knowledge-base vector stores."),
}).describe("Prices: negotiated overrides, discount and models the catalog lacks.");

const policySection = strictObject({
  max_monthly_increase_usd: z
    .number()
    .nonnegative()
    .optional()
    .describe("Fail when the pull request raises the monthly cost by more than this many USD."),
  max_monthly_increase_percent: z
    .number()
    .nonnegative()
    .optional()
    .describe("Fail when the pull request raises the monthly cost by more than this percentage."),
  fail_on_level: z
    .enum(["error", "warning", "never"])
    .default("error")
    .describe("Fail on findings of this level or worse; never: findings alone do not fail."),
}).describe("When the check fails. Read from the base branch: a pull request cannot loosen its own gate.");

export const RULE_LEVELS = ["error", "warning", "notice", "off"] as const;
export const RuleLevel = z.enum(RULE_LEVELS).describe("error | warning | notice | off");
export type RuleLevel = z.infer<typeof RuleLevel>;

/** A rule's setting after parsing: its level when the file sets one, and its options. */
export interface RuleSetting {
  level?: RuleLevel;
  options: Record<string, unknown>;
}

/** Options of each registered rule, keyed by rule id; the schemas do not include `level`. */
export type RuleOptionSchemas = Record<string, z.ZodObject>;

/** `level` or `{ level, ...options }`, normalised to a RuleSetting. `objectForm` is the mapping form's schema. */
function ruleEntry(objectForm: z.ZodType<{ level?: RuleLevel }>): z.ZodType<RuleSetting> {
  return z.union(
    [
      RuleLevel.transform((level): RuleSetting => ({ level, options: {} })),
      objectForm.transform(({ level, ...options }): RuleSetting => (level === undefined ? { options } : { level, options })),
    ],
    { error: `expected a level (${RULE_LEVELS.join(", ")}) or a mapping { level, ...options }` },
  );
}

type RulesSchema = z.ZodType<Partial<Record<string, RuleSetting>>>;

/** Rules as published: options are open, since rules register their option schemas at run time. */
const openRules: RulesSchema = z.record(z.string(), ruleEntry(z.looseObject({ level: RuleLevel.optional() })));

/** Rules as validated: only registered rule ids, and only each rule's own options. */
export function registeredRules(ruleOptions: RuleOptionSchemas): RulesSchema {
  const shape: Record<string, z.ZodOptional<z.ZodType<RuleSetting>>> = {};
  for (const id of Object.keys(ruleOptions).sort()) {
    shape[id] = ruleEntry(strictObject({ level: RuleLevel.optional(), ...ruleOptions[id]!.shape })).optional();
  }
  return strictObject(shape, "rule");
}

const globs = (what: string) => z.array(z.string().min(1)).optional().describe(what);

const pathsSection = strictObject({
  include: globs("Globs of the files to analyse; default: every file."),
  ignore: globs("Globs of files to skip, e.g. tests."),
}).describe("Which files are analysed.");

const commentSection = strictObject({
  behavior: z
    .enum(["update", "new", "hide-and-new", "delete-and-new", "off"])
    .default("update")
    .describe(
      "update: one comment edited in place; new: a new comment each run; " +
        "hide-and-new / delete-and-new: replace the old one; off: no comment.",
    ),
  min_delta_usd: z
    .number()
    .nonnegative()
    .optional()
    .describe("Comment only when the monthly change is at least this many USD (either way)."),
}).describe("The pull request comment.");

const agentEntry = strictObject({
  id: z
    .string()
    .min(1)
    .describe("The agent id an InvokeAgent call names (its agentId), or * for any agent the repository's IaC does not declare."),
  model: z.string().min(1).describe("The agent's foundation model id, e.g. anthropic.claude-3-5-haiku-20241022-v1:0."),
}).describe("A Bedrock agent defined outside this repository (console, another stack): the model its InvokeAgent calls are priced with.");

function repoConfigSchema(rules: RulesSchema) {
  return strictObject({
    $schema: z
      .string()
      .optional()
      .describe("The JSON Schema this file follows, for editors (ignored by the review): the URL in this schema's $id."),
    _extends: z
      .string()
      .optional()
      .describe("GitHub App only: inherit from another repository's file (Probot `_extends`); the CLI does not follow it."),
    usage: usageSection.optional(),
    pricing: pricingSection.optional(),
    agents: z
      .array(agentEntry)
      .optional()
      .describe("Foundation models of agents this repository invokes but does not declare in IaC; the first entry whose id matches wins."),
    policy: policySection.prefault({}),
    rules: rules
      .default({})
      .describe(
        "Rule id -> level (error | warning | notice | off) or { level, ...options }. " +
          "Each rule's options are checked against the rule's own schema when the file is loaded.",
      ),
    paths: pathsSection.optional(),
    comment: commentSection.prefault({}),
  });
}

/** The schema with open rule options: the published JSON Schema and the static types come from it. */
export const RepoConfigSchema = repoConfigSchema(openRules);

/** The schema a loaded file is checked against: unknown rules and rule options are errors. */
export function repoConfigSchemaFor(ruleOptions: RuleOptionSchemas): typeof RepoConfigSchema {
  return repoConfigSchema(registeredRules(ruleOptions));
}

export type RepoConfig = z.output<typeof RepoConfigSchema>;
export type UsageConfig = NonNullable<RepoConfig["usage"]>;
export type SiteUsage = NonNullable<UsageConfig["sites"]>[number];
export type PricingConfig = NonNullable<RepoConfig["pricing"]>;

/** What an empty or absent file means; a fresh object each call, so no caller can alter another's. */
export function defaultConfig(): RepoConfig {
  return RepoConfigSchema.parse({});
}
