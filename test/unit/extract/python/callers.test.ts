import { describe, expect, it } from "vitest";
import { loadPythonExtractor } from "../../../../src/extract/python/index.js";
import type { CallSite } from "../../../../src/model/call-site.js";
import { SideProgram } from "../../../../src/repository/program.js";
import { lines } from "./extract-helper.js";

/* A site whose model, max tokens, system prompt or cache point comes from its function's parameters is priced per caller path. */

const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const SONNET = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const extractor = await loadPythonExtractor();

function sitesIn(at: string, files: Record<string, string>): CallSite[] {
  return extractor.extract({ path: at, text: files[at]! }, SideProgram.ofFiles(files)).sites;
}

const paths = (at: string, files: Record<string, string>) =>
  sitesIn(at, files).map((s) => ({
    line: s.location.line,
    model: s.model.id,
    maxTokens: s.maxTokens.kind === "static" ? s.maxTokens.value : s.maxTokens.kind,
    callers: (s.callers ?? []).map((c) => `${c.path}:${c.line} ${c.symbol} ${c.callee}#${c.ordinal}`),
    key: s.key,
  }));

const WRAPPER = lines(
  "import boto3",
  'rt = boto3.client("bedrock-runtime")',
  "def chat(prompt, model_id, max_tokens=512):",
  '    return rt.converse(modelId=model_id, messages=[{"role": "user", "content": [{"text": prompt}]}], inferenceConfig={"maxTokens": max_tokens})',
);

describe("wrappers priced per caller", () => {
  it("one site per call of the wrapper, in any module: keyword and positional arguments, defaults when not passed", () => {
    const files = {
      "app/llm.py": WRAPPER,
      "app/routes/a.py": lines("from app.llm import chat", "def summarize(text):", `    return chat(text, "${HAIKU}")`),
      "app/routes/b.py": lines("from app.llm import chat as ask", `TITLE = ask("x", model_id="${SONNET}", max_tokens=64)`),
    };
    expect(paths("app/llm.py", files)).toEqual([
      { line: 4, model: HAIKU, maxTokens: 512, callers: ["app/routes/a.py:3 summarize chat#0"], key: "app/llm.py#chat#converse#0<app/routes/a.py#summarize#chat#0" },
      { line: 4, model: SONNET, maxTokens: 64, callers: ["app/routes/b.py:2  chat#0"], key: "app/llm.py#chat#converse#0<app/routes/b.py#<module>#chat#0" },
    ]);
  });

  it("through two wrapper levels, the outermost caller's argument", () => {
    const files = {
      "app/llm.py": WRAPPER,
      "app/summaries.py": lines("from app.llm import chat", "def summarize(text, model_id):", "    return chat(text, model_id, 300)"),
      "app/route.py": lines("from app.summaries import summarize", "from app.models import FAST", "def post():", '    return summarize("x", FAST)'),
      "app/models.py": `FAST = "${HAIKU}"\n`,
    };
    expect(paths("app/llm.py", files)).toEqual([
      {
        line: 4,
        model: HAIKU,
        maxTokens: 300,
        callers: ["app/summaries.py:3 summarize chat#0", "app/route.py:4 post summarize#0"],
        key: "app/llm.py#chat#converse#0<app/summaries.py#summarize#chat#0<app/route.py#post#summarize#0",
      },
    ]);
  });

  it("a method, self bound: the model set in __init__ from the constructor's argument, the instance made in another module", () => {
    const files = {
      "app/llm.py": lines(
        "import boto3",
        "class Llm:",
        "    def __init__(self, model_id):",
        '        self.client = boto3.client("bedrock-runtime")',
        "        self.model_id = model_id",
        "    def ask(self, prompt):",
        "        return self.client.converse(modelId=self.model_id, messages=[])",
      ),
      "app/route.py": lines("from app.llm import Llm", `llm = Llm("${SONNET}")`, "def post():", '    return llm.ask("x")'),
      "app/other.py": lines("from app.llm import Llm", "def run():", `    return Llm(model_id="${HAIKU}").ask("y")`),
    };
    expect(paths("app/llm.py", files).map((p) => [p.model, p.callers])).toEqual([
      [HAIKU, ["app/other.py:3 run ask#0"]],
      [SONNET, ["app/route.py:4 post ask#0"]],
    ]);
  });

  it("a method calling a helper method of its own class with its instance's values", () => {
    const files = {
      "app/embed.py": lines(
        "import boto3",
        "class Embedder:",
        `    PRIMARY = "amazon.titan-embed-text-v2:0"`,
        `    FALLBACK = "cohere.embed-english-v3"`,
        "    def __init__(self):",
        '        self.rt = boto3.client("bedrock-runtime")',
        "    def _invoke(self, model_id, text):",
        '        return self.rt.invoke_model(modelId=model_id, body="{}")',
        "    def embed(self, text):",
        "        try:",
        "            return self._invoke(self.PRIMARY, text)",
        "        except Exception:",
        "            return self._invoke(self.FALLBACK, text)",
      ),
    };
    expect(paths("app/embed.py", files).map((p) => [p.model, p.callers])).toEqual([
      ["amazon.titan-embed-text-v2:0", ["app/embed.py:11 Embedder.embed _invoke#0"]],
      ["cohere.embed-english-v3", ["app/embed.py:13 Embedder.embed _invoke#1"]],
    ]);
  });

  it("a caller passing a value known only at run time: one dynamic site, saying how many places call it", () => {
    const files = { "app/llm.py": WRAPPER, "app/route.py": lines("from app.llm import chat", "def post(request):", '    return chat("x", request.model)') };
    const [site, ...rest] = sitesIn("app/llm.py", files);
    expect(rest).toEqual([]);
    expect(site!.callers).toBeUndefined();
    expect(site!.model).toEqual({ id: null, source: "dynamic", origin: "parameter `model_id`, called from 1 place" });
    expect(site!.notes).toEqual(["`chat` is called from 1 place; none passes a model id known statically"]);
  });

  it("no caller in the repository: the site alone, dynamic, saying so", () => {
    const [site] = sitesIn("app/llm.py", { "app/llm.py": WRAPPER });
    expect(site!.model).toEqual({ id: null, source: "dynamic", origin: "parameter `model_id`" });
    expect(site!.notes).toEqual(["`chat` is not called anywhere in the repository outside tests, so its parameters are unknown"]);
  });

  it("tests are no callers: they call mocks", () => {
    const files = {
      "app/llm.py": WRAPPER,
      "app/route.py": `from app.llm import chat\nchat("x", "${HAIKU}")\n`,
      "tests/test_llm.py": `from app.llm import chat\nchat("x", "${SONNET}")\n`,
      "app/llm_test.py": `from app.llm import chat\nchat("x", "${SONNET}")\n`,
      "conftest.py": `from app.llm import chat\nchat("x", "${SONNET}")\n`,
    };
    expect(paths("app/llm.py", files).map((p) => p.callers)).toEqual([["app/route.py:2  chat#0"]]);
  });

  it("parameters that only feed the prompt keep one site", () => {
    const text = lines("import boto3", 'rt = boto3.client("bedrock-runtime")', "def ask(prompt):", `    return rt.converse(modelId="${HAIKU}", messages=[{"role": "user", "content": [{"text": prompt}]}])`);
    const files = { "app/llm.py": text, "app/a.py": 'from app.llm import ask\nask("one")\nask("two")\n' };
    expect(paths("app/llm.py", files)).toEqual([{ line: 4, model: HAIKU, maxTokens: "absent", callers: [], key: "app/llm.py#ask#converse#0" }]);
  });

  it("a recursive wrapper ends its path instead of looping", () => {
    const text = lines(
      "import boto3",
      'rt = boto3.client("bedrock-runtime")',
      "def retry(model_id, left):",
      "    try:",
      "        return rt.converse(modelId=model_id)",
      "    except Exception:",
      "        return retry(model_id, left - 1) if left else None",
      `def post():\n    return retry("${HAIKU}", 3)`,
    );
    expect(sitesIn("app/llm.py", { "app/llm.py": text }).map((s) => [s.model.id, (s.callers ?? []).map((c) => `${c.line} ${c.symbol}`)])).toEqual([
      [null, ["7 retry"]],
      [HAIKU, ["9 post"]],
    ]);
  });

  it("an annotation above a caller's call prices that path", () => {
    const files = { "app/llm.py": WRAPPER, "app/route.py": lines("from app.llm import chat", "# bedrock-cost: requests_per_day=20000", `chat("x", "${HAIKU}")`, `chat("y", "${SONNET}")`) };
    expect(sitesIn("app/llm.py", files).map((s) => s.callers?.[0]?.annotation)).toEqual([{ line: 2, fields: { requests_per_day: "20000" } }, undefined]);
  });

  it("a wrapper called from more places than are priced: the first 256 paths, saying how many are not", () => {
    const calls = Array.from({ length: 258 }, (_, i) => `chat("x", "${HAIKU}", ${i + 1})`);
    const sites = sitesIn("app/llm.py", { "app/llm.py": WRAPPER, "app/route.py": lines("from app.llm import chat", ...calls) });
    expect(sites).toHaveLength(256);
    expect(sites[0]!.notes).toEqual(["only the first 256 caller paths of `chat` are priced; 2 more are not"]);
  });
});

