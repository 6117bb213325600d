import { describe, expect, it } from "vitest";
import { loadPythonExtractor } from "../../../../src/extract/python/index.js";
import type { CallSite } from "../../../../src/model/call-site.js";
import { SideProgram } from "../../../../src/repository/program.js";
import { lines } from "./extract-helper.js";

/*
 * Settings objects, as FastAPI apps keep them: a pydantic-settings field default is an env default
 * (the variable pydantic-settings reads), a plain class's or dataclass's class-level default a constant.
 * Each row: the model the site in app/routes.py resolves to, read as `expr` after `imports`.
 */

const SONNET = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const NOVA = "us.amazon.nova-pro-v1:0";
const extractor = await loadPythonExtractor();

function siteOf(files: Record<string, string>, at = "app/routes.py"): CallSite | undefined {
  return extractor.extract({ path: at, text: files[at]! }, SideProgram.ofFiles(files)).sites[0];
}

const route = (imports: string, expr: string) =>
  lines("import boto3", imports, 'rt = boto3.client("bedrock-runtime")', "def triage(q):", `    return rt.converse(modelId=${expr}, messages=[])`);

const settings = (...body: string[]) => lines("from pydantic_settings import BaseSettings, SettingsConfigDict", "from pydantic import Field", "from functools import lru_cache", ...body);

