import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import type { Report } from "../../src/model/report.js";

const ROOT = join(import.meta.dirname, "..", "..");
const HAIKU = "global.anthropic.claude-haiku-4-5-20251001-v1:0";
const SONNET = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";
const calls = (1000 * 730) / 24; // built-in 1,000 requests a day

/*
 * fixtures/repos/monorepo: npm workspaces with a shared package (@acme/llm, its exports pointing at an
 * uncommitted dist/, a barrel, a wrapper chat()), a Next.js app importing it by name and through a
 * tsconfig alias, a CommonJS worker requiring it, and a Python service (src layout from pyproject.toml)
 * whose client is re-exported by a package __init__.py and whose model is in a settings module.
 */
describe("bedrock-cost scan on a monorepo", () => {
  it("finds every call across packages, languages and module systems, with the model each one uses", async () => {
    let stdout = "";
    const code = await runCli(["scan", "fixtures/repos/monorepo", "--format", "json"], { cwd: ROOT, stdout: (t) => (stdout += t), stderr: () => {} });
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.problems).toEqual([]);
    expect(
      report.sites.map((s) => ({
        at: `${s.head!.path}:${s.head!.line}`,
        caller: s.head!.callers?.map((c) => `${c.path}:${c.line}`) ?? [],
        model: s.head!.model.id,
        maxTokens: s.head!.maxTokens,
      })),
    ).toEqual([
      { at: "apps/worker/src/jobs.js:6", caller: [], model: HAIKU, maxTokens: 2000 },
      { at: "packages/llm/src/chat.ts:6", caller: ["apps/web/src/app/api/ask/route.ts:7"], model: SONNET, maxTokens: 1024 },
      { at: "packages/llm/src/chat.ts:6", caller: ["apps/web/src/lib/summary.ts:4"], model: HAIKU, maxTokens: 128 },
      { at: "services/triage/src/triage/api.py:6", caller: [], model: HAIKU, maxTokens: 300 },
    ]);
    // 1,500 input tokens and 400 output by default, capped by max tokens; Haiku $1/$5, Sonnet $3/$15 per 1M.
    const expected = [(1500 + 400 * 5) * calls, (1500 * 3 + 400 * 15) * calls, (1500 + 128 * 5) * calls, (1500 + 300 * 5) * calls].map((n) => n / 1e6);
    report.sites.forEach((s, i) => expect(s.head!.monthlyCost).toBeCloseTo(expected[i]!, 1));
    expect(report.sites[3]!.head!.model).toMatchObject({ source: "env-default", env: "TRIAGE_MODEL_ID" });
  });
});
