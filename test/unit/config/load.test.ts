import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatConfigError, parseConfig, validateConfigObject, type ConfigError } from "../../../src/config/load.js";
import { defaultConfig } from "../../../src/config/schema.js";

const PATH = ".github/bedrock-cost.yml";
const ruleOptions = {
  "uncapped-max-tokens": z.object({}),
  "high-max-tokens": z.object({ max: z.number().int().positive().default(4096) }),
};
const parse = (text: string) => parseConfig(text, { path: PATH, ruleOptions });

const DEFAULTS = { policy: { fail_on_level: "error" }, rules: {}, comment: { behavior: "update" } };

const FULL_FILE = `usage:
  defaults:
    requests_per_day: 2000
    input_tokens: 1500
    output_tokens: 400
    cache_hit_rate: 0.8
    calls_per_request: 1
  sites:
    - path: "src/support/**"
      symbol: "SupportAgent.step"
      model: "*claude-sonnet*"
      requests_per_day: 20000
    - model: "*haiku*"
      requests_per_month: 50000
pricing:
  region: us-east-1
  discount_percent: 10
  overrides:
    - { model: "anthropic.claude-sonnet-4-5*", input: 2.7, output: 13.5 }
  models:
    - { id: "acme.private-model-v1", input: 1, output: 2, max_output_tokens: 8192 }
    - { id: "acme.embed-v1", kind: embedding, input: 0.02, output: 0, regional_premium: true }
  provisioned:
    - model: "anthropic.claude-3-haiku*"
      hourly_per_model_unit: { one_month: 20.5, six_months: 12.0, no_commitment: 30.0 }
  opensearch_serverless_ocu_hour: 0.24
policy:
  max_monthly_increase_usd: 500
  max_monthly_increase_percent: 20
  fail_on_level: warning
rules:
  uncapped-max-tokens: error
  high-max-tokens: { level: warning, max: 4096 }
paths:
  include: ["src/**"]
  ignore: ["**/*.test.ts"]
comment:
  behavior: hide-and-new
  min_delta_usd: 1
`;

describe("parseConfig: valid files", () => {
  it("reads a full file into the typed config, rules normalised to { level, options }", () => {
    expect(parse(FULL_FILE)).toEqual({
      errors: [],
      raw: parseYaml(FULL_FILE),
      // Each entry of a list whose entries match something, at its line: warnings about one point there.
      entryLines: { "usage.sites[0]": 9, "usage.sites[1]": 13, "pricing.overrides[0]": 19, "pricing.models[0]": 21, "pricing.models[1]": 22 },
      config: {
        usage: {
          defaults: { requests_per_day: 2000, input_tokens: 1500, output_tokens: 400, cache_hit_rate: 0.8, calls_per_request: 1 },
          sites: [
            { path: "src/support/**", symbol: "SupportAgent.step", model: "*claude-sonnet*", requests_per_day: 20000 },
            { model: "*haiku*", requests_per_month: 50000 },
          ],
        },
        pricing: {
          region: "us-east-1",
          discount_percent: 10,
          overrides: [{ model: "anthropic.claude-sonnet-4-5*", input: 2.7, output: 13.5 }],
          models: [
            { id: "acme.private-model-v1", kind: "text", input: 1, output: 2, max_output_tokens: 8192 },
            { id: "acme.embed-v1", kind: "embedding", input: 0.02, output: 0, regional_premium: true },
          ],
          provisioned: [
            { model: "anthropic.claude-3-haiku*", hourly_per_model_unit: { one_month: 20.5, six_months: 12, no_commitment: 30 } },
          ],
          opensearch_serverless_ocu_hour: 0.24,
        },
        policy: { max_monthly_increase_usd: 500, max_monthly_increase_percent: 20, fail_on_level: "warning" },
        rules: {
          "uncapped-max-tokens": { level: "error", options: {} },
          "high-max-tokens": { level: "warning", options: { max: 4096 } },
        },
        paths: { include: ["src/**"], ignore: ["**/*.test.ts"] },
        comment: { behavior: "hide-and-new", min_delta_usd: 1 },
      },
    });
  });

  it.each([
    ["an empty file", ""],
    ["a file of comments", "# nothing configured yet\n"],
    ["an empty mapping", "{}\n"],
  ])("treats %s as all defaults", (_name, text) => {
    expect(parse(text)).toEqual({ config: DEFAULTS, errors: [], raw: {} });
  });

  it("keeps a rule's options without a level (the rule's default level applies)", () => {
    expect(parse("rules:\n  high-max-tokens: { max: 8192 }\n").config.rules).toEqual({ "high-max-tokens": { options: { max: 8192 } } });
  });

  it("accepts a $schema key for editors, and a yaml-language-server comment", () => {
    const url = "https://raw.githubusercontent.com/bedrock-cost-review/bedrock-cost-review/main/src/config/bedrock-cost.schema.json";
    const loaded = parse(`# yaml-language-server: $schema=${url}\n$schema: ${url}\npolicy:\n  max_monthly_increase_usd: 50\n`);
    expect(loaded.errors).toEqual([]);
    expect(loaded.config.policy.max_monthly_increase_usd).toBe(50);
    expect(parse("$schema: 12\n").errors[0]).toMatchObject({ line: 1, column: 10 });
  });

  it("accepts Probot's _extends (the CLI does not follow it)", () => {
    expect(parse("_extends: .github\n")).toEqual({ config: { _extends: ".github", ...DEFAULTS }, errors: [], raw: { _extends: ".github" } });
  });
});

