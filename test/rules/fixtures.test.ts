import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffFiles, scanFiles } from "../helpers/analyze.js";

/**
 * fixtures/rules/<id>/{valid,invalid}/*: source files whose expectations are written inline, Semgrep-style:
 * `expect: <rule-id>` in a comment marks that the next code line carries that finding; `todo-expect:`
 * marks a known gap (asserted NOT to fire yet, so fixing it shows up here). With base/<same name>, the
 * file is diffed against it instead of scanned.
 */
const ROOT = join(import.meta.dirname, "..", "..", "fixtures", "rules");
const MARK = /(?:\/\/|#)\s*(todo-expect|expect):\s*([a-z-]+)/;

function expectations(text: string) {
  const lines = text.split("\n");
  const out: Array<{ kind: string; ruleId: string; line: number }> = [];
  lines.forEach((line, i) => {
    const m = MARK.exec(line);
    if (!m) return;
    let target = i + 1;
    while (target < lines.length && /^\s*(\/\/|#)/.test(lines[target]!)) target++;
    out.push({ kind: m[1]!, ruleId: m[2]!, line: target + 1 });
  });
  return out;
}

// A rule about changes (e.g. model-upgrade) keeps the before side of a fixture at base/<same name>.
const baseOf = (ruleId: string, file: string) => {
  const path = join(ROOT, ruleId, "base", file);
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
};

const cases = readdirSync(ROOT).flatMap((ruleId) =>
  ["valid", "invalid"].flatMap((kind) =>
    readdirSync(join(ROOT, ruleId, kind)).map((file) => ({ ruleId, kind, file, path: join(ROOT, ruleId, kind, file) })),
  ),
);

describe.each(cases)("fixtures/rules/$ruleId/$kind/$file", ({ ruleId, kind, file, path }) => {
  it("reports exactly the marked lines", async () => {
    const text = readFileSync(path, "utf8");
    const marks = expectations(text);
    const base = baseOf(ruleId, file);
    const report = base === undefined ? await scanFiles({ [file]: text }) : await diffFiles({ [file]: base }, { [file]: text });
    const fired = report.findings.filter((f) => f.ruleId === ruleId).map((f) => f.line).sort((a, b) => a - b);
    const expected = marks.filter((m) => m.kind === "expect" && m.ruleId === ruleId).map((m) => m.line);
    expect(fired).toEqual(expected);
    if (kind === "valid") expect(expected).toEqual([]);
    else expect(expected.length).toBeGreaterThan(0);
    for (const todo of marks.filter((m) => m.kind === "todo-expect")) expect(fired).not.toContain(todo.line);
  });
});
