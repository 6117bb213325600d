import { describe, expect, it } from "vitest";
import type { UsageConfig } from "../../../src/config/schema.js";
import { BUILT_IN_USAGE, resolveUsage } from "../../../src/cost/usage.js";
import type { CallSite, MaxTokens, MediaRequest, ResolvedModel } from "../../../src/model/call-site.js";

const CONFIG = ".github/bedrock-cost.yml";
const SONNET = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const HAIKU = "anthropic.claude-haiku-4-5-20251001-v1:0";

function site(over: { path?: string; symbol?: string; model?: ResolvedModel; annotation?: Record<string, string>; thinkingBudget?: MaxTokens; media?: MediaRequest } = {}): CallSite {
  const path = over.path ?? "src/support/agent.ts";
  return {
    key: `${path}#x#converse#0`,
    location: { path, line: 42, column: 5, endLine: 46, endColumn: 7 },
    language: "typescript",
    sdk: "aws-sdk-js-v3",
    api: "converse",
    symbol: over.symbol ?? "SupportAgent.step",
    ordinal: 0,
    model: over.model ?? { id: SONNET, source: "literal" },
    maxTokens: { kind: "absent" },
    cachePoints: { count: 0, locations: [], ttl: "5m" },
    systemPrompt: null,
    serviceTier: { tier: "standard", source: "sdk-default" },
    embedding: false,
    notes: [],
    ...(over.annotation ? { annotation: { line: 40, fields: over.annotation } } : {}),
    ...(over.thinkingBudget ? { thinkingBudget: over.thinkingBudget } : {}),
    ...(over.media ? { media: over.media } : {}),
  };
}

const BUILT_IN = { kind: "default", where: "built-in default" } as const;

describe("resolveUsage: built-in defaults", () => {
  it("prices an undescribed site with the built-in defaults", () => {
    expect(resolveUsage({ site: site(), systemPromptTokens: null }, undefined, CONFIG)).toEqual({
      assumptions: {
        // 1,000 × 730 / 24 = 30,416.67
        requestsPerMonth: { value: 30_416.666666666668, origin: BUILT_IN, derivation: "1,000/day × 730/24" },
        inputTokens: { value: 1500, origin: BUILT_IN },
        outputTokens: { value: 400, origin: BUILT_IN },
        cacheHitRate: { value: 0.8, origin: BUILT_IN },
        callsPerRequest: { value: 1, origin: BUILT_IN },
        thinkingTokens: { value: 0, origin: BUILT_IN },
        imagesPerCall: { value: 1, origin: BUILT_IN },
        videoSecondsPerCall: { value: 6, origin: BUILT_IN },
        queriesPerCall: { value: 1, origin: BUILT_IN },
        source: "default",
      },
      problems: [],
    });
  });

  it("a call that turns thinking on is assumed to spend its whole budget; one without a readable budget, nothing, said", () => {
    const budget = resolveUsage({ site: site({ thinkingBudget: { kind: "static", value: 4096, source: "literal" } }), systemPromptTokens: null }, undefined, CONFIG);
    expect(budget.assumptions.thinkingTokens).toEqual({ value: 4096, origin: BUILT_IN, derivation: "the call's thinking budget, 4,096, used in full" });
    const effort = resolveUsage({ site: site({ thinkingBudget: { kind: "dynamic", origin: 'reasoning on without a token budget (effort "high")' } }), systemPromptTokens: null }, undefined, CONFIG);
    expect(effort.assumptions.thinkingTokens).toEqual({ value: 0, origin: BUILT_IN, derivation: 'thinking is on but its budget is not known (reasoning on without a token budget (effort "high")): set thinking_tokens' });
  });

  it.each([
    { name: "images: the request's numberOfImages", media: { kind: "image", count: { kind: "static", value: 3, source: "literal" } }, field: "imagesPerCall", expected: { value: 3, origin: BUILT_IN, derivation: "the request's numberOfImages" } },
    { name: "video: an unreadable durationSeconds keeps the default, said", media: { kind: "video", count: { kind: "dynamic", origin: "parameter seconds" } }, field: "videoSecondsPerCall", expected: { value: 6, origin: BUILT_IN, derivation: "durationSeconds is not readable (parameter seconds): set video_seconds_per_call" } },
    { name: "rerank: one query per 100 documents", media: { kind: "rerank", count: { kind: "static", value: 2, source: "literal" } }, field: "queriesPerCall", expected: { value: 2, origin: BUILT_IN, derivation: "one query per 100 documents the request sends" } },
    { name: "rerank: documents given at run time keep one query, said", media: { kind: "rerank", count: { kind: "dynamic", origin: "the documents are given where the reranker runs" } }, field: "queriesPerCall", expected: { value: 1, origin: BUILT_IN, derivation: "the number of documents is not readable (the documents are given where the reranker runs): set queries_per_call" } },
  ] as const)("units per call by default come from the request — $name", ({ media, field, expected }) => {
    const resolved = resolveUsage({ site: site({ media }), systemPromptTokens: null, media: media.kind }, undefined, CONFIG);
    expect(resolved.assumptions[field]).toEqual(expected);
  });

  it("thinking_tokens set for every call makes the usage 'config' only at calls that think", () => {
    const usage: UsageConfig = { defaults: { thinking_tokens: 800 } };
    expect(resolveUsage({ site: site(), systemPromptTokens: null }, usage, CONFIG).assumptions.source).toBe("default");
    const thinking = resolveUsage({ site: site({ thinkingBudget: { kind: "static", value: 4096, source: "literal" } }), systemPromptTokens: null }, usage, CONFIG);
    expect(thinking.assumptions).toMatchObject({ thinkingTokens: { value: 800 }, source: "config" });
  });

  it("derives input tokens from a known static system prompt: prompt + 500 user tokens", () => {
    const { assumptions } = resolveUsage({ site: site(), systemPromptTokens: 1200 }, undefined, CONFIG);
    expect(assumptions.inputTokens).toEqual({
      value: 1700,
      origin: BUILT_IN,
      derivation: "system prompt ≈1,200 tokens + 500 user tokens",
    });
  });

  it("lets any configured input_tokens replace the system-prompt estimate", () => {
    const usage: UsageConfig = { defaults: { input_tokens: 5000 } };
    const { assumptions } = resolveUsage({ site: site(), systemPromptTokens: 1200 }, usage, CONFIG);
    expect(assumptions.inputTokens).toEqual({ value: 5000, origin: { kind: "config", where: `${CONFIG} usage.defaults` } });
  });

  it("exports the built-in defaults for the report", () => {
    expect(BUILT_IN_USAGE).toEqual({
      requests_per_day: 1000,
      user_input_tokens: 500,
      input_tokens: 1500,
      output_tokens: 400,
      cache_hit_rate: 0.8,
      calls_per_request: 1,
      agent_calls_per_request: 5,
    });
  });
});

