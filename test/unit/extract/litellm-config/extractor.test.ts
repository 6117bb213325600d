import { describe, expect, it } from "vitest";
import { litellmConfigExtractor } from "../../../../src/extract/litellm-config/index.js";

const extract = (text: string, path = "proxy/config.yaml") => litellmConfigExtractor.extract({ path, text });
const yaml = (...lines: string[]) => lines.join("\n") + "\n";

/** LiteLLM proxy configs (issue #10): each model_list entry routed to Bedrock is a site at its `model:` line. */
describe("LiteLLM proxy config", () => {
  it.each([
    {
      name: "bedrock/ id with max_tokens: the alias is the symbol, the cap read",
      entry: ["  - model_name: claude", "    litellm_params:", "      model: bedrock/us.anthropic.claude-haiku-4-5-20251001-v1:0", "      max_tokens: 1024"],
      expected: { line: 4, symbol: "claude", api: "converse", model: { id: "us.anthropic.claude-haiku-4-5-20251001-v1:0", source: "literal" }, maxTokens: { kind: "static", value: 1024 }, embedding: false },
    },
    {
      name: "bedrock/invoke/ routes to InvokeModel; no cap is uncapped",
      entry: ["  - model_name: haiku", "    litellm_params:", "      model: bedrock/invoke/anthropic.claude-3-haiku-20240307-v1:0"],
      expected: { line: 4, api: "invoke_model", model: { id: "anthropic.claude-3-haiku-20240307-v1:0" }, maxTokens: { kind: "absent" } },
    },
    {
      name: "a bare Bedrock id, which LiteLLM maps to Bedrock, said",
      entry: ["  - model_name: nova", "    litellm_params:", "      model: amazon.nova-pro-v1:0"],
      expected: { line: 4, model: { id: "amazon.nova-pro-v1:0" }, notes: [expect.any(String), "a bare Bedrock model id: LiteLLM routes it to Bedrock by its model map"] },
    },
    {
      name: "os.environ/ reference: dynamic, the variable recorded",
      entry: ["  - model_name: default", "    litellm_params:", "      model: os.environ/BEDROCK_MODEL_ID", "      max_tokens: os.environ/MAX_TOKENS"],
      expected: { line: 4, model: { id: null, source: "dynamic", env: "BEDROCK_MODEL_ID" }, maxTokens: { kind: "dynamic", origin: "environment variable MAX_TOKENS" } },
    },
    {
      name: "an embedding model: input only, no cap",
      entry: ["  - model_name: embed", "    litellm_params:", "      model: bedrock/amazon.titan-embed-text-v2:0", "    model_info:", "      mode: embedding"],
      expected: { line: 4, api: "invoke_model", embedding: true, maxTokens: { kind: "absent" } },
    },
  ])("$name", ({ entry, expected: { line, ...fields } }) => {
    const { sites, problems } = extract(yaml("model_list:", ...entry));
    expect(problems).toEqual([]);
    expect(sites).toMatchObject([{ ...fields, sdk: "litellm", language: "yaml", location: { path: "proxy/config.yaml", line } }]);
  });

  it("another provider's entries, and YAML without a model_list, are no sites", () => {
    expect(extract(yaml("model_list:", "  - model_name: gpt", "    litellm_params:", "      model: openai/gpt-4o", "  - model_name: local", "    litellm_params:", "      model: ollama/llama3")).sites).toEqual([]);
    expect(extract(yaml("litellm_params:", "  model: bedrock/amazon.nova-lite-v1:0")).sites).toEqual([]);
  });

  it("two entries under one alias (load balancing) are two sites with their own keys; an annotation above an entry sets its usage", () => {
    const { sites } = extract(yaml(
      "model_list:",
      "  # bedrock-cost: requests_per_day=200",
      "  - model_name: chat",
      "    litellm_params:",
      "      model: bedrock/us.amazon.nova-lite-v1:0",
      "  - model_name: chat",
      "    litellm_params:",
      "      model: bedrock/eu.amazon.nova-lite-v1:0",
    ));
    expect(sites.map((s) => [s.key, s.location.line, s.annotation?.fields])).toEqual([
      ["proxy/config.yaml#chat#converse#0", 5, { requests_per_day: "200" }],
      ["proxy/config.yaml#chat#converse#1", 8, undefined],
    ]);
  });

  it("a YAML syntax error is a located problem, not a crash", () => {
    const { sites, problems } = extract("model_list:\n  - model_name: [unclosed\n    litellm_params: {model: bedrock/x}\n");
    expect(sites).toEqual([]);
    expect(problems).toMatchObject([{ path: "proxy/config.yaml", message: expect.stringMatching(/^YAML syntax error/) }]);
  });

  it("the prefilter wants both model_list and litellm_params", () => {
    expect(litellmConfigExtractor.mayContainCalls("model_list:\n  - litellm_params:\n")).toBe(true);
    expect(litellmConfigExtractor.mayContainCalls("Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n")).toBe(false);
    expect(litellmConfigExtractor.handles("proxy/config.yml")).toBe(true);
    expect(litellmConfigExtractor.handles("proxy/config.json")).toBe(false);
  });
});
