import { describe, expect, it } from "vitest";
import { lines, sitesOf } from "./extract-helper.js";

const STANDARD = { tier: "standard", source: "sdk-default" };

describe("boto3: found", () => {
  const cases = [
    {
      name: "converse with system cache point, cap and flex tier",
      code: lines(
        "import boto3",
        "",
        'SYSTEM = "You answer questions about invoices."',
        'client = boto3.client("bedrock-runtime", region_name="us-east-1")',
        "",
        "def answer(question):",
        "    return client.converse(",
        '        modelId="us.anthropic.claude-sonnet-4-5-20250929-v1:0",',
        '        system=[{"text": SYSTEM}, {"cachePoint": {"type": "default", "ttl": "1h"}}],',
        '        messages=[{"role": "user", "content": [{"text": question}]}],',
        '        inferenceConfig={"maxTokens": 1024},',
        '        serviceTier={"type": "flex"},',
        "    )",
      ),
      expected: [{
        line: 7, column: 12, sdk: "boto3", api: "converse", symbol: "answer", key: "app/service.py#answer#converse#0",
        model: { id: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", source: "literal" },
        maxTokens: { kind: "static", value: 1024, source: "literal" },
        cache: "1 system 1h",
        system: { chars: 36, origin: "constant SYSTEM" },
        tier: { tier: "flex", source: "literal" },
        embedding: false, notes: [],
      }],
    },
    {
      name: "converse_stream on a session client stored on self, cache points in tools and messages",
      code: lines(
        "import boto3",
        "",
        "class Assistant:",
        "    def __init__(self):",
        '        self.rt = boto3.Session(profile_name="prod").client(service_name="bedrock-runtime")',
        "",
        "    def stream(self, q, tools):",
        "        return self.rt.converse_stream(",
        '            modelId="amazon.nova-pro-v1:0",',
        '            toolConfig={"tools": [{"toolSpec": {"name": "lookup"}}, {"cachePoint": {"type": "default"}}]},',
        '            messages=[{"role": "user", "content": [{"text": q}, {"cachePoint": {"type": "default"}}]}],',
        "        )",
      ),
      expected: [{
        line: 8, column: 16, sdk: "boto3", api: "converse_stream", symbol: "Assistant.stream",
        key: "app/service.py#Assistant.stream#converse_stream#0",
        model: { id: "amazon.nova-pro-v1:0", source: "literal" },
        maxTokens: { kind: "absent" }, cache: "2 tools,messages 5m", system: null, tier: STANDARD, embedding: false, notes: [],
      }],
    },
    {
      name: "invoke_model with an Anthropic body in a variable, cache_control and priority",
      code: lines(
        "import json",
        "import boto3 as aws",
        "",
        'rt = aws.client("bedrock-runtime")',
        'MODEL_ID = "eu.anthropic.claude-haiku-4-5-20251001-v1:0"',
        "",
        "def summarise(text):",
        "    body = {",
        '        "anthropic_version": "bedrock-2023-05-31",',
        '        "max_tokens": 400,',
        '        "system": [{"type": "text", "text": "Summarise.", "cache_control": {"type": "ephemeral"}}],',
        '        "messages": [{"role": "user", "content": text}],',
        "    }",
        '    return rt.invoke_model(modelId=MODEL_ID, body=json.dumps(body), serviceTier="priority")',
      ),
      expected: [{
        line: 14, column: 12, sdk: "boto3", api: "invoke_model", symbol: "summarise", key: "app/service.py#summarise#invoke_model#0",
        model: { id: "eu.anthropic.claude-haiku-4-5-20251001-v1:0", source: "constant" },
        maxTokens: { kind: "static", value: 400, source: "constant" },
        cache: "1 system 5m", system: { chars: 10, origin: "constant body" },
        tier: { tier: "priority", source: "literal" }, embedding: false, notes: [],
      }],
    },
    {
      name: "invoke_model_with_response_stream in a loop; a Titan embedding call",
      code: lines(
        "import json, boto3",
        'bedrock = boto3.client("bedrock-runtime")',
        "for doc in docs:",
        '    bedrock.invoke_model_with_response_stream(modelId="mistral.mistral-large-2402-v1:0", body=json.dumps({"prompt": doc, "max_tokens": 256}))',
        'vec = bedrock.invoke_model(modelId="amazon.titan-embed-text-v2:0", body=json.dumps({"inputText": "hi"}))',
      ),
      expected: [
        {
          line: 4, column: 5, api: "invoke_model_stream", symbol: "", key: "app/service.py#<module>#invoke_model_stream#0",
          model: { id: "mistral.mistral-large-2402-v1:0", source: "literal" },
          maxTokens: { kind: "static", value: 256, source: "literal" }, embedding: false, notes: ["inside a loop"],
        },
        {
          line: 5, column: 7, api: "invoke_model", key: "app/service.py#<module>#invoke_model#0",
          model: { id: "amazon.titan-embed-text-v2:0", source: "literal" }, maxTokens: { kind: "absent" }, embedding: true, notes: [],
        },
      ],
    },
    {
      name: "aioboto3 async with client; start_async_invoke",
      code: lines(
        "import aioboto3",
        "",
        "async def ask(q):",
        "    session = aioboto3.Session()",
        '    async with session.client("bedrock-runtime") as brt:',
        '        return await brt.converse(modelId="us.amazon.nova-2-lite-v1:0", messages=[q], inferenceConfig={"maxTokens": 800})',
        "",
        "async def video(brt2):",
        '    async with aioboto3.Session().client("bedrock-runtime") as c:',
        '        await c.start_async_invoke(modelId="amazon.nova-reel-v1:1", modelInput={"taskType": "TEXT_VIDEO"})',
      ),
      expected: [
        {
          line: 6, column: 22, api: "converse", symbol: "ask", key: "app/service.py#ask#converse#0",
          model: { id: "us.amazon.nova-2-lite-v1:0", source: "literal" }, maxTokens: { kind: "static", value: 800, source: "literal" },
        },
        {
          line: 10, column: 15, api: "async_invoke", symbol: "video", key: "app/service.py#video#async_invoke#0",
          model: { id: "amazon.nova-reel-v1:1", source: "literal" }, maxTokens: { kind: "absent" },
        },
      ],
    },
    {
      name: "batch job on the control-plane client",
      code: lines(
        "import boto3",
        'bedrock = boto3.client("bedrock")',
        "def nightly(role):",
        '    bedrock.create_model_invocation_job(jobName="nightly", roleArn=role, modelId="anthropic.claude-haiku-4-5-20251001-v1:0",',
        '        inputDataConfig={"s3InputDataConfig": {"s3Uri": "s3://in/"}}, outputDataConfig={"s3OutputDataConfig": {"s3Uri": "s3://out/"}})',
      ),
      expected: [{
        line: 4, column: 5, sdk: "boto3", api: "batch_job", symbol: "nightly", key: "app/service.py#nightly#batch_job#0",
        model: { id: "anthropic.claude-haiku-4-5-20251001-v1:0", source: "literal" }, maxTokens: { kind: "absent" },
        cache: "0 - 5m", system: null, tier: STANDARD, embedding: false, notes: ["max tokens are set per record in the S3 input file"],
      }],
    },
    {
      name: "ordinals count per symbol and api; the whole request as **kwargs",
      code: lines(
        "import boto3",
        'rt = boto3.client("bedrock-runtime")',
        'REQUEST = {"modelId": "meta.llama3-3-70b-instruct-v1:0", "inferenceConfig": {"maxTokens": 300}}',
        "def twice(q):",
        "    rt.converse(**REQUEST, messages=q)",
        '    rt.converse(modelId="amazon.nova-micro-v1:0", messages=q)',
      ),
      expected: [
        {
          line: 5, key: "app/service.py#twice#converse#0",
          model: { id: "meta.llama3-3-70b-instruct-v1:0", source: "constant" }, maxTokens: { kind: "static", value: 300, source: "constant" },
        },
        { line: 6, key: "app/service.py#twice#converse#1", model: { id: "amazon.nova-micro-v1:0", source: "literal" }, maxTokens: { kind: "absent" } },
      ],
    },
    {
      name: "a client passed in, in a file that uses boto3: recognised by method and modelId",
      code: lines(
        "from mypy_boto3_bedrock_runtime import BedrockRuntimeClient",
        "def reply(client: BedrockRuntimeClient, q):",
        '    return client.converse(modelId="us.anthropic.claude-haiku-4-5-20251001-v1:0", messages=q)',
      ),
      expected: [{
        line: 3, api: "converse", model: { id: "us.anthropic.claude-haiku-4-5-20251001-v1:0", source: "literal" },
        notes: ["client not resolved in this file: recognised by its method and modelId argument"],
      }],
    },
    {
      // Issue #8: the engine extracts files that reach a Bedrock module without naming boto3; a client parameter is enough.
      name: "a passed-in client in a file without the AWS SDK: the parameter and modelId say Bedrock",
      code: lines("def f(client):", '    client.converse(modelId="amazon.nova-lite-v1:0")'),
      expected: [{
        line: 2, api: "converse", model: { id: "amazon.nova-lite-v1:0", source: "literal" },
        notes: ["client not resolved in this file: recognised by its method and modelId argument"],
      }],
    },
  ];
  it.each(cases)("$name", ({ code, expected }) => {
    const sites = sitesOf(code);
    expect(sites).toHaveLength(expected.length);
    expected.forEach((row, i) => expect(sites[i]).toMatchObject(row));
  });
});

describe("boto3: not found", () => {
  const cases = [
    { name: "unrelated converse() on a chat object", code: lines("from chat import Chat", "Chat().converse(modelId='x')", "bot.converse(q)") },
    { name: "an s3 client", code: lines("import boto3", 's3 = boto3.client("s3")', 's3.invoke_model(modelId="x")', 's3.put_object(Bucket="bedrock")') },
    { name: "a runtime method on the control-plane client", code: lines("import boto3", 'b = boto3.client("bedrock")', 'b.converse(modelId="amazon.nova-lite-v1:0")') },
    { name: "mentions in comments and strings", code: lines("# client.converse(modelId='anthropic.claude')", 'DOC = "rt.invoke_model(modelId=\'amazon.nova-lite-v1:0\')"') },
    { name: "a passed-in client without modelId", code: lines("import boto3", "def f(client):", "    client.converse(messages=[])") },
  ];
  it.each(cases)("$name", ({ code }) => {
    expect(sitesOf(code)).toEqual([]);
  });
});

describe("boto3: dynamic values say what they depend on", () => {
  const cases = [
    {
      name: "model from a parameter",
      code: lines("import boto3", 'rt = boto3.client("bedrock-runtime")', "def f(model_id):", "    rt.converse(modelId=model_id)"),
      model: { id: null, source: "dynamic", origin: "parameter `model_id`" },
    },
    {
      name: "model from an environment variable without default",
      code: lines("import os, boto3", 'rt = boto3.client("bedrock-runtime")', 'rt.converse(modelId=os.environ["CHAT_MODEL"])'),
      model: { id: null, source: "dynamic", origin: "environment variable `CHAT_MODEL`", env: "CHAT_MODEL" },
    },
    {
      name: "model from os.getenv without default",
      code: lines("import os, boto3", 'rt = boto3.client("bedrock-runtime")', 'rt.converse(modelId=os.getenv("CHAT_MODEL"))'),
      model: { id: null, source: "dynamic", origin: "environment variable `CHAT_MODEL`", env: "CHAT_MODEL" },
    },
    {
      name: "model from a call result",
      code: lines("import boto3", 'rt = boto3.client("bedrock-runtime")', "rt.converse(modelId=pick_model())"),
      model: { id: null, source: "dynamic", origin: "result of `pick_model()`" },
    },
    {
      name: "model reassigned in its scope",
      code: lines("import boto3", 'rt = boto3.client("bedrock-runtime")', 'M = "amazon.nova-lite-v1:0"', "if big:", '    M = "amazon.nova-pro-v1:0"', "rt.converse(modelId=M)"),
      model: { id: null, source: "dynamic", origin: "`M` is assigned more than once" },
    },
    {
      name: "no modelId at all",
      code: lines("import boto3", 'rt = boto3.client("bedrock-runtime")', "rt.converse(messages=[])"),
      model: { id: null, source: "dynamic", origin: "no modelId given" },
    },
  ];
  it.each(cases)("$name", ({ code, model }) => {
    const [site] = sitesOf(code);
    expect(site?.model).toEqual(model);
  });

  it("max tokens from a dict spread that cannot be resolved is dynamic, not absent", () => {
    const code = lines("import boto3", 'rt = boto3.client("bedrock-runtime")', "def f(cfg):", '    rt.converse(modelId="amazon.nova-lite-v1:0", inferenceConfig={**cfg})');
    expect(sitesOf(code)[0]?.maxTokens).toEqual({ kind: "dynamic", origin: "parameter `cfg`" });
  });

  it("a service tier that is not an API value is dynamic", () => {
    const code = lines("import boto3", 'rt = boto3.client("bedrock-runtime")', 'rt.converse(modelId="amazon.nova-lite-v1:0", serviceTier={"type": "turbo"})');
    expect(sitesOf(code)[0]?.tier).toEqual({ tier: null, source: "dynamic", origin: 'unknown service tier "turbo"' });
  });

  it('serviceTier "default" means standard, as written', () => {
    const code = lines("import boto3", 'rt = boto3.client("bedrock-runtime")', 'rt.converse(modelId="amazon.nova-lite-v1:0", serviceTier={"type": "default"})');
    expect(sitesOf(code)[0]?.tier).toEqual({ tier: "standard", source: "literal" });
  });
});