describe("resolveUsage: precedence, field by field", () => {
  const DEFAULTS = `${CONFIG} usage.defaults`;
  const SITE0 = `${CONFIG} usage.sites[0] (path: src/support/**)`;
  const SITE1 = `${CONFIG} usage.sites[1] (model: *claude-sonnet*)`;
  const INLINE = "src/support/agent.ts:40";
  const defaults = { requests_per_day: 2000, input_tokens: 3000, output_tokens: 500 };
  const site0 = { path: "src/support/**", output_tokens: 600, cache_hit_rate: 0.5 };
  const site1 = { model: "*claude-sonnet*", output_tokens: 700, calls_per_request: 3 };

  // [layers, requests/month, input, output, cache hit rate, calls per request, source]; each cell is [value, where].
  const table: Array<{
    name: string;
    usage?: UsageConfig;
    annotation?: Record<string, string>;
    expected: Record<"requestsPerMonth" | "inputTokens" | "outputTokens" | "cacheHitRate" | "callsPerRequest", [number, string]>;
    source: string;
  }> = [
    {
      name: "built-in only",
      expected: {
        requestsPerMonth: [30_416.666666666668, "built-in default"],
        inputTokens: [1500, "built-in default"],
        outputTokens: [400, "built-in default"],
        cacheHitRate: [0.8, "built-in default"],
        callsPerRequest: [1, "built-in default"],
      },
      source: "default",
    },
    {
      name: "usage.defaults over built-in",
      usage: { defaults },
      expected: {
        requestsPerMonth: [60_833.333333333336, DEFAULTS], // 2,000 × 730 / 24
        inputTokens: [3000, DEFAULTS],
        outputTokens: [500, DEFAULTS],
        cacheHitRate: [0.8, "built-in default"],
        callsPerRequest: [1, "built-in default"],
      },
      source: "config",
    },
    {
      name: "a matching site entry over usage.defaults",
      usage: { defaults, sites: [site0] },
      expected: {
        requestsPerMonth: [60_833.333333333336, DEFAULTS],
        inputTokens: [3000, DEFAULTS],
        outputTokens: [600, SITE0],
        cacheHitRate: [0.5, SITE0],
        callsPerRequest: [1, "built-in default"],
      },
      source: "config",
    },
    {
      name: "two overlapping site entries: the later wins where both set a field",
      usage: { defaults, sites: [site0, site1] },
      expected: {
        requestsPerMonth: [60_833.333333333336, DEFAULTS],
        inputTokens: [3000, DEFAULTS],
        outputTokens: [700, SITE1],
        cacheHitRate: [0.5, SITE0],
        callsPerRequest: [3, SITE1],
      },
      source: "config",
    },
    {
      name: "the inline annotation over everything",
      usage: { defaults, sites: [site0, site1] },
      annotation: { output_tokens: "300", requests_per_month: "9000" },
      expected: {
        requestsPerMonth: [9000, INLINE],
        inputTokens: [3000, DEFAULTS],
        outputTokens: [300, INLINE],
        cacheHitRate: [0.5, SITE0],
        callsPerRequest: [3, SITE1],
      },
      source: "inline",
    },
  ];

  it.each(table)("$name", ({ usage, annotation, expected, source }) => {
    const { assumptions, problems } = resolveUsage(
      { site: site(annotation ? { annotation } : {}), systemPromptTokens: null },
      usage,
      CONFIG,
    );
    expect(problems).toEqual([]);
    expect(assumptions.source).toBe(source);
    const actual = Object.fromEntries(
      Object.entries(expected).map(([field]) => {
        const a = assumptions[field as keyof typeof expected];
        return [field, [a.value, a.origin.where]];
      }),
    );
    expect(actual).toEqual(expected);
  });

  it("labels each origin with its kind", () => {
    const { assumptions } = resolveUsage(
      { site: site({ annotation: { output_tokens: "300" } }), systemPromptTokens: null },
      { defaults, sites: [site0] },
      CONFIG,
    );
    expect(assumptions.outputTokens.origin).toEqual({ kind: "inline", where: "src/support/agent.ts:40" });
    expect(assumptions.cacheHitRate.origin).toEqual({ kind: "config", where: SITE0 });
    expect(assumptions.callsPerRequest.origin).toEqual({ kind: "default", where: "built-in default" });
  });
});

