import { afterEach, describe, expect, it, vi } from "vitest";
import { Parser, Tree } from "web-tree-sitter";
import { loadPythonExtractor } from "../../../../src/extract/python/index.js";
import { lines, sitesOf, type Files } from "./extract-helper.js";

const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const NOVA = "us.amazon.nova-lite-v1:0";

const filesOf = (files: Files): Files => files;

/** A Converse call whose modelId is `expr`, after `imports`. */
const converse = (imports: string, expr: string) =>
  lines("import boto3", imports, 'rt = boto3.client("bedrock-runtime")', `rt.converse(modelId=${expr}, messages=[])`);

const constant = (module: string, name = "MODEL_ID", id = HAIKU) => ({ id, source: "constant", origin: `constant ${name} from ${module}` });

describe("constants imported from other Python files of the change", () => {
  const settings = { "app/settings.py": `MODEL_ID = "${HAIKU}"\n` };
  const cases = [
    { name: "from .module import NAME", imports: "from .settings import MODEL_ID", expr: "MODEL_ID", files: settings, model: constant("app/settings.py") },
    { name: "absolute import with an alias", imports: "from app.settings import MODEL_ID as M", expr: "M", files: settings, model: constant("app/settings.py") },
    { name: "from . import module, then module.NAME", imports: "from . import settings", expr: "settings.MODEL_ID", files: settings, model: constant("app/settings.py") },
    { name: "import a.b as alias, then alias.NAME", imports: "import app.settings as cfg", expr: "cfg.MODEL_ID", files: settings, model: constant("app/settings.py") },
    { name: "import a.b, then a.b.NAME", imports: "import app.settings", expr: "app.settings.MODEL_ID", files: settings, model: constant("app/settings.py") },
    { name: "from a import b (a module), then b.NAME", imports: "from app import settings", expr: "settings.MODEL_ID", files: settings, model: constant("app/settings.py") },
    {
      name: "two levels up",
      path: "app/api/chat.py",
      imports: "from ..settings import MODEL_ID",
      expr: "MODEL_ID",
      files: settings,
      model: constant("app/settings.py"),
    },
    {
      name: "src/ as a root",
      path: "src/app/service.py",
      imports: "from app.settings import MODEL_ID",
      expr: "MODEL_ID",
      files: { "src/app/settings.py": `MODEL_ID = "${HAIKU}"` },
      model: constant("src/app/settings.py"),
    },
    {
      name: "the importing file's folder as a root (a Lambda handler)",
      path: "functions/chat/handler.py",
      imports: "from config import MODEL_ID",
      expr: "MODEL_ID",
      files: { "functions/chat/config.py": `MODEL_ID = "${HAIKU}"` },
      model: constant("functions/chat/config.py"),
    },
    {
      name: "a package's __init__.py",
      imports: "from app.config import MODEL_ID",
      expr: "MODEL_ID",
      files: { "app/config/__init__.py": `MODEL_ID = "${HAIKU}"` },
      model: constant("app/config/__init__.py"),
    },
    {
      name: "re-exported by a package's __init__.py",
      imports: "from app import MODEL_ID",
      expr: "MODEL_ID",
      files: { "app/__init__.py": "from .settings import MODEL_ID\n", ...settings },
      model: constant("app/settings.py"),
    },
    {
      name: "an env default in the other file",
      imports: "from .settings import MODEL_ID",
      expr: "MODEL_ID",
      files: { "app/settings.py": `import os\nMODEL_ID = os.environ.get("CHAT_MODEL", "${HAIKU}")` },
      model: { id: HAIKU, source: "env-default", env: "CHAT_MODEL", origin: "constant MODEL_ID from app/settings.py" },
    },
    {
      name: "an f-string over another constant of the other file",
      imports: "from .settings import MODEL_ID",
      expr: "MODEL_ID",
      files: { "app/settings.py": 'REGION_PREFIX = "us."\nMODEL_ID = f"{REGION_PREFIX}amazon.nova-lite-v1:0"' },
      model: constant("app/settings.py", "MODEL_ID", NOVA),
    },
    {
      name: "a dict constant read by key",
      imports: "from .settings import MODELS",
      expr: 'MODELS["fast"]',
      files: { "app/settings.py": `MODELS = {"fast": "${HAIKU}", "smart": "x"}` },
      model: constant("app/settings.py", "MODELS"),
    },
    {
      name: "a constant used in an f-string here",
      imports: "from .settings import REGION_PREFIX",
      expr: 'f"{REGION_PREFIX}amazon.nova-lite-v1:0"',
      files: { "app/settings.py": 'REGION_PREFIX = "us."' },
      model: constant("app/settings.py", "REGION_PREFIX", NOVA),
    },
  ];
  it.each(cases)("$name", ({ path, imports, expr, files, model }) => {
    const code = converse(imports, expr);
    expect(loadedExtractor.mayContainCalls(code)).toBe(true);
    expect(sitesOf(code, path ?? "app/service.py", filesOf(files)).map((s) => s.model)).toEqual([model]);
  });
});

