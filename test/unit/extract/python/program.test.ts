import { afterEach, describe, expect, it, vi } from "vitest";
import { Parser, Tree } from "web-tree-sitter";
import { loadPythonExtractor } from "../../../../src/extract/python/index.js";
import { loadPythonParser } from "../../../../src/extract/python/parser.js";
import { PyProgram } from "../../../../src/extract/python/program.js";
import type { CallSite } from "../../../../src/model/call-site.js";
import { SideProgram } from "../../../../src/repository/program.js";
import { lines, sitesOf } from "./extract-helper.js";

/*
 * Whole-program resolution in Python, one form per row: the call site is in `at` (its text is
 * files[at]), what it depends on lives in the other files of the side. Each row states every site found
 * in `at`: its line, API, model id and model source — found, not found ([]), or dynamic with the reason.
 */

const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const SONNET = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const NOVA = "us.amazon.nova-lite-v1:0";

interface Row {
  name: string;
  at: string;
  files: Record<string, string | { kind: "skipped"; reason: string }>;
  /** [line, api, model id, model source] per site, in order; [] when no site is found. */
  sites: Array<[number, string, string | null, string]>;
  /** The first site's model origin, for dynamic rows. */
  origin?: string;
  /** The first site's notes. */
  notes?: string[];
}

function sitesIn(row: Pick<Row, "at" | "files">): CallSite[] {
  const extractor = loadedExtractor;
  const text = row.files[row.at] as string;
  return extractor.extract({ path: row.at, text }, SideProgram.ofFiles(row.files)).sites;
}

function run(row: Row) {
  const sites = sitesIn(row);
  expect(sites.map((s) => [s.location.line, s.api, s.model.id, s.model.source])).toEqual(row.sites);
  if (row.origin !== undefined) expect(sites[0]?.model.origin).toBe(row.origin);
  if (row.notes !== undefined) expect(sites[0]?.notes).toEqual(row.notes);
}

const CLIENT = 'import boto3\nbedrock = boto3.client("bedrock-runtime")\n';
const converse = (imports: string, client: string, model = `"${HAIKU}"`) => lines(imports, `${client}.converse(modelId=${model}, messages=[])`);

