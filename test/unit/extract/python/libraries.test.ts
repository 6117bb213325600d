import { describe, expect, it } from "vitest";
import { lines, sitesOf } from "./extract-helper.js";

const STANDARD = { tier: "standard", source: "sdk-default" };
const LANGCHAIN_NOTE = "LangChain model object: invoked where it is used; usage counted at its construction";
const STRANDS_NOTE = "Strands agent: one request may make several model calls — set calls_per_request";

const cases = [
  {
    name: "AnthropicBedrock messages.create with a 1h cache_control system block",
    code: lines(
      "from anthropic import AnthropicBedrock",
      "",
      'SYS = "Reply in French."',
      'client = AnthropicBedrock(aws_region="us-east-1")',
      "",
      "def reply(q):",
      "    return client.messages.create(",
      '        model="us.anthropic.claude-haiku-4-5-20251001-v1:0", max_tokens=1024,',
      '        system=[{"type": "text", "text": SYS, "cache_control": {"type": "ephemeral", "ttl": "1h"}}],',
      '        messages=[{"role": "user", "content": q}])',
    ),
    expected: [{
      line: 7, column: 12, sdk: "anthropic-bedrock", api: "anthropic_messages", symbol: "reply",
      key: "app/service.py#reply#anthropic_messages#0",
      model: { id: "us.anthropic.claude-haiku-4-5-20251001-v1:0", source: "literal" },
      maxTokens: { kind: "static", value: 1024, source: "literal" },
      cache: "1 system 1h", system: { chars: 16, origin: "constant SYS" }, tier: STANDARD, embedding: false, notes: [],
    }],
  },
  {
    name: "AsyncAnthropicBedrock beta.messages.stream through `import anthropic`, tools cached, string system",
    code: lines(
      "import anthropic",
      "c = anthropic.AsyncAnthropicBedrock()",
      "async def s(q):",
      '    async with c.beta.messages.stream(model="global.anthropic.claude-sonnet-4-5-20250929-v1:0", max_tokens=2048, system="Be terse.",',
      '            tools=[{"name": "t", "input_schema": {}, "cache_control": {"type": "ephemeral"}}], messages=q) as stream:',
      "        pass",
    ),
    expected: [{
      line: 4, column: 16, api: "anthropic_messages", key: "app/service.py#s#anthropic_messages#0",
      model: { id: "global.anthropic.claude-sonnet-4-5-20250929-v1:0", source: "literal" },
      maxTokens: { kind: "static", value: 2048, source: "literal" }, cache: "1 tools 5m", system: { chars: 9, origin: "literal" },
    }],
  },
  {
    name: "ChatBedrockConverse with model=, an env max_tokens and flex; a system list with a cache point",
    code: lines(
      "import os",
      "from langchain_aws import ChatBedrockConverse",
      "llm = ChatBedrockConverse(",
      '    model="us.amazon.nova-pro-v1:0", max_tokens=int(os.getenv("MAX_TOKENS", "700")), service_tier="flex",',
      '    system=["You are a support agent.", ChatBedrockConverse.create_cache_point()])',
    ),
    expected: [{
      line: 3, column: 7, sdk: "langchain", api: "langchain", symbol: "", key: "app/service.py#<module>#langchain#0",
      model: { id: "us.amazon.nova-pro-v1:0", source: "literal" },
      maxTokens: { kind: "static", value: 700, source: "env-default", env: "MAX_TOKENS" },
      cache: "1 system 5m", system: { chars: 24, origin: "literal" }, tier: { tier: "flex", source: "literal" },
      embedding: false, notes: [LANGCHAIN_NOTE],
    }],
  },
  {
    name: "ChatBedrockConverse without a model has no default in Python",
    code: lines("from langchain_aws import ChatBedrockConverse", "llm = ChatBedrockConverse(temperature=0)"),
    expected: [{ model: { id: null, source: "dynamic", origin: "no model given" }, maxTokens: { kind: "absent" } }],
  },
  {
    name: "ChatBedrock (aliased) and BedrockLLM read the family's cap from model_kwargs",
    code: lines(
      "from langchain_aws import ChatBedrock as Chat, BedrockLLM",
      'a = Chat(model_id="meta.llama3-1-70b-instruct-v1:0", model_kwargs={"max_gen_len": 512, "temperature": 0.2})',
      'b = BedrockLLM(model_id="amazon.titan-text-express-v1", model_kwargs={"textGenerationConfig": {"maxTokenCount": 300}})',
      'c = Chat(model_id="anthropic.claude-3-5-haiku-20241022-v1:0", model_kwargs={"max_gen_len": 512})',
    ),
    expected: [
      { line: 2, api: "langchain", model: { id: "meta.llama3-1-70b-instruct-v1:0", source: "literal" }, maxTokens: { kind: "static", value: 512, source: "literal" } },
      { line: 3, key: "app/service.py#<module>#langchain#1", model: { id: "amazon.titan-text-express-v1", source: "literal" }, maxTokens: { kind: "static", value: 300, source: "literal" } },
      // Real code mixes the keys up: a Llama key in an Anthropic body caps nothing, so langchain_aws's own 1,024 applies.
      { line: 4, model: { id: "anthropic.claude-3-5-haiku-20241022-v1:0", source: "literal" }, maxTokens: { kind: "static", value: 1024, source: "sdk-default" } },
    ],
  },
  {
    name: "BedrockEmbeddings: embedding, with the langchain_aws default model",
    code: lines("from langchain_aws.embeddings import BedrockEmbeddings", "emb = BedrockEmbeddings(region_name='us-east-1')"),
    expected: [{ line: 2, model: { id: "amazon.titan-embed-text-v1", source: "sdk-default" }, maxTokens: { kind: "absent" }, embedding: true, notes: [LANGCHAIN_NOTE] }],
  },
  {
    name: "Strands BedrockModel with cache_prompt; the Agent that uses it adds its system prompt, not a second site",
    code: lines(
      "from strands import Agent",
      "from strands.models import BedrockModel",
      'PROMPT = "You triage tickets."',
      'model = BedrockModel(model_id="us.anthropic.claude-sonnet-4-5-20250929-v1:0", max_tokens=4000, cache_prompt="default", service_tier="priority")',
      "agent = Agent(model=model, system_prompt=PROMPT)",
    ),
    expected: [{
      line: 4, column: 9, sdk: "strands", api: "converse", key: "app/service.py#<module>#converse#0",
      model: { id: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", source: "literal" },
      maxTokens: { kind: "static", value: 4000, source: "literal" }, cache: "1 system 5m",
      system: { chars: 19, origin: "constant PROMPT" }, tier: { tier: "priority", source: "literal" }, notes: [STRANDS_NOTE],
    }],
  },
  {
    name: "Strands Agent with no model uses the SDK default; SystemContentBlock cache point; a model id string",
    code: lines(
      "from strands import Agent",
      "from strands.types.content import SystemContentBlock",
      'a = Agent(system_prompt=[SystemContentBlock(text="Plan."), SystemContentBlock(cachePoint={"type": "default"})])',
      'b = Agent(model="global.anthropic.claude-haiku-4-5-20251001-v1:0")',
    ),
    expected: [
      {
        line: 3, model: { id: "us.anthropic.claude-sonnet-4-20250514-v1:0", source: "sdk-default" }, maxTokens: { kind: "absent" },
        cache: "1 system 5m", system: { chars: 5, origin: "literal" }, notes: [STRANDS_NOTE],
      },
      { line: 4, key: "app/service.py#<module>#converse#1", model: { id: "global.anthropic.claude-haiku-4-5-20251001-v1:0", source: "literal" }, system: null },
    ],
  },
  {
    name: "LlamaIndex BedrockConverse: max_tokens defaults to 512",
    code: lines(
      "from llama_index.llms.bedrock_converse import BedrockConverse",
      'llm = BedrockConverse(model="amazon.nova-lite-v1:0", system_prompt="Cite sources.")',
      'big = BedrockConverse(model="amazon.nova-pro-v1:0", max_tokens=2000)',
    ),
    expected: [
      {
        line: 2, sdk: "llamaindex", api: "converse", model: { id: "amazon.nova-lite-v1:0", source: "literal" },
        maxTokens: { kind: "static", value: 512, source: "sdk-default" }, system: { chars: 13, origin: "literal" },
      },
      { line: 3, maxTokens: { kind: "static", value: 2000, source: "literal" } },
    ],
  },
];

describe("Anthropic, LangChain, Strands, LlamaIndex: found", () => {
  it.each(cases)("$name", ({ code, expected }) => {
    const sites = sitesOf(code);
    expect(sites).toHaveLength(expected.length);
    expected.forEach((row, i) => expect(sites[i]).toMatchObject(row));
  });
});

describe("not found without the right import", () => {
  const notFound = [
    { name: "first-party Anthropic client", code: lines("from anthropic import Anthropic", "Anthropic().messages.create(model='claude-sonnet-4-5', max_tokens=5)") },
    { name: "a local class named like a library one", code: lines("class BedrockModel:", "    pass", "m = BedrockModel(model_id='x')") },
    { name: "langchain_community is another package", code: lines("from langchain_openai import ChatOpenAI", "ChatOpenAI(model='gpt-4o')") },
    { name: "a Strands agent on another provider", code: lines("from strands import Agent", "from strands.models.openai import OpenAIModel", "Agent(model=OpenAIModel(model_id='gpt-4o'))") },
  ];
  it.each(notFound)("$name", ({ code }) => {
    expect(sitesOf(code)).toEqual([]);
  });
});