describe("pydantic settings: field defaults are env defaults", () => {
  const rows = [
    {
      name: "settings = Settings(), read as settings.model_id",
      config: settings("class Settings(BaseSettings):", `    model_id: str = "${SONNET}"`, "settings = Settings()"),
      imports: "from app.config import settings",
      expr: "settings.model_id",
      model: { id: SONNET, source: "env-default", env: "MODEL_ID" },
    },
    {
      name: "nested settings: Field(default_factory=AwsSettings), with the nested class's env_prefix",
      config: settings(
        "class AwsSettings(BaseSettings):",
        '    model_config = SettingsConfigDict(env_prefix="AWS_")',
        `    bedrock_model_id: str = Field(default="${SONNET}")`,
        "class Settings(BaseSettings):",
        "    aws: AwsSettings = Field(default_factory=AwsSettings)",
        "settings = Settings()",
      ),
      imports: "from app.config import settings",
      expr: "settings.aws.bedrock_model_id",
      model: { id: SONNET, source: "env-default", env: "AWS_BEDROCK_MODEL_ID" },
    },
    {
      name: "@lru_cache def get_settings(), read as get_settings().BEDROCK_MODEL_ID",
      config: settings("class Settings(BaseSettings):", `    BEDROCK_MODEL_ID: str = "${SONNET}"`, "@lru_cache", "def get_settings():", "    return Settings()"),
      imports: "from app.config import get_settings",
      expr: "get_settings().BEDROCK_MODEL_ID",
      model: { id: SONNET, source: "env-default", env: "BEDROCK_MODEL_ID" },
    },
    {
      name: "a module-level settings = get_settings() in the importing file",
      config: settings("class Settings(BaseSettings):", `    BEDROCK_MODEL_ID: str = "${SONNET}"`, "@lru_cache()", "def get_settings() -> Settings:", "    return Settings()"),
      imports: "from app.config import get_settings\nsettings = get_settings()",
      expr: "settings.BEDROCK_MODEL_ID",
      model: { id: SONNET, source: "env-default", env: "BEDROCK_MODEL_ID" },
    },
    {
      name: "env_prefix from model_config = SettingsConfigDict(…)",
      config: settings("class Settings(BaseSettings):", '    model_config = SettingsConfigDict(env_prefix="app_", env_file=".env")', `    model_id: str = "${SONNET}"`, "settings = Settings()"),
      imports: "from app.config import settings",
      expr: "settings.model_id",
      model: { id: SONNET, source: "env-default", env: "APP_MODEL_ID" },
    },
    {
      name: "env_prefix from a nested class Config (pydantic v1)",
      config: lines("from pydantic import BaseSettings", "class Settings(BaseSettings):", `    model_id: str = "${SONNET}"`, "    class Config:", '        env_prefix = "CHAT_"', "settings = Settings()"),
      imports: "from app.config import settings",
      expr: "settings.model_id",
      model: { id: SONNET, source: "env-default", env: "CHAT_MODEL_ID" },
    },
    {
      name: "case_sensitive=True keeps the name as written",
      config: settings("class Settings(BaseSettings):", '    model_config = SettingsConfigDict(case_sensitive=True, env_prefix="App")', `    modelId: str = "${SONNET}"`, "settings = Settings()"),
      imports: "from app.config import settings",
      expr: "settings.modelId",
      model: { id: SONNET, source: "env-default", env: "AppmodelId" },
    },
    {
      name: "Field(default=…, alias=…) reads the alias",
      config: settings("class Settings(BaseSettings):", `    model_id: str = Field(default="${SONNET}", alias="BEDROCK_MODEL")`, "settings = Settings()"),
      imports: "from app.config import settings",
      expr: "settings.model_id",
      model: { id: SONNET, source: "env-default", env: "BEDROCK_MODEL" },
    },
    {
      name: "Field(…, validation_alias=…) with a positional default",
      config: settings("class Settings(BaseSettings):", `    model_id: str = Field("${SONNET}", validation_alias="chat_model")`, "settings = Settings()"),
      imports: "from app.config import settings",
      expr: "settings.model_id",
      model: { id: SONNET, source: "env-default", env: "CHAT_MODEL" },
    },
    {
      name: "a field inherited from a settings base class in another module",
      config: lines("from app.base import BaseAppSettings", "class Settings(BaseAppSettings):", '    app_name: str = "x"', "settings = Settings()"),
      base: settings("class BaseAppSettings(BaseSettings):", '    model_config = SettingsConfigDict(env_prefix="APP_")', `    model_id: str = "${SONNET}"`),
      imports: "from app.config import settings",
      expr: "settings.model_id",
      model: { id: SONNET, source: "env-default", env: "APP_MODEL_ID" },
    },
    {
      name: "a field given to the constructor is that value",
      config: settings("class Settings(BaseSettings):", `    model_id: str = "${SONNET}"`, `settings = Settings(model_id="${NOVA}")`),
      imports: "from app.config import settings",
      expr: "settings.model_id",
      model: { id: NOVA, source: "constant" },
    },
    {
      name: "dynamic: an Optional field defaulting to None is the environment variable alone",
      config: settings("from typing import Optional", "class Settings(BaseSettings):", "    model_id: Optional[str] = None", "settings = Settings()"),
      imports: "from app.config import settings",
      expr: "settings.model_id",
      model: { id: null, source: "dynamic", origin: "environment variable `MODEL_ID`", env: "MODEL_ID" },
    },
    {
      name: "dynamic: a field the class does not have",
      config: settings("class Settings(BaseSettings):", `    model_id: str = "${SONNET}"`, "settings = Settings()"),
      imports: "from app.config import settings",
      expr: "settings.chat_model",
      model: { id: null, source: "dynamic", origin: "`settings.chat_model` is not assigned in class `Settings`" },
    },
  ];
  it.each(rows)("$name", ({ config, base, imports, expr, model }) => {
    const files: Record<string, string> = { "app/config.py": config, "app/routes.py": route(imports, expr) };
    if (base) files["app/base.py"] = base;
    const site = siteOf(files);
    expect(site?.location.line).toBe(files["app/routes.py"]!.split("\n").findIndex((line) => line.includes("rt.converse")) + 1);
    expect(site?.model).toEqual(model);
  });
});