const invalid: Array<{ name: string; text: string; errors: Array<Omit<ConfigError, "path">> }> = [
  {
    name: "YAML syntax error",
    text: "usage:\n  defaults:\n    input_tokens: [1500\n",
    errors: [{ line: 4, column: 1, message: "Flow sequence in block collection must be sufficiently indented and end with a ]" }],
  },
  {
    name: "duplicate key",
    text: "policy:\n  fail_on_level: error\npolicy:\n  fail_on_level: never\n",
    errors: [{ line: 3, column: 1, message: "Map keys must be unique" }],
  },
  {
    name: "an unresolved tag (a YAML warning) is an error too",
    text: "comment:\n  behavior: !custom update\n",
    errors: [{ line: 2, column: 13, message: "Unresolved tag: !custom" }],
  },
  {
    name: "several YAML documents",
    text: "usage: {}\n---\nrules: {}\n",
    errors: [{ line: 2, column: 1, message: 'the file must hold one YAML document; remove the second "---"' }],
  },
  {
    name: "aliases that expand without bound",
    text:
      "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n" +
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
    errors: [{ line: 1, column: 1, message: "Excessive alias count indicates a resource exhaustion attack" }],
  },
  {
    name: "wrong type, at the value",
    text: 'usage:\n  sites:\n    - path: "src/**"\n      requests_per_day: lots\n',
    errors: [{ line: 4, column: 25, message: 'usage.sites[0].requests_per_day: expected a number, got string "lots"' }],
  },
  {
    name: "unknown key with a suggestion, at the key",
    text: "usage:\n  defaults:\n    reqests_per_day: 20\n",
    errors: [{ line: 3, column: 5, message: 'usage.defaults: unknown key "reqests_per_day" (did you mean "requests_per_day"?)' }],
  },
  {
    name: "unknown key without a suggestion lists the allowed keys",
    text: "comment:\n  colour: blue\n",
    errors: [{ line: 2, column: 3, message: 'comment: unknown key "colour"; allowed keys: behavior, min_delta_usd' }],
  },
  {
    name: "unknown top-level section",
    text: "rule:\n  uncapped-max-tokens: off\n",
    errors: [{ line: 1, column: 1, message: 'unknown key "rule" (did you mean "rules"?)' }],
  },
  {
    name: "unknown rule id names the known rules",
    text: "rules:\n  uncaped-max-tokens: error\n",
    errors: [
      {
        line: 2,
        column: 3,
        message:
          'rules: unknown rule "uncaped-max-tokens" (did you mean "uncapped-max-tokens"?); known rules: high-max-tokens, uncapped-max-tokens',
      },
    ],
  },
  {
    name: "unknown rule option",
    text: "rules:\n  high-max-tokens: { level: warning, maximum: 4096 }\n",
    errors: [{ line: 2, column: 38, message: 'rules.high-max-tokens: unknown key "maximum"; allowed keys: level, max' }],
  },
  {
    name: "rule option of the wrong type",
    text: "rules:\n  high-max-tokens:\n    max: 2.5\n",
    errors: [{ line: 3, column: 10, message: "rules.high-max-tokens.max: expected a whole number, got number 2.5" }],
  },
  {
    name: "rule level misspelt",
    text: "rules:\n  uncapped-max-tokens: eror\n",
    errors: [
      {
        line: 2,
        column: 24,
        message:
          'rules.uncapped-max-tokens: expected a level (error, warning, notice, off) or a mapping { level, ...options }, got string "eror"',
      },
    ],
  },
  {
    name: "requests_per_day and requests_per_month together",
    text: "usage:\n  defaults:\n    requests_per_day: 100\n    requests_per_month: 3000\n",
    errors: [{ line: 4, column: 25, message: "usage.defaults.requests_per_month: set requests_per_day or requests_per_month, not both" }],
  },
  {
    name: "cache_hit_rate above 1",
    text: "usage:\n  defaults:\n    cache_hit_rate: 1.5\n",
    errors: [{ line: 3, column: 21, message: "usage.defaults.cache_hit_rate: must be at most 1, got number 1.5" }],
  },
  {
    name: "calls_per_request below 1",
    text: "usage:\n  defaults: { calls_per_request: 0 }\n",
    errors: [{ line: 2, column: 34, message: "usage.defaults.calls_per_request: must be at least 1, got number 0" }],
  },
  {
    name: "site entry without a matcher",
    text: "usage:\n  sites:\n    - requests_per_day: 10\n",
    errors: [{ line: 3, column: 7, message: "usage.sites[0]: an entry needs at least one matcher: path, symbol, model" }],
  },
  {
    name: "site entry without a usage key",
    text: 'usage:\n  sites:\n    - path: "src/**"\n',
    errors: [
      {
        line: 3,
        column: 7,
        message:
          "usage.sites[0]: an entry needs at least one usage key: requests_per_day, requests_per_month, input_tokens, output_tokens, cache_hit_rate, calls_per_request, thinking_tokens, images_per_call, video_seconds_per_call, queries_per_call",
      },
    ],
  },
  {
    name: "missing required price, at the entry",
    text: "pricing:\n  models:\n    - { id: acme.x-v1, output: 2 }\n",
    errors: [{ line: 3, column: 7, message: "pricing.models[0].input: missing (expected a number)" }],
  },
  {
    name: "model without an output price",
    text: "pricing:\n  models:\n    - { id: acme.x-v1, input: 1 }\n",
    errors: [{ line: 3, column: 7, message: "pricing.models[0].output: missing (expected a number)" }],
  },
  {
    name: "the same custom model twice",
    text: "pricing:\n  models:\n    - { id: acme.x-v1, input: 1, output: 2 }\n    - { id: acme.x-v1, input: 3, output: 4 }\n",
    errors: [{ line: 4, column: 7, message: 'pricing.models[1]: model id "acme.x-v1" is listed twice' }],
  },
  {
    name: "enum value",
    text: "policy:\n  fail_on_level: fatal\n",
    errors: [{ line: 2, column: 18, message: 'policy.fail_on_level: expected one of "error", "warning", "never", got string "fatal"' }],
  },
  {
    name: "discount over 100",
    text: "pricing:\n  discount_percent: 110\n",
    errors: [{ line: 2, column: 21, message: "pricing.discount_percent: must be at most 100, got number 110" }],
  },
  {
    name: "a list at the top level",
    text: "- usage\n- rules\n",
    errors: [{ line: 1, column: 1, message: "the top level must be a mapping of sections (usage, pricing, policy, rules, paths, comment), got a list" }],
  },
  {
    name: "a scalar at the top level",
    text: "just text\n",
    errors: [{ line: 1, column: 1, message: "the top level must be a mapping of sections (usage, pricing, policy, rules, paths, comment), got a string" }],
  },
  {
    name: "several errors at once, each located",
    text: "usage:\n  defaults:\n    output_tokens: -1\npolicy:\n  max_monthly_increase_usd: lots\n",
    errors: [
      { line: 3, column: 20, message: "usage.defaults.output_tokens: must be at least 0, got number -1" },
      { line: 5, column: 29, message: 'policy.max_monthly_increase_usd: expected a number, got string "lots"' },
    ],
  },
];

