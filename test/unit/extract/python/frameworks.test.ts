import { describe, expect, it } from "vitest";
import { mayContainBedrockCalls } from "../../../../src/extract/python/prefilter.js";
import { extract, lines, sitesOf } from "./extract-helper.js";

const extractOne = (code: string) => extract(code).sites[0]!;

const STANDARD = { tier: "standard", source: "sdk-default" };
const NOVA_LITE = { id: "amazon.nova-lite-v1:0", source: "literal" };

/** Frameworks that reach Bedrock (issue #10): the site, its line, and the fields read. */
const found = [
  {
    name: "LiteLLM completion with a bedrock/ model string: prefix stripped, max_tokens, system message and a cache_control block",
    code: lines(
      "import litellm",
      "",
      "def answer(q):",
      "    return litellm.completion(",
      '        model="bedrock/us.anthropic.claude-haiku-4-5-20251001-v1:0", max_tokens=800,',
      '        messages=[{"role": "system", "content": [{"type": "text", "text": "Be terse.", "cache_control": {"type": "ephemeral"}}]},',
      '                  {"role": "user", "content": q}])',
    ),
    expected: [{
      line: 4, column: 12, sdk: "litellm", api: "converse", symbol: "answer", key: "app/service.py#answer#converse#0",
      model: { id: "us.anthropic.claude-haiku-4-5-20251001-v1:0", source: "literal" },
      maxTokens: { kind: "static", value: 800, source: "literal" }, cache: "1 system 5m", system: { chars: 9, origin: "literal" },
      tier: STANDARD, embedding: false, notes: [],
    }],
  },
  {
    name: "LiteLLM: bedrock/invoke/ routes to InvokeModel, bedrock/converse/ to Converse; acompletion; max_completion_tokens; a model constant",
    code: lines(
      "from litellm import acompletion, completion",
      'MODEL = "bedrock/converse/amazon.nova-lite-v1:0"',
      'completion(model="bedrock/invoke/anthropic.claude-3-haiku-20240307-v1:0", messages=[])',
      "async def go():",
      "    await acompletion(model=MODEL, max_completion_tokens=300, messages=[])",
    ),
    expected: [
      { line: 3, api: "invoke_model", model: { id: "anthropic.claude-3-haiku-20240307-v1:0", source: "literal" }, maxTokens: { kind: "absent" } },
      { line: 5, api: "converse", model: { id: "amazon.nova-lite-v1:0", source: "constant" }, maxTokens: { kind: "static", value: 300 } },
    ],
  },
  {
    name: "LiteLLM embedding: input only, model from an environment default",
    code: lines(
      "import os, litellm",
      'vec = litellm.embedding(model=os.getenv("EMBED_MODEL", "bedrock/amazon.titan-embed-text-v2:0"), input=["x"])',
    ),
    expected: [{ line: 2, sdk: "litellm", api: "invoke_model", model: { id: "amazon.titan-embed-text-v2:0", source: "env-default", env: "EMBED_MODEL" }, maxTokens: { kind: "absent" }, embedding: true }],
  },
  {
    name: "DSPy LM with a LiteLLM string, positional",
    code: lines("import dspy", 'lm = dspy.LM("bedrock/us.amazon.nova-pro-v1:0", max_tokens=2000)', "dspy.configure(lm=lm)"),
    expected: [{
      line: 2, sdk: "dspy", api: "converse", model: { id: "us.amazon.nova-pro-v1:0", source: "literal" }, maxTokens: { kind: "static", value: 2000, source: "literal" },
      notes: ["DSPy LM object: invoked where it is used; usage counted at its construction"],
    }],
  },
  {
    name: "DSPy before 2.5: AWSAnthropic on a dspy.Bedrock provider (1,500 by default); AWSMeta with max_new_tokens",
    code: lines(
      "import dspy",
      'bedrock = dspy.Bedrock(region_name="us-west-2")',
      'claude = dspy.AWSAnthropic(bedrock, "anthropic.claude-3-haiku-20240307-v1:0")',
      'llama = dspy.AWSMeta(aws_provider=bedrock, model="meta.llama3-8b-instruct-v1:0", max_new_tokens=256)',
      'other = dspy.AWSAnthropic(dspy.Sagemaker(region_name="us-west-2"), "claude-endpoint")',
    ),
    expected: [
      { line: 3, sdk: "dspy", api: "invoke_model", model: { id: "anthropic.claude-3-haiku-20240307-v1:0" }, maxTokens: { kind: "static", value: 1500, source: "sdk-default" } },
      { line: 4, model: { id: "meta.llama3-8b-instruct-v1:0" }, maxTokens: { kind: "static", value: 256, source: "literal" } },
    ],
  },
  {
    name: "CrewAI LLM",
    code: lines("from crewai import LLM", 'llm = LLM(model="bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0", max_tokens=4096)'),
    expected: [{ line: 2, sdk: "crewai", api: "converse", model: { id: "anthropic.claude-3-5-sonnet-20240620-v1:0" }, maxTokens: { kind: "static", value: 4096 } }],
  },
  {
    name: "PydanticAI Agent with a bedrock: string, model_settings and instructions",
    code: lines(
      "from pydantic_ai import Agent",
      'agent = Agent("bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0", instructions="You triage tickets.", model_settings={"max_tokens": 512})',
    ),
    expected: [{
      line: 2, sdk: "pydantic-ai", api: "converse", model: { id: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", source: "literal" },
      maxTokens: { kind: "static", value: 512, source: "literal" }, system: { chars: 19, origin: "literal" },
      notes: ["PydanticAI agent: one run may make several model calls (tools, retries) — set calls_per_request"],
    }],
  },
  {
    name: "PydanticAI BedrockConverseModel (the agent on it is no second site)",
    code: lines(
      "from pydantic_ai import Agent",
      "from pydantic_ai.models.bedrock import BedrockConverseModel",
      'model = BedrockConverseModel("amazon.nova-lite-v1:0")',
      "agent = Agent(model, system_prompt='Hi')",
    ),
    expected: [{ line: 3, sdk: "pydantic-ai", api: "converse", model: NOVA_LITE, maxTokens: { kind: "absent" } }],
  },
  {
    name: "LlamaIndex legacy Bedrock (InvokeModel, 512 by default) and BedrockEmbedding (Titan v1 by default)",
    code: lines(
      "from llama_index.llms.bedrock import Bedrock",
      "from llama_index.embeddings.bedrock import BedrockEmbedding",
      'llm = Bedrock(model="anthropic.claude-v2", system_prompt="Cite sources.")',
      "embed = BedrockEmbedding()",
      'embed3 = BedrockEmbedding(model_name="cohere.embed-english-v3")',
    ),
    expected: [
      { line: 3, sdk: "llamaindex", api: "invoke_model", model: { id: "anthropic.claude-v2" }, maxTokens: { kind: "static", value: 512, source: "sdk-default" }, system: { chars: 13 } },
      { line: 4, api: "invoke_model", model: { id: "amazon.titan-embed-text-v1", source: "sdk-default" }, embedding: true },
      { line: 5, model: { id: "cohere.embed-english-v3", source: "literal" }, embedding: true },
    ],
  },
  {
    name: "Haystack chat generator (generation_kwargs), generator (max_length), embedders",
    code: lines(
      "from haystack_integrations.components.generators.amazon_bedrock import AmazonBedrockChatGenerator, AmazonBedrockGenerator",
      "from haystack_integrations.components.embedders.amazon_bedrock import AmazonBedrockTextEmbedder, AmazonBedrockDocumentEmbedder",
      'chat = AmazonBedrockChatGenerator(model="amazon.nova-lite-v1:0", generation_kwargs={"max_tokens": 700, "temperature": 0})',
      'gen = AmazonBedrockGenerator(model="meta.llama3-8b-instruct-v1:0", max_length=300)',
      'q = AmazonBedrockTextEmbedder(model="cohere.embed-english-v3")',
      'docs = AmazonBedrockDocumentEmbedder(model="amazon.titan-embed-text-v2:0")',
    ),
    expected: [
      { line: 3, sdk: "haystack", api: "converse", model: NOVA_LITE, maxTokens: { kind: "static", value: 700 }, embedding: false },
      { line: 4, api: "invoke_model", model: { id: "meta.llama3-8b-instruct-v1:0" }, maxTokens: { kind: "static", value: 300 } },
      { line: 5, model: { id: "cohere.embed-english-v3" }, embedding: true },
      { line: 6, model: { id: "amazon.titan-embed-text-v2:0" }, embedding: true },
    ],
  },
  {
    name: "rerankers: Haystack AmazonBedrockRanker (its default model), LlamaIndex AWSBedrockRerank, LangChain BedrockRerank; their documents come where they run",
    code: lines(
      "from haystack_integrations.components.rankers.amazon_bedrock import AmazonBedrockRanker",
      "from llama_index.postprocessor.bedrock_rerank import AWSBedrockRerank",
      "from langchain_aws import BedrockRerank",
      "ranker = AmazonBedrockRanker(top_k=3)",
      'post = AWSBedrockRerank(top_n=3, model_id="amazon.rerank-v1:0")',
      'compressor = BedrockRerank(model_arn="arn:aws:bedrock:us-west-2::foundation-model/cohere.rerank-v3-5:0")',
    ),
    expected: [
      { line: 4, sdk: "haystack", api: "rerank", model: { id: "cohere.rerank-v3-5:0", source: "sdk-default" }, maxTokens: { kind: "absent" }, media: { kind: "rerank", count: { kind: "dynamic", origin: "the documents are given where the reranker runs" } } },
      { line: 5, sdk: "llamaindex", api: "rerank", model: { id: "amazon.rerank-v1:0", source: "literal" }, media: { kind: "rerank" } },
      { line: 6, sdk: "langchain", api: "rerank", model: { id: "arn:aws:bedrock:us-west-2::foundation-model/cohere.rerank-v3-5:0" }, media: { kind: "rerank" } },
    ],
  },
  {
    name: "LiteLLM rerank on a bedrock/ model ARN: one query for up to 100 documents",
    code: lines(
      "import litellm",
      'ARN = "bedrock/arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0"',
      'litellm.rerank(model=ARN, query="q", documents=["a", "b", "c"], top_n=2)',
    ),
    expected: [
      { line: 3, sdk: "litellm", api: "rerank", model: { id: "arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0", source: "constant" }, media: { kind: "rerank", count: { kind: "static", value: 1 } } },
    ],
  },
  {
    name: "LiteLLM Router: each model_list deployment routed to Bedrock is a site at the Router, its cap read; other providers' are not",
    code: lines(
      "from litellm import Router",
      'HAIKU = {"model": "bedrock/us.anthropic.claude-haiku-4-5-20251001-v1:0", "max_tokens": 1024}',
      "router = Router(model_list=[",
      '    {"model_name": "fast", "litellm_params": HAIKU},',
      '    {"model_name": "fast", "litellm_params": {"model": "openai/gpt-4o-mini"}},',
      '    {"model_name": "embed", "litellm_params": {"model": "bedrock/amazon.titan-embed-text-v2:0"}},',
      "])",
    ),
    expected: [
      { line: 3, sdk: "litellm", api: "converse", key: "app/service.py#<module>#converse#0", model: { id: "us.anthropic.claude-haiku-4-5-20251001-v1:0", source: "constant" }, maxTokens: { kind: "static", value: 1024 }, notes: [expect.stringMatching(/^LiteLLM Router deployment: .*\(`fast`\)$/)] },
      { line: 3, api: "invoke_model", model: { id: "amazon.titan-embed-text-v2:0" }, embedding: true, maxTokens: { kind: "absent" } },
    ],
  },
  {
    name: "langchain_community BedrockChat / Bedrock / BedrockEmbeddings, read as their langchain_aws successors",
    code: lines(
      "from langchain_community.chat_models import BedrockChat",
      "from langchain_community.llms.bedrock import Bedrock",
      "from langchain_community.embeddings import BedrockEmbeddings",
      'chat = BedrockChat(model_id="anthropic.claude-3-haiku-20240307-v1:0", model_kwargs={"max_tokens": 400})',
      'llm = Bedrock(model_id="amazon.titan-text-express-v1", model_kwargs={"textGenerationConfig": {"maxTokenCount": 256}})',
      "emb = BedrockEmbeddings()",
    ),
    expected: [
      { line: 4, sdk: "langchain", api: "langchain", model: { id: "anthropic.claude-3-haiku-20240307-v1:0" }, maxTokens: { kind: "static", value: 400 } },
      { line: 5, model: { id: "amazon.titan-text-express-v1" }, maxTokens: { kind: "static", value: 256 } },
      { line: 6, model: { id: "amazon.titan-embed-text-v1", source: "sdk-default" }, embedding: true },
    ],
  },
  {
    name: "ChatBedrock: model_kwargs max_tokens on a model from the environment; langchain_aws's 1,024 on Claude without a cap",
    code: lines(
      "import os",
      "from langchain_aws import ChatBedrock",
      'a = ChatBedrock(model_id="anthropic.claude-3-haiku-20240307-v1:0")',
      'b = ChatBedrock(model_id=os.environ["MODEL_ID"], model_kwargs={"max_tokens": 256, "temperature": 0.1})',
    ),
    expected: [
      { line: 3, maxTokens: { kind: "static", value: 1024, source: "sdk-default" } },
      { line: 4, model: { id: null, source: "dynamic", env: "MODEL_ID" }, maxTokens: { kind: "static", value: 256, source: "literal" } },
    ],
  },
  {
    name: "BedrockAgentsRunnable.create_agent: an agent on its foundation model",
    code: lines(
      "from langchain_aws.agents import BedrockAgentsRunnable",
      'agent = BedrockAgentsRunnable.create_agent(agent_name="mortgage", agent_resource_role_arn=ROLE, foundation_model="anthropic.claude-3-sonnet-20240229-v1:0", instruction="You are a mortgage agent.")',
    ),
    expected: [{
      line: 2, sdk: "langchain", api: "agent", model: { id: "anthropic.claude-3-sonnet-20240229-v1:0", source: "literal" }, system: { chars: 25 },
      notes: ["Bedrock agent created by LangChain: each request runs an orchestration loop of several model calls — set calls_per_request"],
    }],
  },
];

describe("frameworks: found, with the fields they write", () => {
  it.each(found)("$name", ({ code, expected }) => {
    const sites = sitesOf(code);
    expect(sites).toHaveLength(expected.length);
    expected.forEach((row, i) => expect(sites[i]).toMatchObject(row));
  });
});

describe("frameworks: not claimed as Bedrock", () => {
  const notFound = [
    { name: "LiteLLM on another provider", code: lines("import litellm", 'litellm.completion(model="gpt-4o", messages=[])  # bedrock elsewhere') },
    { name: "LiteLLM with a model that cannot be read (any provider)", code: lines("import litellm, os", 'litellm.completion(model=os.environ["LLM"], messages=[])  # bedrock') },
    { name: "a local completion() function", code: lines("def completion(model):", "    pass", 'completion(model="bedrock/amazon.nova-lite-v1:0")') },
    { name: "DSPy on OpenAI", code: lines("import dspy", 'dspy.LM("openai/gpt-4o-mini")  # not bedrock') },
    { name: "a PydanticAI agent on another provider", code: lines("from pydantic_ai import Agent", 'Agent("openai:gpt-4o")  # bedrock later') },
    { name: "a Haystack OpenAI generator", code: lines("from haystack.components.generators import OpenAIGenerator", 'OpenAIGenerator(model="gpt-4o")  # AmazonBedrock later') },
  ];
  it.each(notFound)("$name", ({ code }) => {
    expect(sitesOf(code)).toEqual([]);
  });
});

describe("frameworks across modules", () => {
  it("a LiteLLM call whose bedrock/ string is a settings constant of another module is found (and its file passes the prefilter)", () => {
    const code = lines("from litellm import completion", "from app.settings import MODEL", "", "def ask(q):", '    return completion(model=MODEL, messages=[{"role": "user", "content": q}], max_tokens=256)');
    expect(mayContainBedrockCalls(code)).toBe(true);
    const sites = sitesOf(code, "app/service.py", { "app/settings.py": 'MODEL = "bedrock/amazon.nova-lite-v1:0"\n', "app/__init__.py": "" });
    expect(sites).toMatchObject([{ line: 5, sdk: "litellm", model: { id: "amazon.nova-lite-v1:0", source: "constant" }, maxTokens: { kind: "static", value: 256 } }]);
  });
});

describe("a Bedrock method passed as a value is a call site where it is run", () => {
  const client = ["import asyncio, functools, boto3", "from concurrent.futures import ThreadPoolExecutor", "from starlette.concurrency import run_in_threadpool", 'rt = boto3.client("bedrock-runtime")'];
  const cases = [
    { name: "Starlette/FastAPI run_in_threadpool", line: 'async def h(q): return await run_in_threadpool(rt.converse, modelId="amazon.nova-lite-v1:0", messages=q, inferenceConfig={"maxTokens": 300})', api: "converse", maxTokens: 300 },
    { name: "functools.partial handed to run_in_executor", line: 'async def h(q): return await asyncio.get_running_loop().run_in_executor(None, functools.partial(rt.converse, modelId="amazon.nova-lite-v1:0", messages=q, inferenceConfig={"maxTokens": 200}))', api: "converse", maxTokens: 200 },
    { name: "a lambda handed to run_in_executor (the call inside it)", line: 'async def h(q): return await asyncio.get_running_loop().run_in_executor(None, lambda: rt.converse(modelId="amazon.nova-lite-v1:0", messages=q, inferenceConfig={"maxTokens": 100}))', api: "converse", maxTokens: 100 },
    { name: "ThreadPoolExecutor.submit", line: 'def h(q):\n    with ThreadPoolExecutor() as pool: return pool.submit(rt.invoke_model, modelId="amazon.nova-lite-v1:0", body=q).result()', api: "invoke_model", maxTokens: null, at: 6 },
  ];
  it.each(cases)("$name", ({ line, api, maxTokens, at }) => {
    const sites = sitesOf(lines(...client, line));
    expect(sites).toHaveLength(1);
    expect(sites[0]).toMatchObject({ line: at ?? 5, api, model: { id: "amazon.nova-lite-v1:0", source: "literal" } });
    if (maxTokens !== null) expect(sites[0]!.maxTokens).toMatchObject({ kind: "static", value: maxTokens });
  });

  it("run_in_executor's first argument is the executor, not the method", () => {
    expect(sitesOf(lines(...client, "async def h(loop): return await loop.run_in_executor(rt.converse, print)"))).toEqual([]);
  });
});

describe("bedrock-agent-runtime: the operations that run a model", () => {
  const client = ["import boto3", 'agents = boto3.client("bedrock-agent-runtime", region_name="us-east-1")'];
  it("RetrieveAndGenerate (and its stream): generation on modelArn, capped by its text inference config", () => {
    const sites = sitesOf(lines(
      ...client,
      "def ask(q):",
      "    return agents.retrieve_and_generate(input={'text': q}, retrieveAndGenerateConfiguration={'type': 'KNOWLEDGE_BASE', 'knowledgeBaseConfiguration': {",
      "        'knowledgeBaseId': 'KB123', 'modelArn': 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0',",
      "        'generationConfiguration': {'inferenceConfig': {'textInferenceConfig': {'maxTokens': 700}}}}})",
      "def stream(q):",
      "    return agents.retrieve_and_generate_stream(input={'text': q}, retrieveAndGenerateConfiguration={'type': 'KNOWLEDGE_BASE', 'knowledgeBaseConfiguration': {'knowledgeBaseId': 'KB123', 'modelArn': 'anthropic.claude-3-haiku-20240307-v1:0'}})",
    ));
    expect(sites).toMatchObject([
      { line: 4, sdk: "boto3", api: "retrieve_and_generate", model: { id: "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0", source: "literal" }, maxTokens: { kind: "static", value: 700 }, notes: [expect.stringMatching(/^RetrieveAndGenerate: the retrieved passages/)] },
      { line: 8, api: "retrieve_and_generate", model: { id: "anthropic.claude-3-haiku-20240307-v1:0" }, maxTokens: { kind: "absent" } },
    ]);
  });

  it("InvokeInlineAgent: an agent on its foundationModel, its instruction the system prompt", () => {
    const sites = sitesOf(lines(...client, "def run(q):", "    return agents.invoke_inline_agent(sessionId='s', inputText=q, foundationModel='us.amazon.nova-pro-v1:0', instruction='You book meetings for the team.')"));
    expect(sites).toMatchObject([{ line: 4, api: "agent", model: { id: "us.amazon.nova-pro-v1:0" }, system: { chars: 31 } }]);
  });

  it("InvokeAgent: the agent's id, its model unknown until the IaC says (a client made elsewhere is known by agentAliasId)", () => {
    const sites = sitesOf(lines("import os", "def run(agents, q):", "    return agents.invoke_agent(agentId='ABCDEFGHIJ', agentAliasId='TSTALIASID', sessionId='s', inputText=q)  # bedrock"));
    expect(sites).toMatchObject([{ line: 3, api: "agent", model: { id: null, source: "dynamic", origin: "the foundation model of agent ABCDEFGHIJ: InvokeAgent names only the agent" } }]);
    expect(extractOne(lines("import os", "def run(agents, q):", "    return agents.invoke_agent(agentId='ABCDEFGHIJ', agentAliasId='TSTALIASID', sessionId='s', inputText=q)  # bedrock")).invokesAgent).toEqual({ id: "ABCDEFGHIJ" });
  });

  it("Rerank: the model in its reranking configuration, one query per 100 sources (or part of 100)", () => {
    const source = "{'type': 'INLINE', 'inlineDocumentSource': {'type': 'TEXT', 'textDocument': {'text': 'x'}}}";
    const config = "rerankingConfiguration={'type': 'BEDROCK_RERANKING_MODEL', 'bedrockRerankingConfiguration': {'numberOfResults': 3, 'modelConfiguration': {'modelArn': RERANKER}}}";
    const sites = sitesOf(lines(
      ...client,
      "RERANKER = 'arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0'",
      "def few(q):",
      `    return agents.rerank(queries=[{'type': 'TEXT', 'textQuery': {'text': q}}], sources=[${source}, ${source}], ${config})`,
      "def many(q, docs):",
      `    return agents.rerank(queries=[{'type': 'TEXT', 'textQuery': {'text': q}}], sources=[{'type': 'INLINE', 'inlineDocumentSource': {'type': 'TEXT', 'textDocument': {'text': d}}} for d in docs], ${config})`,
      "def big(q):",
      `    return agents.rerank(queries=[], sources=[${Array(150).fill(source).join(", ")}], ${config})`,
    ));
    expect(sites).toMatchObject([
      { line: 5, sdk: "boto3", api: "rerank", model: { id: "arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0", source: "constant" }, maxTokens: { kind: "absent" }, media: { kind: "rerank", count: { kind: "static", value: 1 } } },
      { line: 7, api: "rerank", media: { kind: "rerank", count: { kind: "dynamic" } } },
      { line: 9, api: "rerank", media: { kind: "rerank", count: { kind: "static", value: 2 } } },
    ]);
  });

  it("InvokeFlow: the flow as named, its models at the flow's nodes", () => {
    const [site] = extract(lines(...client, "agents.invoke_flow(flowIdentifier='FLOW12345', flowAliasIdentifier='TSTALIASID', inputs=[])")).sites;
    expect(site).toMatchObject({ location: { line: 3 }, api: "flow", model: { id: null, origin: expect.stringMatching(/^InvokeFlow: its nodes call the models/) }, invokesFlow: { id: "FLOW12345" } });
  });

  it("Retrieve alone is no site (a query embedding); a bedrock-runtime client has no retrieve_and_generate", () => {
    expect(sitesOf(lines(...client, "agents.retrieve(knowledgeBaseId='KB', retrievalQuery={'text': 'q'})"))).toEqual([]);
    expect(sitesOf(lines("import boto3", 'rt = boto3.client("bedrock-runtime")', "rt.retrieve_and_generate(input={}, retrieveAndGenerateConfiguration={})"))).toEqual([]);
  });
});

describe("extended thinking: its budget is read, billed as output", () => {
  const thinking = (code: string) => extract(code).sites.map((s) => s.thinkingBudget);
  it.each([
    {
      name: "Converse additionalModelRequestFields.thinking (Claude)",
      code: lines("import boto3", 'rt = boto3.client("bedrock-runtime")', 'rt.converse(modelId="global.anthropic.claude-sonnet-4-5-20250929-v1:0", messages=[], inferenceConfig={"maxTokens": 8000}, additionalModelRequestFields={"thinking": {"type": "enabled", "budget_tokens": 4000}})'),
      expected: [{ kind: "static", value: 4000, source: "literal" }],
    },
    {
      name: "an Anthropic InvokeModel body, and AnthropicBedrock messages.create",
      code: lines(
        "import boto3, json",
        "from anthropic import AnthropicBedrock",
        'rt = boto3.client("bedrock-runtime")',
        'rt.invoke_model(modelId="anthropic.claude-3-7-sonnet-20250219-v1:0", body=json.dumps({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 6000, "thinking": {"type": "enabled", "budget_tokens": 2048}, "messages": []}))',
        'AnthropicBedrock().messages.create(model="us.anthropic.claude-sonnet-4-5-20250929-v1:0", max_tokens=5000, thinking={"type": "enabled", "budget_tokens": 3000}, messages=[])',
      ),
      expected: [{ kind: "static", value: 2048, source: "literal" }, { kind: "static", value: 3000, source: "literal" }],
    },
    {
      name: "Nova 2's reasoningConfig: on, with an effort and no number",
      code: lines("import boto3", 'rt = boto3.client("bedrock-runtime")', 'rt.converse(modelId="us.amazon.nova-2-lite-v1:0", messages=[], additionalModelRequestFields={"reasoningConfig": {"type": "enabled", "maxReasoningEffort": "high"}})'),
      expected: [{ kind: "dynamic", origin: 'reasoning on without a token budget (effort "high")' }],
    },
    {
      name: "thinking disabled, and no thinking at all",
      code: lines("import boto3", 'rt = boto3.client("bedrock-runtime")', 'rt.converse(modelId="m", messages=[], additionalModelRequestFields={"thinking": {"type": "disabled"}})', 'rt.converse(modelId="m", messages=[])'),
      expected: [undefined, undefined],
    },
  ])("$name", ({ code, expected }) => {
    expect(thinking(code)).toEqual(expected);
  });
});

describe("an ARN whose Region or account comes from a variable still names its model", () => {
  it("f-strings: the unreadable fields read as *, the model is priced, and the origin says where the Region comes from", () => {
    const sites = sitesOf(lines(
      "import os, boto3",
      'REGION = os.environ["AWS_REGION"]',
      'rt = boto3.client("bedrock-runtime")',
      'rt.converse(modelId=f"arn:aws:bedrock:{REGION}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", messages=[])',
      'rt.converse(modelId=f"arn:aws:bedrock:{REGION}:{os.environ[\'ACCOUNT\']}:inference-profile/us.amazon.nova-lite-v1:0", messages=[])',
      'rt.converse(modelId=f"{REGION}.anthropic.claude-3-haiku-20240307-v1:0", messages=[])',
    ));
    expect(sites.map((s) => s.model)).toEqual([
      { id: "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", source: "literal", origin: "the ARN's Region comes from environment variable `AWS_REGION`" },
      { id: "arn:aws:bedrock:*:*:inference-profile/us.amazon.nova-lite-v1:0", source: "literal", origin: "the ARN's Region comes from environment variable `AWS_REGION`; the ARN's account comes from environment variable `ACCOUNT`" },
      { id: null, source: "dynamic", origin: expect.any(String), env: "AWS_REGION" },
    ]);
  });
});