describe("resolveUsage: matchers (an entry applies when ALL its matchers match)", () => {
  const ARN = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123";
  const DYNAMIC: ResolvedModel = { id: null, source: "dynamic", origin: "parameter `modelId`" };
  const cases: Array<[string, Record<string, string>, Parameters<typeof site>[0], boolean]> = [
    ["path glob, inside", { path: "src/support/**" }, { path: "src/support/deep/agent.ts" }, true],
    ["path glob, outside", { path: "src/support/**" }, { path: "src/billing/agent.ts" }, false],
    ["path glob * stays in one folder", { path: "src/*.ts" }, { path: "src/support/agent.ts" }, false],
    ["path glob matches dot folders", { path: "**/*.ts" }, { path: ".github/scripts/x.ts" }, true],
    ["symbol exact", { symbol: "SupportAgent.step" }, { symbol: "SupportAgent.step" }, true],
    ["symbol exact is not a prefix", { symbol: "SupportAgent" }, { symbol: "SupportAgent.step" }, false],
    ["symbol * within one segment", { symbol: "SupportAgent.*" }, { symbol: "SupportAgent.step" }, true],
    ["symbol * does not cross a dot", { symbol: "SupportAgent.*" }, { symbol: "SupportAgent.step.retry" }, false],
    ["symbol ** crosses dots", { symbol: "SupportAgent.**" }, { symbol: "SupportAgent.step.retry" }, true],
    ["symbol leading *", { symbol: "*.step" }, { symbol: "BillingAgent.step" }, true],
    ["model glob", { model: "*claude-sonnet*" }, { model: { id: SONNET, source: "constant" } }, true],
    ["model glob, other model", { model: "*claude-sonnet*" }, { model: { id: HAIKU, source: "literal" } }, false],
    ["model glob is anchored", { model: "anthropic.*" }, { model: { id: SONNET, source: "literal" } }, false],
    ["model glob * crosses / and :", { model: "arn:aws:bedrock:*/abc*" }, { model: { id: ARN, source: "literal" } }, true],
    ["model ? is one character", { model: "??.anthropic.*" }, { model: { id: SONNET, source: "literal" } }, true],
    ["model env fallback counts as written", { model: "*haiku*" }, { model: { id: HAIKU, source: "env-default", env: "MODEL" } }, true],
    ["a dynamic model never matches a model glob", { model: "*" }, { model: DYNAMIC }, false],
    ["a dynamic model still matches a path-only entry", { path: "src/**" }, { model: DYNAMIC }, true],
    ["all match", { path: "src/support/**", symbol: "SupportAgent.*", model: "us.*" }, {}, true],
    ["path matches, model does not", { path: "src/support/**", model: "*haiku*" }, {}, false],
    ["model matches, symbol does not", { symbol: "Other.*", model: "*sonnet*" }, {}, false],
  ];

  it.each(cases)("%s", (_name, matchers, siteOver, matches) => {
    const usage: UsageConfig = { sites: [{ ...matchers, output_tokens: 999 }] };
    const { assumptions } = resolveUsage({ site: site(siteOver), systemPromptTokens: null }, usage, CONFIG);
    expect(assumptions.outputTokens.value).toBe(matches ? 999 : 400);
  });
});

