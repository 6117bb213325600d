import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadPythonExtractor } from "../../../../src/extract/python/index.js";
import { SideProgram } from "../../../../src/repository/program.js";

/*
 * fixtures/prs/python-shared-settings: a FastAPI-style service whose pull request changes only app/core/config.py
 * (two pydantic-settings defaults). The sites live in files the change does not touch: a route reading
 * get_settings().triage_model_id through a client re-exported by app/core/__init__.py, and a wrapper
 * `chat(prompt, model_id=None, max_tokens=512)` priced per caller.
 */

const ROOT = fileURLToPath(new URL("../../../../fixtures/prs/python-shared-settings/", import.meta.url));
const extractor = await loadPythonExtractor();

function side(which: "base" | "head"): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(join(ROOT, which), path)] = readFileSync(path, "utf8");
    }
  };
  walk(join(ROOT, which));
  return files;
}

function sites(which: "base" | "head", path: string) {
  const files = side(which);
  const program = SideProgram.ofFiles(files);
  try {
    return extractor.extract({ path, text: files[path]! }, program).sites.map((s) => ({
      key: s.key,
      line: s.location.line,
      model: s.model,
      maxTokens: s.maxTokens.kind === "static" ? s.maxTokens.value : s.maxTokens.kind,
      callers: s.callers?.map((c) => `${c.path}:${c.line} ${c.symbol}${c.annotation ? " annotated" : ""}`),
      via: s.via?.map((r) => `${r.path}:${r.line} ${r.name} ${r.digest}`),
    }));
  } finally {
    program.dispose();
  }
}

const HAIKU = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
const SONNET = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

describe("fixture PR prs/python-shared-settings: only the settings module changes", () => {
  it("the route's site moves from Haiku to Sonnet, through the settings field it reads", () => {
    const [base] = sites("base", "app/routes/triage.py");
    const [head] = sites("head", "app/routes/triage.py");
    expect(base).toMatchObject({ key: "app/routes/triage.py#triage#converse#0", line: 8, model: { id: HAIKU, source: "env-default", env: "SUPPORT_TRIAGE_MODEL_ID" }, maxTokens: 5 });
    expect(head).toMatchObject({ key: base!.key, line: 8, model: { id: SONNET, source: "env-default", env: "SUPPORT_TRIAGE_MODEL_ID" } });
    const moved = head!.via!.filter((ref) => !base!.via!.includes(ref)).map((ref) => ref.replace(/ \w+$/, ""));
    expect(moved).toEqual(["app/core/config.py:10 Settings.triage_model_id"]);
  });

  it("the wrapper is one site per caller; the caller that passes no model moves with the default", () => {
    const row = (which: "base" | "head") => sites(which, "app/llm.py").map((s) => [s.model.id, s.maxTokens, s.callers]);
    expect(row("base")).toEqual([
      ["us.amazon.nova-lite-v1:0", 300, ["app/routes/answers.py:6 summarize"]],
      [SONNET, 800, ["app/routes/answers.py:11 answer annotated"]],
    ]);
    expect(row("head")).toEqual([
      ["us.amazon.nova-pro-v1:0", 300, ["app/routes/answers.py:6 summarize"]],
      [SONNET, 800, ["app/routes/answers.py:11 answer annotated"]],
    ]);
  });
});