describe("what stays dynamic, and says why", () => {
  const cases = [
    {
      name: "an environment variable without a default",
      files: { "app/settings.py": 'import os\nMODEL_ID = os.environ["CHAT_MODEL"]' },
      model: { id: null, source: "dynamic", origin: "environment variable `CHAT_MODEL` (via `MODEL_ID` from app/settings.py)", env: "CHAT_MODEL" },
    },
    {
      name: "an object made there",
      files: { "app/settings.py": 'import boto3\nMODEL_ID = boto3.client("ssm")' },
      model: { id: null, source: "dynamic", origin: "result of calling `boto3.client`" },
    },
    {
      name: "a value from a module outside the change",
      files: { "app/settings.py": "import defaults\nMODEL_ID = defaults.MODEL" },
      model: { id: null, source: "dynamic", origin: "value of `defaults.MODEL` from another module" },
    },
    {
      name: "a name the module does not define",
      files: { "app/settings.py": 'OTHER = "x"' },
      model: { id: null, source: "dynamic", origin: "`MODEL_ID` is not defined in app/settings.py" },
    },
    {
      name: "a name that may come from a star import",
      files: { "app/settings.py": "from .base import *" },
      model: { id: null, source: "dynamic", origin: "`MODEL_ID` is not defined in app/settings.py (it may come from a `*` import there)" },
    },
    {
      name: "a name assigned twice",
      files: { "app/settings.py": `MODEL_ID = "${HAIKU}"\nif DEBUG:\n    MODEL_ID = "x"` },
      model: { id: null, source: "dynamic", origin: "`MODEL_ID` is assigned more than once in app/settings.py" },
    },
    {
      name: "a sibling with syntax errors",
      files: { "app/settings.py": "MODEL_ID = (" },
      model: { id: null, source: "dynamic", origin: "`MODEL_ID` imported from app/settings.py, which has syntax errors" },
    },
    {
      name: "a module not in the change",
      files: {},
      model: { id: null, source: "dynamic", origin: "value of `.settings.MODEL_ID` from another module" },
    },
    {
      name: "an import cycle",
      files: { "app/settings.py": "from .base import MODEL_ID", "app/base.py": "from .settings import MODEL_ID" },
      model: { id: null, source: "dynamic", origin: "`MODEL_ID` is imported in a cycle through app/settings.py (via `MODEL_ID` from app/base.py)" },
    },
    {
      name: "a name not defined further down a re-export",
      files: { "app/settings.py": "from .base import MODEL_ID", "app/base.py": "" },
      model: { id: null, source: "dynamic", origin: "`MODEL_ID` is not defined in app/base.py (via `MODEL_ID` from app/settings.py)" },
    },
  ];
  it.each(cases)("$name", ({ files, model }) => {
    expect(sitesOf(converse("from .settings import MODEL_ID", "MODEL_ID"), "app/service.py", filesOf(files)).map((s) => s.model)).toEqual([model]);
  });

  it("a dict holding an object keeps its data, and the object is no model id", () => {
    const files = { "app/settings.py": `import boto3\nCONFIG = {"model": "${HAIKU}", "client": boto3.client("ssm")}` };
    const code = converse("from .settings import CONFIG", 'CONFIG["client"]');
    expect(sitesOf(code, "app/service.py", filesOf(files))[0]?.model).toEqual({ id: null, source: "dynamic", origin: "result of calling `boto3.client`" });
    expect(sitesOf(converse("from .settings import CONFIG", 'CONFIG["model"]'), "app/service.py", filesOf(files))[0]?.model)
      .toEqual(constant("app/settings.py", "CONFIG"));
  });
});

describe("objects of other modules are followed too (issue #8), not only their data", () => {
  it("a function's result, as a module-level constant there", () => {
    const files = { "app/settings.py": "def load():\n    return 'x'\nMODEL_ID = load()" };
    expect(sitesOf(converse("from .settings import MODEL_ID", "MODEL_ID"), "app/service.py", filesOf(files))[0]?.model)
      .toEqual({ id: "x", source: "constant", origin: "constant MODEL_ID from app/settings.py" });
  });

  it("a class attribute of another module", () => {
    const files = { "app/settings.py": `class Settings:\n    MODEL = "${HAIKU}"` };
    expect(sitesOf(converse("from .settings import Settings", "Settings.MODEL"), "app/service.py", filesOf(files))[0]?.model).toEqual({ id: HAIKU, source: "constant" });
  });

  it("a function imported from another module is called: what it returns; on its own the file keeps a reference", () => {
    const files = { "app/settings.py": `def model_id():\n    return "${HAIKU}"` };
    const code = converse("from .settings import model_id", "model_id()");
    expect(sitesOf(code, "app/service.py", filesOf(files))[0]?.model).toEqual({ id: HAIKU, source: "constant" });
    expect(sitesOf(code, "app/service.py")[0]?.model).toEqual({ id: null, source: "dynamic", origin: "result of calling `.settings.model_id`" });
  });
});