describe("parseConfig: invalid files", () => {
  it.each(invalid)("$name", ({ text, errors }) => {
    const result = parse(text);
    expect(result.errors).toEqual(errors.map((e) => ({ path: PATH, ...e })));
    // Nothing half-applied: with any error the caller gets the defaults and must refuse or report.
    expect(result.config).toEqual(DEFAULTS);
  });
});

describe("validateConfigObject (Probot's context.config)", () => {
  it("validates a parsed object; errors have no line and keep the path in the message", () => {
    const result = validateConfigObject({ usage: { defaults: { cache_hit_rate: 1.5 } } }, { path: PATH, ruleOptions });
    expect(result.errors).toEqual([
      { path: PATH, line: 0, column: 0, message: "usage.defaults.cache_hit_rate: must be at most 1, got number 1.5" },
    ]);
  });

  it("treats null (no file) as all defaults", () => {
    expect(validateConfigObject(null, { path: PATH, ruleOptions })).toEqual({ config: DEFAULTS, errors: [], raw: {} });
  });

  it("returns the parsed config", () => {
    const result = validateConfigObject({ rules: { "uncapped-max-tokens": "off" } }, { path: PATH, ruleOptions });
    expect(result).toEqual({ config: { ...DEFAULTS, rules: { "uncapped-max-tokens": { level: "off", options: {} } } }, errors: [], raw: { rules: { "uncapped-max-tokens": "off" } } });
  });
});

describe("formatConfigError", () => {
  it.each([
    [{ path: PATH, line: 3, column: 21, message: "m" }, ".github/bedrock-cost.yml:3:21: m"],
    [{ path: PATH, line: 0, column: 0, message: "m" }, ".github/bedrock-cost.yml: m"],
  ])("%j -> %s", (error, text) => {
    expect(formatConfigError(error)).toBe(text);
  });
});

it("defaultConfig() is what an empty file means, a fresh object each time", () => {
  expect(defaultConfig()).toEqual(DEFAULTS);
  expect(defaultConfig()).not.toBe(defaultConfig());
});
