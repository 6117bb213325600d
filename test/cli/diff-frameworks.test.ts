import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import type { Report } from "../../src/model/report.js";

const ROOT = join(import.meta.dirname, "..", "..");
const PR = "fixtures/prs/python-frameworks";
const cents = (n: number) => Math.round(n * 100) / 100;
const PER_MONTH = (1000 * 730) / 24;
const HAIKU = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
const SONNET = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
/** us. profiles: Haiku 4.5 $1/$5 and Sonnet 4.5 $3/$15 per 1M, ×1.1 regional premium. */
const price = (input: number, output: number, [inRate, outRate]: [number, number]) => cents((PER_MONTH * (input * inRate * 1.1 + output * outRate * 1.1)) / 1e6);

/*
 * The pull request changes one line: the LiteLLM model string in app/settings.py, Haiku 4.5 to Sonnet
 * 4.5. Neither file that sends requests changes, yet both move: LiteLLM's completion() in app/chat.py
 * and the CrewAI LLM in app/crew.py, each reading the constant through its import.
 */
describe("bedrock-cost diff on frameworks that name their model with a LiteLLM string (python-frameworks)", () => {
  it("prices the LiteLLM and CrewAI sites that read the changed constant, by hand", async () => {
    let stdout = "";
    const code = await runCli(["diff", "--base", `${PR}/base`, "--head", `${PR}/head`, "--format", "json"], { cwd: ROOT, stdout: (t) => (stdout += t), stderr: () => {} });
    const report = JSON.parse(stdout) as Report;
    const rows = report.sites.filter((s) => s.change !== "unchanged").map((s) => ({ key: s.key, sdk: s.head!.sdk, models: [s.base!.model.id, s.head!.model.id], before: s.base!.monthlyCost, after: s.head!.monthlyCost }));
    // answer(): a ~15-token system prompt + 500 user tokens in, 400 out (under its 600 cap).
    // crew LLM: 1,500 in, 400 out (under its 1,024 cap).
    expect(rows).toEqual([
      { key: "app/chat.py#answer#converse#0", sdk: "litellm", models: [HAIKU, SONNET], before: price(515, 400, [1, 5]), after: price(515, 400, [3, 15]) },
      { key: "app/crew.py#<module>#converse#0", sdk: "crewai", models: [HAIKU, SONNET], before: price(1500, 400, [1, 5]), after: price(1500, 400, [3, 15]) },
    ]);
    expect(rows.map((r) => [r.before, r.after])).toEqual([[84.15, 252.44], [117.1, 351.31]]);
    // The embedding call reads the other constant: listed, unchanged, input only.
    expect(report.sites.find((s) => s.key === "app/chat.py#embed#invoke_model#0")).toMatchObject({ change: "unchanged", head: { sdk: "litellm", model: { id: "amazon.titan-embed-text-v2:0" }, embedding: true } });
    expect(code).toBe(0);
  });
});