describe("imports through the module graph", () => {
  const rows: Row[] = [
    {
      name: "from a.b.c import client: a module-level client of another module, in a file that never names boto3",
      at: "app/routes/triage.py",
      files: { "app/core/clients.py": CLIENT, "app/routes/triage.py": converse("from app.core.clients import bedrock", "bedrock") },
      sites: [[2, "converse", HAIKU, "literal"]],
    },
    {
      name: "import a.b.c as alias, then alias.NAME",
      at: "app/routes/triage.py",
      files: {
        "app/core/clients.py": CLIENT,
        "app/core/settings.py": `TRIAGE_MODEL_ID = "${SONNET}"\n`,
        "app/routes/triage.py": converse("import app.core.clients as c\nimport app.core.settings as s", "c.bedrock", "s.TRIAGE_MODEL_ID"),
      },
      sites: [[3, "converse", SONNET, "constant"]],
    },
    {
      name: "from . import module",
      at: "app/core/triage.py",
      files: { "app/core/clients.py": CLIENT, "app/core/triage.py": converse("from . import clients", "clients.bedrock") },
      sites: [[2, "converse", HAIKU, "literal"]],
    },
    {
      name: "from ..core import name, two packages up",
      at: "app/api/v1/triage.py",
      files: { "app/api/clients.py": CLIENT, "app/api/v1/triage.py": converse("from ..clients import bedrock", "bedrock") },
      sites: [[2, "converse", HAIKU, "literal"]],
    },
    {
      name: "re-exported by a package's __init__.py",
      at: "app/routes/triage.py",
      files: {
        "app/core/__init__.py": "from .clients import bedrock\n",
        "app/core/clients.py": CLIENT,
        "app/routes/triage.py": converse("from app.core import bedrock", "bedrock"),
      },
      sites: [[2, "converse", HAIKU, "literal"]],
    },
    {
      name: "a star import in the package re-exports it too",
      at: "app/routes/triage.py",
      files: {
        "app/core/__init__.py": "from .clients import *\n",
        "app/core/clients.py": CLIENT,
        "app/routes/triage.py": converse("from app.core import bedrock", "bedrock"),
      },
      sites: [[2, "converse", HAIKU, "literal"]],
    },
    {
      name: "a src/ layout",
      at: "src/app/routes/triage.py",
      files: { "src/app/core/clients.py": CLIENT, "src/app/routes/triage.py": converse("from app.core.clients import bedrock", "bedrock") },
      sites: [[2, "converse", HAIKU, "literal"]],
    },
    {
      name: "a monorepo of two services with an `app` package each: the nearest one",
      at: "services/chat/app/routes.py",
      files: {
        "services/chat/app/__init__.py": "",
        "services/chat/app/config.py": `MODEL_ID = "${NOVA}"\n`,
        "services/search/app/__init__.py": "",
        "services/search/app/config.py": `MODEL_ID = "${HAIKU}"\n`,
        "services/chat/app/routes.py": lines("import boto3", "from app.config import MODEL_ID", 'boto3.client("bedrock-runtime").converse(modelId=MODEL_ID)'),
      },
      sites: [[3, "converse", NOVA, "constant"]],
    },
    {
      name: "a root a pyproject.toml declares (setuptools package-dir)",
      at: "backend/app/routes.py",
      files: {
        "backend/pyproject.toml": '[tool.setuptools]\npackage-dir = {"" = "lib"}\n',
        "backend/lib/shared/config.py": `MODEL_ID = "${NOVA}"\n`,
        "backend/app/routes.py": lines("import boto3", "from shared.config import MODEL_ID", 'boto3.client("bedrock-runtime").converse(modelId=MODEL_ID)'),
      },
      sites: [[3, "converse", NOVA, "constant"]],
    },
    {
      name: "a local file named like a library never stands in for it",
      at: "app/service.py",
      files: {
        "app/boto3.py": "def client(*args, **kwargs):\n    return None\n",
        "app/os.py": 'environ = {"MODEL": "x"}\n',
        "app/service.py": lines("import os, boto3", 'boto3.client("bedrock-runtime").converse(modelId=os.environ.get("MODEL", "' + NOVA + '"))'),
      },
      sites: [[2, "converse", NOVA, "env-default"]],
    },
    {
      name: "a module that was not read: dynamic, saying why",
      at: "app/routes.py",
      files: {
        "app/settings.py": { kind: "skipped", reason: "over 1 MB" },
        "app/routes.py": converse("import boto3\nfrom app.settings import MODEL_ID\nrt = boto3.client('bedrock-runtime')", "rt", "MODEL_ID"),
      },
      sites: [[4, "converse", null, "dynamic"]],
      origin: "`MODEL_ID` imported from app/settings.py, which was not read (over 1 MB)",
    },
    {
      name: "a module the repository does not have stays a library reference",
      at: "app/routes.py",
      files: { "app/routes.py": converse("import boto3\nfrom app.missing import MODEL_ID\nrt = boto3.client('bedrock-runtime')", "rt", "MODEL_ID") },
      sites: [[4, "converse", null, "dynamic"]],
      origin: "value of `app.missing.MODEL_ID` from another module",
    },
    {
      name: "not found: an s3 client from another module",
      at: "app/routes.py",
      files: { "app/clients.py": 'import boto3\ns3 = boto3.client("s3")\n', "app/routes.py": converse("from app.clients import s3", "s3") },
      sites: [],
    },
  ];
  it.each(rows)("$name", run);
});