describe("what a site was read through (via)", () => {
  const config = (model: string) => lines("# settings", "from pydantic_settings import BaseSettings", "class Settings(BaseSettings):", '    app_name: str = "x"', `    model_id: str = "${model}"`, "settings = Settings()");
  const route = lines("import boto3", "from app.config import settings", "def post():", '    return boto3.client("bedrock-runtime").converse(modelId=settings.model_id)');

  it("names the declarations in other modules, with their lines; not the site's own file", () => {
    const [site] = sitesIn("app/route.py", { "app/config.py": config(HAIKU), "app/route.py": route });
    expect(site!.model).toEqual({ id: HAIKU, source: "env-default", env: "MODEL_ID" });
    expect(site!.via?.map((ref) => `${ref.path}:${ref.line} ${ref.name}`)).toEqual(["app/config.py:3 Settings", "app/config.py:6 settings", "app/config.py:5 Settings.model_id"]);
  });

  it("a change to the field alone changes its digest, and only its digest", () => {
    const refs = (model: string) => new Map(sitesIn("app/route.py", { "app/config.py": config(model), "app/route.py": route })[0]!.via!.map((ref) => [ref.name, ref.digest]));
    const before = refs(HAIKU);
    const after = refs(SONNET);
    expect([...before.keys()].filter((name) => before.get(name) !== after.get(name))).toEqual(["Settings.model_id"]);
  });

  it("each caller path adds the call it goes through", () => {
    const files = { "app/llm.py": WRAPPER, "app/route.py": `from app.llm import chat\nchat("x", "${HAIKU}")\n` };
    expect(sitesIn("app/llm.py", files)[0]!.via?.map((ref) => `${ref.path}:${ref.line} ${ref.name}`)).toEqual(["app/route.py:2 call of chat"]);
  });
});
