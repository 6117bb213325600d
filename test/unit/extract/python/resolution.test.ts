import { describe, expect, it } from "vitest";
import { lines, sitesOf } from "./extract-helper.js";

/** Every case calls `rt.converse(modelId=<expr>)` after the given lines, at module level unless indented. */
const converse = (...setup: string[]) =>
  lines("import os, boto3, textwrap", 'rt = boto3.client("bedrock-runtime")', ...setup);

describe("model id resolution", () => {
  const cases = [
    {
      name: "os.environ.get with a default",
      code: converse('rt.converse(modelId=os.environ.get("CHAT_MODEL", "amazon.nova-lite-v1:0"))'),
      model: { id: "amazon.nova-lite-v1:0", source: "env-default", env: "CHAT_MODEL" },
    },
    {
      name: "os.getenv with a default through a constant",
      code: converse('MODEL = os.getenv("CHAT_MODEL", "amazon.nova-pro-v1:0")', "rt.converse(modelId=MODEL)"),
      model: { id: "amazon.nova-pro-v1:0", source: "env-default", env: "CHAT_MODEL" },
    },
    {
      name: "os.environ.get(...) or a literal",
      code: converse('rt.converse(modelId=os.environ.get("CHAT_MODEL") or "amazon.nova-micro-v1:0")'),
      model: { id: "amazon.nova-micro-v1:0", source: "env-default", env: "CHAT_MODEL" },
    },
    {
      name: "from os import getenv",
      code: lines("from os import getenv", "import boto3", 'boto3.client("bedrock-runtime").converse(modelId=getenv("M", "amazon.nova-lite-v1:0"))'),
      model: { id: "amazon.nova-lite-v1:0", source: "env-default", env: "M" },
    },
    {
      name: "f-string whose parts resolve",
      code: converse('GEO = "us"', 'BASE = "anthropic.claude-sonnet-4-5-20250929-v1:0"', 'rt.converse(modelId=f"{GEO}.{BASE}")'),
      model: { id: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", source: "constant" },
    },
    {
      name: "f-string with an env default part",
      code: converse('rt.converse(modelId=f"{os.getenv(\'GEO\', \'eu\')}.amazon.nova-lite-v1:0")'),
      model: { id: "eu.amazon.nova-lite-v1:0", source: "env-default", env: "GEO" },
    },
    {
      name: "f-string with an unresolved part",
      code: converse("def f(geo):", '    rt.converse(modelId=f"{geo}.amazon.nova-lite-v1:0")'),
      model: { id: null, source: "dynamic", origin: "parameter `geo`" },
    },
    {
      name: "+ concatenation and implicit concatenation",
      code: converse('PREFIX = "global."', 'rt.converse(modelId=PREFIX + "anthropic.claude-haiku-4-5" "-20251001-v1:0")'),
      model: { id: "global.anthropic.claude-haiku-4-5-20251001-v1:0", source: "constant" },
    },
    {
      name: "class attribute through self",
      code: converse("class Bot:", '    MODEL = "amazon.nova-lite-v1:0"', "    def ask(self):", "        rt.converse(modelId=self.MODEL)"),
      model: { id: "amazon.nova-lite-v1:0", source: "constant" },
    },
    {
      name: "class attribute through cls and the class name",
      code: converse(
        "class Bot:",
        '    MODEL = "amazon.nova-pro-v1:0"',
        "    @classmethod",
        "    def ask(cls):",
        "        rt.converse(modelId=cls.MODEL)",
        "        rt.converse(modelId=Bot.MODEL)",
      ),
      model: { id: "amazon.nova-pro-v1:0", source: "constant" },
    },
    {
      name: "attribute set once in __init__ from a defaulted parameter",
      code: converse(
        "class Bot:",
        '    def __init__(self, model_id="amazon.nova-lite-v1:0"):',
        "        self.model_id = model_id",
        "    def ask(self):",
        "        rt.converse(modelId=self.model_id)",
      ),
      model: { id: "amazon.nova-lite-v1:0", source: "constant", origin: "default of parameter `model_id`" },
    },
    {
      name: "default argument",
      code: converse('def ask(q, model_id: str = "us.amazon.nova-2-lite-v1:0"):', "    rt.converse(modelId=model_id)"),
      model: { id: "us.amazon.nova-2-lite-v1:0", source: "constant", origin: "default of parameter `model_id`" },
    },
    {
      name: "a None default is dynamic",
      code: converse("def ask(q, model_id=None):", "    rt.converse(modelId=model_id)"),
      model: { id: null, source: "dynamic", origin: "parameter `model_id`" },
    },
    {
      name: "attribute never assigned in the class",
      code: converse("class Bot:", "    def ask(self):", "        rt.converse(modelId=self.model)"),
      model: { id: null, source: "dynamic", origin: "`self.model` is not assigned in class `Bot`" },
    },
    {
      name: "attribute of a settings object",
      code: converse("from config import settings", "rt.converse(modelId=settings.chat_model)"),
      model: { id: null, source: "dynamic", origin: "value of `config.settings.chat_model` from another module" },
    },
    {
      name: "a loop variable",
      code: converse('for m in ["a", "b"]:', "    rt.converse(modelId=m)"),
      model: { id: null, source: "dynamic", origin: "loop variable `m`" },
    },
    {
      name: "nested dict read and dict()",
      code: converse('CONFIG = {"chat": dict(model="amazon.nova-lite-v1:0")}', 'rt.converse(modelId=CONFIG["chat"]["model"])'),
      model: { id: "amazon.nova-lite-v1:0", source: "constant" },
    },
  ];
  it.each(cases)("$name", ({ code, model }) => {
    const sites = sitesOf(code);
    expect(sites.length).toBeGreaterThan(0);
    for (const site of sites) expect(site.model).toEqual(model);
  });
});

describe("invoke_model bodies: the max-token key by model family", () => {
  const body = (model: string, json: string) =>
    lines("import json, boto3", 'rt = boto3.client("bedrock-runtime")', `rt.invoke_model(modelId="${model}", body=json.dumps(${json}))`);
  const cases = [
    { family: "anthropic", code: body("anthropic.claude-3-5-haiku-20241022-v1:0", '{"anthropic_version": "bedrock-2023-05-31", "max_tokens": 700}'), value: 700 },
    { family: "anthropic via ARN", code: body("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0", '{"max_tokens": 701}'), value: 701 },
    { family: "nova max_new_tokens", code: body("us.amazon.nova-lite-v1:0", '{"inferenceConfig": {"max_new_tokens": 702}}'), value: 702 },
    { family: "nova maxTokens", code: body("amazon.nova-2-lite-v1:0", '{"inferenceConfig": {"maxTokens": 703}}'), value: 703 },
    { family: "titan text", code: body("amazon.titan-text-premier-v1:0", '{"inputText": "x", "textGenerationConfig": {"maxTokenCount": 704}}'), value: 704 },
    { family: "meta", code: body("meta.llama3-1-8b-instruct-v1:0", '{"prompt": "x", "max_gen_len": 705}'), value: 705 },
    { family: "mistral", code: body("mistral.mistral-7b-instruct-v0:2", '{"prompt": "x", "max_tokens": 706}'), value: 706 },
    { family: "cohere", code: body("cohere.command-r-v1:0", '{"message": "x", "max_tokens": 707}'), value: 707 },
    { family: "deepseek", code: body("us.deepseek.r1-v1:0", '{"prompt": "x", "max_tokens": 708}'), value: 708 },
    { family: "ai21", code: body("ai21.jamba-1-5-mini-v1:0", '{"messages": [], "max_tokens": 709}'), value: 709 },
    { family: "openai", code: body("openai.gpt-oss-120b-1:0", '{"messages": [], "max_completion_tokens": 710}'), value: 710 },
    { family: "unknown model tries every key", code: body("acme.model-v1", '{"textGenerationConfig": {"maxTokenCount": 711}}'), value: 711 },
  ];
  it.each(cases)("$family", ({ code, value }) => {
    expect(sitesOf(code)[0]?.maxTokens).toEqual({ kind: "static", value, source: "literal" });
  });

  it("the wrong family's key is not read: meta body key on a Titan model is absent", () => {
    const code = body("amazon.titan-text-express-v1", '{"max_gen_len": 100}');
    expect(sitesOf(code)[0]?.maxTokens).toEqual({ kind: "absent" });
  });

  it("a body that is a parameter leaves max tokens dynamic", () => {
    const code = lines("import json, boto3", 'rt = boto3.client("bedrock-runtime")', "def f(payload):", '    rt.invoke_model(modelId="meta.llama3-1-8b-instruct-v1:0", body=json.dumps(payload))');
    expect(sitesOf(code)[0]?.maxTokens).toEqual({ kind: "dynamic", origin: "parameter `payload`" });
  });

  const systems = [
    { family: "cohere preamble", code: body("cohere.command-r-plus-v1:0", '{"message": "q", "preamble": "Be kind."}'), system: { chars: 8, origin: "literal" } },
    { family: "nova system blocks", code: body("amazon.nova-pro-v1:0", '{"system": [{"text": "Four"}, {"cachePoint": {"type": "default"}}]}'), system: { chars: 4, origin: "literal" } },
    { family: "openai developer message", code: body("openai.gpt-oss-20b-1:0", '{"messages": [{"role": "developer", "content": "Six!!!"}, {"role": "user", "content": "x"}]}'), system: { chars: 6, origin: "literal" } },
  ];
  it.each(systems)("system prompt: $family", ({ code, system }) => {
    expect(sitesOf(code)[0]?.system).toEqual(system);
  });
});

describe("system prompts", () => {
  it("a prompt read from a literal path: chars unknown without the file, counted with it", () => {
    const code = lines(
      "import boto3",
      "from pathlib import Path",
      'SYSTEM = Path("prompts/support.md").read_text()',
      'boto3.client("bedrock-runtime").converse(modelId="amazon.nova-lite-v1:0", system=[{"text": SYSTEM}])',
    );
    expect(sitesOf(code)[0]?.system).toEqual({ chars: null, origin: "read from prompts/support.md" });
    expect(sitesOf(code, "app/service.py", { "app/prompts/support.md": "0123456789" })[0]?.system).toEqual({ chars: 10, origin: "read from prompts/support.md" });
  });

  it("open(...).read() and textwrap.dedent of a triple-quoted literal", () => {
    const code = lines(
      "import boto3, textwrap",
      'rt = boto3.client("bedrock-runtime")',
      'rt.converse(modelId="amazon.nova-lite-v1:0", system=[{"text": open("sys.txt").read()}])',
      'S = textwrap.dedent("""',
      "    Line one.",
      "      Line two.",
      '""").strip()',
      'rt.converse(modelId="amazon.nova-lite-v1:0", system=[{"text": S}])',
    );
    const [first, second] = sitesOf(code);
    expect(first?.system).toEqual({ chars: null, origin: "read from sys.txt" });
    // "Line one.\n  Line two." = 9 + 1 + 11
    expect(second?.system).toEqual({ chars: 21, origin: "constant S" });
  });

  it("escapes count as one character; a dynamic part makes the size unknown", () => {
    const code = lines(
      "import boto3",
      'rt = boto3.client("bedrock-runtime")',
      'rt.converse(modelId="amazon.nova-lite-v1:0", system=[{"text": "a\\tb\\n"}])',
      "def f(extra):",
      '    rt.converse(modelId="amazon.nova-lite-v1:0", system=[{"text": "Rules."}, {"text": extra}])',
    );
    const [first, second] = sitesOf(code);
    expect(first?.system).toEqual({ chars: 4, origin: "literal" });
    expect(second?.system).toEqual({ chars: null, origin: "parameter `extra`" });
  });
});