describe("objects across modules: clients, factories, singletons, instances", () => {
  const rows: Row[] = [
    {
      name: "a factory returning a client, called inline and through a variable",
      at: "app/routes.py",
      files: {
        "app/clients.py": 'import boto3\ndef get_client():\n    return boto3.client(service_name="bedrock-runtime")\n',
        "app/routes.py": lines("from app.clients import get_client", `get_client().converse(modelId="${HAIKU}")`, "client = get_client()", `client.converse(modelId="${NOVA}")`),
      },
      sites: [[2, "converse", HAIKU, "literal"], [4, "converse", NOVA, "literal"]],
    },
    {
      name: "an aioboto3 client entered by hand in a lazy method (`await session.client(…).__aenter__()`)",
      at: "app/llm.py",
      files: {
        "app/llm.py": lines(
          "import aioboto3",
          "class Llm:",
          "    def __init__(self):",
          "        self._client = None",
          "    async def _get_client(self):",
          "        if self._client is None:",
          '            self._client = await aioboto3.Session().client("bedrock-runtime").__aenter__()',
          "        return self._client",
          "    async def ask(self, q):",
          "        client = await self._get_client()",
          `        return await client.converse(modelId="${HAIKU}", messages=[])`,
        ),
      },
      sites: [[11, "converse", HAIKU, "literal"]],
    },
    {
      name: "@lru_cache, @cache and @functools.lru_cache(maxsize=None) factories",
      at: "app/routes.py",
      files: {
        "app/clients.py": lines(
          "import functools",
          "from functools import lru_cache, cache",
          "import boto3",
          "@lru_cache",
          "def a():",
          '    return boto3.client("bedrock-runtime")',
          "@cache",
          "def b():",
          '    return boto3.client("bedrock-runtime")',
          "@functools.lru_cache(maxsize=None)",
          "def c():",
          '    return boto3.client("bedrock-runtime")',
        ),
        "app/routes.py": lines("from app import clients", `clients.a().converse(modelId="${HAIKU}")`, `clients.b().converse(modelId="${HAIKU}")`, `clients.c().converse(modelId="${HAIKU}")`),
      },
      sites: [[2, "converse", HAIKU, "literal"], [3, "converse", HAIKU, "literal"], [4, "converse", HAIKU, "literal"]],
    },
    {
      name: "a global singleton made on first use",
      at: "app/routes.py",
      files: {
        "app/clients.py": lines(
          "import boto3",
          "_client = None",
          "def get_client():",
          "    global _client",
          "    if _client is None:",
          '        _client = boto3.client("bedrock-runtime", region_name="us-east-1")',
          "    return _client",
        ),
        "app/routes.py": converse("from app.clients import get_client", "get_client()"),
      },
      sites: [[2, "converse", HAIKU, "literal"]],
    },
    {
      name: "a singleton whose assignments disagree (an s3 and a runtime client) is neither: only the method and modelId say Bedrock",
      at: "app/routes.py",
      files: {
        "app/clients.py": lines(
          "import boto3",
          '_client = boto3.client("s3")',
          "def get_client():",
          "    global _client",
          '    _client = boto3.client("bedrock-runtime")',
          "    return _client",
        ),
        "app/routes.py": converse("from app.clients import get_client", "get_client()"),
      },
      sites: [[2, "converse", HAIKU, "literal"]],
      notes: ["client not resolved in this file: recognised by its method and modelId argument"],
    },
    {
      name: "a class holding the client, its instance imported",
      at: "app/routes.py",
      files: {
        "app/clients.py": lines("import boto3", "class Bedrock:", "    def __init__(self):", '        self.runtime = boto3.client("bedrock-runtime")', "bedrock = Bedrock()"),
        "app/routes.py": converse("from app.clients import bedrock", "bedrock.runtime"),
      },
      sites: [[2, "converse", HAIKU, "literal"]],
    },
    {
      name: "a class holding the client lazily in a property, built by a factory",
      at: "app/routes.py",
      files: {
        "app/clients.py": lines(
          "import boto3",
          "class Bedrock:",
          "    def __init__(self):",
          "        self._runtime = None",
          "    @property",
          "    def runtime(self):",
          "        if self._runtime is None:",
          '            self._runtime = boto3.client("bedrock-runtime")',
          "        return self._runtime",
          "def get_bedrock():",
          "    return Bedrock()",
        ),
        "app/routes.py": converse("from app.clients import get_bedrock", "get_bedrock().runtime"),
      },
      sites: [[2, "converse", HAIKU, "literal"]],
    },
    {
      name: "a client injected into a class by annotation, the class in another module",
      at: "app/service.py",
      files: {
        "app/bedrock.py": lines("import boto3", "class BedrockClient:", "    def __init__(self):", '        self.rt = boto3.client("bedrock-runtime")'),
        "app/service.py": lines(
          "from app.bedrock import BedrockClient",
          "class Service:",
          "    def __init__(self, bedrock: BedrockClient):",
          "        self.bedrock = bedrock",
          "    def run(self):",
          `        return self.bedrock.rt.converse(modelId="${NOVA}")`,
        ),
      },
      sites: [[6, "converse", NOVA, "literal"]],
    },
    {
      name: "an AnthropicBedrock client made in another module",
      at: "app/routes.py",
      files: {
        "app/llm.py": "from anthropic import AnthropicBedrock\nclaude = AnthropicBedrock()\n",
        "app/routes.py": lines("from app.llm import claude", `claude.messages.create(model="${HAIKU}", max_tokens=100, messages=[])`),
      },
      sites: [[2, "anthropic_messages", HAIKU, "literal"]],
    },
    {
      name: "a LangChain model built by a factory in another module is its construction (one site there)",
      at: "app/llm.py",
      files: {
        "app/llm.py": lines("from langchain_aws import ChatBedrockConverse", "def get_llm():", `    return ChatBedrockConverse(model="${HAIKU}", max_tokens=300)`),
        "app/a.py": "from app.llm import get_llm\nchain = get_llm()\n",
        "app/b.py": "from app.llm import get_llm\nagent = get_llm()\n",
      },
      sites: [[3, "langchain", HAIKU, "literal"]],
    },
  ];
  it.each(rows)("$name", run);
});