describe("plain classes and dataclasses: class-level defaults are constants", () => {
  const rows = [
    {
      name: "a plain class attribute through an instance",
      config: lines("class Config:", `    MODEL_ID = "${NOVA}"`, "config = Config()"),
      imports: "from app.config import config",
      expr: "config.MODEL_ID",
      model: { id: NOVA, source: "constant" },
    },
    {
      name: "a plain class attribute through the class",
      config: lines("class Models:", `    FAST = "${NOVA}"`),
      imports: "from app.config import Models",
      expr: "Models.FAST",
      model: { id: NOVA, source: "constant" },
    },
    {
      name: "a dataclass default",
      config: lines("from dataclasses import dataclass", "@dataclass", "class Config:", `    model_id: str = "${NOVA}"`, "    max_tokens: int = 512", "config = Config()"),
      imports: "from app.config import config",
      expr: "config.model_id",
      model: { id: NOVA, source: "constant" },
    },
    {
      name: "a dataclass field given to the constructor",
      config: lines("from dataclasses import dataclass", "@dataclass", "class Config:", `    model_id: str = "${NOVA}"`, `config = Config(model_id="${SONNET}")`),
      imports: "from app.config import config",
      expr: "config.model_id",
      model: { id: SONNET, source: "constant" },
    },
    {
      name: "an attribute set in __init__ from the constructor's argument",
      config: lines("class Config:", "    def __init__(self, model_id):", "        self.model_id = model_id", `config = Config("${SONNET}")`),
      imports: "from app.config import config",
      expr: "config.model_id",
      model: { id: SONNET, source: "constant" },
    },
  ];
  it.each(rows)("$name", ({ config, imports, expr, model }) => {
    const site = siteOf({ "app/config.py": config, "app/routes.py": route(imports, expr) });
    expect(site?.model).toEqual(model);
  });
});

describe("a parameter filled in when not passed, and names genuinely reassigned", () => {
  const service = (...body: string[]) =>
    lines(
      "import boto3",
      "class Batch:",
      `    DEFAULT_MODEL_ID = "${SONNET}"`,
      "    def __init__(self):",
      '        self.client = boto3.client("bedrock")',
      "    def submit(self, job, model_id: str = None):",
      ...body,
      '        return self.client.create_model_invocation_job(jobName=job, modelId=model_id, roleArn="r", inputDataConfig={}, outputDataConfig={})',
    );
  const model = (files: Record<string, string>) => siteOf(files, "app/batch.py");

  it("model_id = model_id or self.DEFAULT_MODEL_ID: the default when no caller passes one", () => {
    const files = { "app/batch.py": service("        model_id = model_id or self.DEFAULT_MODEL_ID"), "app/jobs.py": "from app.batch import Batch\nBatch().submit('nightly')\n" };
    expect(model(files)?.model).toEqual({ id: SONNET, source: "constant" });
    expect(model(files)?.callers).toBeUndefined();
    expect(model({ "app/batch.py": files["app/batch.py"] })?.model.id).toBe(SONNET);
  });

  it("…and a caller that passes one is its own path", () => {
    const files = { "app/batch.py": service("        model_id = model_id or self.DEFAULT_MODEL_ID"), "app/jobs.py": `from app.batch import Batch\nBatch().submit("nightly")\nBatch().submit("fast", model_id="${NOVA}")\n` };
    const sites = extractor.extract({ path: "app/batch.py", text: files["app/batch.py"] }, SideProgram.ofFiles(files)).sites;
    expect(sites.map((s) => [s.model.id, s.callers?.map((c) => `${c.path}:${c.line}`)])).toEqual([
      [SONNET, ["app/jobs.py:2"]],
      [NOVA, ["app/jobs.py:3"]],
    ]);
  });

  it("if model_id is None: model_id = DEFAULT", () => {
    const files = { "app/batch.py": service("        if model_id is None:", "            model_id = self.DEFAULT_MODEL_ID") };
    expect(model(files)?.model.id).toBe(SONNET);
  });

  it("dynamic: a name assigned on two branches", () => {
    const files = { "app/batch.py": service("        if job:", '            model_id = "a"', "        else:", '            model_id = "b"') };
    expect(model(files)?.model).toEqual({ id: null, source: "dynamic", origin: "`model_id` is assigned more than once" });
  });

  it("dynamic: the parameter reassigned from something else than itself", () => {
    const files = { "app/batch.py": service("        model_id = self.lookup(job)") };
    expect(model(files)?.model.source).toBe("dynamic");
  });
});