describe("resolveUsage: requests per day vs per month", () => {
  const cases: Array<{ name: string; usage: UsageConfig; annotation?: Record<string, string>; value: number; derivation?: string }> = [
    {
      name: "per day in a site entry beats per month in defaults",
      usage: { defaults: { requests_per_month: 90_000 }, sites: [{ path: "src/**", requests_per_day: 100 }] },
      value: 3_041.6666666666665, // 100 × 730 / 24
      derivation: "100/day × 730/24",
    },
    {
      name: "per month in a site entry beats per day in defaults",
      usage: { defaults: { requests_per_day: 100 }, sites: [{ path: "src/**", requests_per_month: 5_000 }] },
      value: 5_000,
    },
    {
      name: "per month in defaults beats the built-in per day",
      usage: { defaults: { requests_per_month: 12_345 } },
      value: 12_345,
    },
    {
      name: "inline per day beats config per month",
      usage: { defaults: { requests_per_month: 12_345 } },
      annotation: { requests_per_day: "20_000" },
      value: 608_333.3333333334, // 20,000 × 730 / 24
      derivation: "20,000/day × 730/24",
    },
    {
      name: "fractional per day",
      usage: { defaults: { requests_per_day: 2.5 } },
      value: 76.04166666666667, // 2.5 × 730 / 24
      derivation: "2.5/day × 730/24",
    },
  ];

  it.each(cases)("$name", ({ usage, annotation, value, derivation }) => {
    const { assumptions } = resolveUsage({ site: site(annotation ? { annotation } : {}), systemPromptTokens: null }, usage, CONFIG);
    expect(assumptions.requestsPerMonth.value).toBe(value);
    expect(assumptions.requestsPerMonth.derivation).toBe(derivation);
  });
});

describe("resolveUsage: invalid inline annotations", () => {
  const ALLOWED = "requests_per_day, requests_per_month, input_tokens, output_tokens, cache_hit_rate, calls_per_request, thinking_tokens, images_per_call, video_seconds_per_call, queries_per_call";
  const cases: Array<{ name: string; fields: Record<string, string>; problems: string[]; applied: Partial<Record<string, number>> }> = [
    {
      name: "unknown key with a suggestion, the rest applied",
      fields: { reqests_per_day: "5", output_tokens: "250" },
      problems: [`bedrock-cost annotation: unknown key "reqests_per_day" (did you mean "requests_per_day"?); allowed keys: ${ALLOWED}; ignored`],
      applied: { outputTokens: 250, requestsPerMonth: 30_416.666666666668 },
    },
    {
      name: "unknown key without a suggestion",
      fields: { temperature: "0.2" },
      problems: [`bedrock-cost annotation: unknown key "temperature"; allowed keys: ${ALLOWED}; ignored`],
      applied: {},
    },
    {
      name: "not a number",
      fields: { output_tokens: "lots", calls_per_request: "2" },
      problems: ["bedrock-cost annotation: output_tokens=lots: expected a number; ignored"],
      applied: { outputTokens: 400, callsPerRequest: 2 },
    },
    {
      name: "out of range",
      fields: { cache_hit_rate: "1.5", calls_per_request: "0" },
      problems: [
        "bedrock-cost annotation: cache_hit_rate=1.5: must be at most 1, got number 1.5; ignored",
        "bedrock-cost annotation: calls_per_request=0: must be at least 1, got number 0; ignored",
      ],
      applied: { cacheHitRate: 0.8, callsPerRequest: 1 },
    },
    {
      name: "negative",
      fields: { input_tokens: "-10" },
      problems: ["bedrock-cost annotation: input_tokens=-10: must be at least 0, got number -10; ignored"],
      applied: { inputTokens: 1500 },
    },
    {
      name: "both request rates",
      fields: { requests_per_day: "10", requests_per_month: "300", output_tokens: "100" },
      problems: ["bedrock-cost annotation: set requests_per_day or requests_per_month, not both; both ignored"],
      applied: { requestsPerMonth: 30_416.666666666668, outputTokens: 100 },
    },
  ];

  it.each(cases)("$name", ({ fields, problems, applied }) => {
    const result = resolveUsage({ site: site({ annotation: fields }), systemPromptTokens: null }, undefined, CONFIG);
    expect(result.problems).toEqual(problems.map((message) => ({ path: "src/support/agent.ts", line: 40, message, warning: true })));
    for (const [field, value] of Object.entries(applied)) {
      expect(result.assumptions[field as "outputTokens"].value).toBe(value);
    }
  });

  it("an annotation whose every key was rejected does not make the source inline", () => {
    const result = resolveUsage({ site: site({ annotation: { output_tokens: "lots" } }), systemPromptTokens: null }, undefined, CONFIG);
    expect(result.assumptions.source).toBe("default");
  });
});