describe("Strands: a model factory is priced at each Agent it makes a model for", () => {
  const config = lines(
    "import os",
    "from strands.models.bedrock import BedrockModel",
    "def get_model(model_id=None):",
    "    return BedrockModel(",
    `        model_id=model_id or os.environ.get("BEDROCK_MODEL_ID", "${SONNET}"),`,
    "        max_tokens=2000,",
    "    )",
  );
  const agent = (prompt: string, call = "get_model()") =>
    lines("from strands import Agent", "from agents.config import get_model", "def build():", `    return Agent(model=${call}, system_prompt="${prompt}")`);
  const files = {
    "agents/config.py": config,
    "agents/orchestrator.py": agent("You route questions."),
    "agents/weather.py": agent("You answer about weather.", `get_model("${HAIKU}")`),
  };
  const summary = (path: string, all: Record<string, string> = files) =>
    sitesIn({ at: path, files: all }).map((s) => ({ line: s.location.line, model: s.model.id, env: s.model.env, max: s.maxTokens, system: s.systemPrompt?.chars, via: s.via?.map((r) => `${r.path}:${r.line} ${r.name}`) }));

  it("each Agent is a site with the model its factory call makes and its own system prompt", () => {
    expect(summary("agents/orchestrator.py")).toEqual([
      { line: 4, model: SONNET, env: "BEDROCK_MODEL_ID", max: { kind: "static", value: 2000, source: "literal" }, system: 20, via: ["agents/config.py:3 get_model"] },
    ]);
    expect(summary("agents/weather.py")).toEqual([
      { line: 4, model: HAIKU, env: undefined, max: { kind: "static", value: 2000, source: "literal" }, system: 25, via: ["agents/config.py:3 get_model"] },
    ]);
  });

  it("the factory's own BedrockModel is no second site when every caller is an Agent", () => {
    expect(summary("agents/config.py")).toEqual([]);
  });

  it("through one local name: model = get_model(); Agent(model=model)", () => {
    const all = { ...files, "agents/weather.py": lines("from strands import Agent", "from agents.config import get_model", "model = get_model()", 'agent = Agent(model=model, system_prompt="Hi.")') };
    expect(summary("agents/weather.py", all).map((s) => [s.line, s.model])).toEqual([[4, SONNET]]);
    expect(summary("agents/config.py", all)).toEqual([]);
  });

  it("a caller that is no Agent keeps the factory's site, priced for that caller only", () => {
    const all = { ...files, "agents/raw.py": `from agents.config import get_model\nmodel = get_model("${NOVA}")\n` };
    expect(summary("agents/config.py", all).map((s) => [s.line, s.model])).toEqual([[4, NOVA]]);
  });

  it("a model built once in the Agent's file stays the site, the Agent adding its prompt (as before)", () => {
    const text = lines("from strands import Agent", "from strands.models import BedrockModel", `model = BedrockModel(model_id="${HAIKU}")`, 'agent = Agent(model=model, system_prompt="Be brief.")');
    expect(sitesOf(text).map((s) => [s.line, s.model.id, s.system?.chars])).toEqual([[3, HAIKU, 9]]);
  });
});

describe("never loops", () => {
  it("classes deriving from each other, and a factory calling itself", () => {
    const files = {
      "app/a.py": lines("from app.b import B", "class A(B):", "    pass"),
      "app/b.py": lines("from app.a import A", "class B(A):", "    pass", "def make():", "    return make()"),
      "app/routes.py": lines("import boto3", "from app.a import A", "from app.b import make", "rt = boto3.client('bedrock-runtime')", "rt.converse(modelId=A().model_id)", "rt.converse(modelId=make())"),
    };
    expect(sitesIn({ at: "app/routes.py", files }).map((s) => [s.location.line, s.model.id])).toEqual([[5, null], [6, null]]);
  });
});