describe("other request fields from a sibling", () => {
  it("max tokens, a system prompt constant and a prompt file read there", () => {
    const code = lines(
      "import boto3",
      "from app import prompts",
      "from app.limits import MAX_TOKENS",
      'rt = boto3.client("bedrock-runtime")',
      `rt.converse(modelId="${HAIKU}", messages=[], system=[{"text": prompts.SYSTEM}, {"text": prompts.RULES}], inferenceConfig={"maxTokens": MAX_TOKENS})`,
    );
    const files = {
      "app/prompts.py": 'SYSTEM = "You are terse."\nRULES = open("prompts/rules.md").read()',
      "app/prompts/rules.md": "No lists.",
      "app/limits.py": "MAX_TOKENS = 512",
    };
    const [site] = sitesOf(code, "app/service.py", filesOf(files));
    expect(site?.maxTokens).toEqual({ kind: "static", value: 512, source: "constant" });
    expect(site?.system).toEqual({ chars: 23, origin: "constant SYSTEM from app/prompts.py + read from prompts/rules.md" });
  });
});

describe("prefilter contract and bookkeeping", () => {
  afterEach(() => vi.restoreAllMocks());

  it("a file that fails the prefilter is still analysed when given: the engine extracts files importing a Bedrock module", () => {
    const files = {
      "app/clients.py": "from anthropic import AnthropicBedrock\nclient = AnthropicBedrock()\nClient = AnthropicBedrock",
      "app/llm.py": "from anthropic import AnthropicBedrock as Maker",
    };
    const texts = [
      `from .clients import client\nclient.messages.create(model="${HAIKU}", max_tokens=10, messages=[])`,
      `from .clients import Client\nClient().messages.create(model="${HAIKU}", max_tokens=10, messages=[])`,
      `from .llm import Maker\nMaker().messages.create(model="${HAIKU}", max_tokens=10, messages=[])`,
    ];
    for (const text of texts) {
      expect(loadedExtractor.mayContainCalls(text)).toBe(false);
      expect(sitesOf(text, "app/service.py", filesOf(files)).map((s) => [s.line, s.api, s.model.id])).toEqual([[2, "anthropic_messages", HAIKU]]);
    }
  });

  it("a module named like a library it imports is not taken for the library, and sites in it stay found", () => {
    const text = lines(
      "from anthropic import AnthropicBedrock",
      "from langchain_aws import ChatBedrock",
      "client = AnthropicBedrock()",
      `client.messages.create(model="${HAIKU}", max_tokens=10, messages=[])`,
      `ChatBedrock(model_id="${HAIKU}")`,
    );
    const files = filesOf({ "app/anthropic.py": text, "app/langchain_aws.py": "ChatBedrock = None" });
    expect(sitesOf(text, "app/anthropic.py", files).map((s) => [s.api, s.model.id])).toEqual([
      ["anthropic_messages", HAIKU],
      ["langchain", HAIKU],
    ]);
  });

  it("each module is parsed once per side and every tree is deleted with it", () => {
    const parse = vi.spyOn(Parser.prototype, "parse");
    const deleted = vi.spyOn(Tree.prototype, "delete");
    const files = filesOf({ "app/settings.py": `MODEL_ID = "${HAIKU}"\nFAST = MODEL_ID`, "app/__init__.py": "" });
    const code = lines(
      "import boto3",
      "from .settings import MODEL_ID, FAST",
      "from . import settings",
      'rt = boto3.client("bedrock-runtime")',
      "rt.converse(modelId=MODEL_ID, messages=[])",
      "rt.converse(modelId=FAST, messages=[])",
      "rt.converse(modelId=settings.MODEL_ID, messages=[])",
    );
    const models = sitesOf(code, "app/service.py", files).map((s) => s.model);
    expect(models).toEqual([constant("app/settings.py"), constant("app/settings.py", "FAST"), constant("app/settings.py")]);
    // The file and app/settings.py (app/__init__.py is never asked for), freed when the side is disposed.
    expect(parse).toHaveBeenCalledTimes(2);
    expect(deleted).toHaveBeenCalledTimes(2);
  });
});

const loadedExtractor = await loadPythonExtractor();