describe("resolveUsage: Bedrock agents", () => {
  it("prices an agent at 5 model calls per request unless the config says otherwise", () => {
    const agent: CallSite = { ...site(), api: "agent", sdk: "bedrock-agent", language: "terraform" };
    const { assumptions } = resolveUsage({ site: agent, systemPromptTokens: null }, undefined, ".github/bedrock-cost.yml");
    expect(assumptions.callsPerRequest).toEqual({
      value: 5,
      origin: { kind: "default", where: "built-in default" },
      derivation: "Bedrock agent: orchestration makes several model calls per request",
    });
    const configured = resolveUsage({ site: agent, systemPromptTokens: null }, { defaults: { calls_per_request: 8 } }, ".github/bedrock-cost.yml");
    expect(configured.assumptions.callsPerRequest.value).toBe(8);
  });
});

describe("resolveUsage: a wrapper's site priced per caller path", () => {
  const caller = (path: string, symbol: string, line: number, annotation?: Record<string, string>) => ({
    path,
    line,
    column: 3,
    symbol,
    callee: "chat",
    ordinal: 0,
    ...(annotation ? { annotation: { line: line - 1, fields: annotation } } : {}),
  });
  const wrapped = (callers: CallSite["callers"], annotation?: Record<string, string>): CallSite => ({
    ...site({ path: "src/lib/llm.ts", symbol: "chat", ...(annotation ? { annotation } : {}) }),
    callers: callers!,
  });

  it("matches usage.sites path and symbol against a caller on the way, not only the site", () => {
    const usage: UsageConfig = {
      sites: [
        { path: "src/routes/**", symbol: "POST", requests_per_day: 24_000 },
        { path: "src/lib/**", symbol: "POST", output_tokens: 999 }, // path of the site, symbol of a caller: no single place matches both
      ],
    };
    const inner = caller("src/services/summary.ts", "summarize", 10);
    const outer = caller("src/routes/summary.ts", "POST", 5);
    const { assumptions } = resolveUsage({ site: wrapped([inner, outer]), systemPromptTokens: null }, usage, CONFIG);
    expect(assumptions.requestsPerMonth).toMatchObject({ value: 730_000, origin: { kind: "config", where: `${CONFIG} usage.sites[0] (path: src/routes/**, symbol: POST)` } });
    expect(assumptions.outputTokens.value).toBe(400);
  });

  it("annotations above the callers' calls price the path; the outermost caller wins over the inner one and the site", () => {
    const inner = caller("src/services/summary.ts", "summarize", 10, { requests_per_day: "100", output_tokens: "50" });
    const outer = caller("src/routes/summary.ts", "POST", 5, { requests_per_day: "2400" });
    const { assumptions, problems } = resolveUsage({ site: wrapped([inner, outer], { input_tokens: "800", requests_per_day: "1" }), systemPromptTokens: null }, undefined, CONFIG);
    expect(problems).toEqual([]);
    expect(assumptions.requestsPerMonth).toMatchObject({ value: 73_000, origin: { kind: "inline", where: "src/routes/summary.ts:4" } });
    expect(assumptions.outputTokens).toEqual({ value: 50, origin: { kind: "inline", where: "src/services/summary.ts:9" } });
    expect(assumptions.inputTokens).toEqual({ value: 800, origin: { kind: "inline", where: "src/lib/llm.ts:40" } });
  });

  it("a bad key in a caller's annotation is a problem at that caller's line", () => {
    const outer = caller("src/routes/summary.ts", "POST", 5, { request_per_day: "10" });
    const { problems } = resolveUsage({ site: wrapped([outer]), systemPromptTokens: null }, undefined, CONFIG);
    expect(problems).toEqual([{ path: "src/routes/summary.ts", line: 4, message: expect.stringContaining('unknown key "request_per_day"'), warning: true }]);
  });
});