describe("the boto3 fallback: a client that comes from elsewhere, recognised by its method and modelId", () => {
  const rows: Row[] = [
    {
      name: "a parameter, in a file that never imports boto3",
      at: "app/llm.py",
      files: { "app/llm.py": lines("def ask(client, prompt):", `    return client.converse(modelId="${HAIKU}", messages=[])`) },
      sites: [[2, "converse", HAIKU, "literal"]],
    },
    {
      name: "a module of the repository whose client is not known statically",
      at: "app/llm.py",
      files: {
        "app/clients.py": "from vendor import make_runtime\nruntime = make_runtime()\n",
        "app/llm.py": converse("from app.clients import runtime", "runtime"),
      },
      sites: [[2, "converse", HAIKU, "literal"]],
    },
    {
      name: "self.client set from an __init__ parameter",
      at: "app/llm.py",
      files: {
        "app/llm.py": lines("class Llm:", "    def __init__(self, client):", "        self.client = client", "    def ask(self):", `        return self.client.converse(modelId="${HAIKU}")`),
      },
      sites: [[5, "converse", HAIKU, "literal"]],
    },
    {
      name: "not found: an object this file makes from a library, without boto3",
      at: "app/llm.py",
      files: { "app/llm.py": lines("from chatlib import Chat", "chat = Chat()", `chat.converse(modelId="${HAIKU}")`) },
      sites: [],
    },
  ];
  it.each(rows)("$name", run);
});

describe("a method passed to asyncio.to_thread is called there", () => {
  it("finds the call, its model and its arguments after the method", () => {
    const text = lines(
      "import asyncio, boto3",
      "class Client:",
      "    def __init__(self):",
      '        self._client = boto3.client("bedrock-runtime")',
      "    async def ask(self, prompt):",
      "        return await asyncio.to_thread(",
      "            self._client.converse,",
      `            modelId="${HAIKU}",`,
      '            inferenceConfig={"maxTokens": 512},',
      "        )",
    );
    expect(sitesOf(text).map((s) => [s.line, s.api, s.model.id, s.maxTokens])).toEqual([[6, "converse", HAIKU, { kind: "static", value: 512, source: "literal" }]]);
  });
});

describe("one program per side: each module parsed once, trees freed with the side", () => {
  afterEach(() => vi.restoreAllMocks());

  it("a settings module imported by many files is parsed once; the extracted file is the module the others see", async () => {
    const files: Record<string, string> = { "app/settings.py": `MODEL_ID = "${HAIKU}"\n`, "app/clients.py": CLIENT };
    for (let i = 0; i < 5; i++) files[`app/routes/r${i}.py`] = converse("from app.settings import MODEL_ID\nfrom app.clients import bedrock", "bedrock", "MODEL_ID");
    const side = SideProgram.ofFiles(files);
    const parse = vi.spyOn(Parser.prototype, "parse");
    const deleted = vi.spyOn(Tree.prototype, "delete");
    const models = Object.keys(files)
      .filter((path) => path.startsWith("app/routes/"))
      .flatMap((path) => loadedExtractor.extract({ path, text: files[path]! }, side).sites.map((s) => s.model.id));
    expect(models).toEqual(Array(5).fill(HAIKU));
    expect(parse).toHaveBeenCalledTimes(7);
    // Parsing again what was parsed (a later pass over a file another file imported) reuses the tree.
    const program = PyProgram.of(side, await loadPythonParser());
    const settings = program.module("app/settings.py");
    expect(program.module("app/settings.py")).toBe(settings);
    expect(parse).toHaveBeenCalledTimes(7);
    expect(deleted).not.toHaveBeenCalled();
    side.dispose();
    expect(deleted).toHaveBeenCalledTimes(7);
  });

  it("a file on its own (no side) is parsed and freed at once", () => {
    const parse = vi.spyOn(Parser.prototype, "parse");
    const deleted = vi.spyOn(Tree.prototype, "delete");
    expect(sitesOf(converse("import boto3", 'boto3.client("bedrock-runtime")')).map((s) => s.model.id)).toEqual([HAIKU]);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(deleted).toHaveBeenCalledTimes(1);
  });

  it("a module with syntax errors is a problem of that file only", () => {
    const files = { "app/settings.py": "MODEL_ID = (", "app/routes.py": converse("import boto3\nfrom app.settings import MODEL_ID\nrt = boto3.client('bedrock-runtime')", "rt", "MODEL_ID") };
    const result = loadedExtractor.extract({ path: "app/routes.py", text: files["app/routes.py"] }, SideProgram.ofFiles(files));
    expect(result.problems).toEqual([]);
    expect(result.sites[0]?.model.origin).toBe("`MODEL_ID` imported from app/settings.py, which has syntax errors");
  });
});

const loadedExtractor = await loadPythonExtractor();
