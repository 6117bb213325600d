import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rules } from "../../rules/index.js";
import { diffFiles, scanFiles } from "../helpers/analyze.js";

const ROOT = join(import.meta.dirname, "..", "..");
const folders = readdirSync(join(ROOT, "rules"), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const HEADINGS = ["## Rule Details", "## Cost Impact", "## Options", "## Examples", "## When Not To Use It"];

const EXTENSION: Record<string, string> = { ts: "ts", py: "py", hcl: "tf" };

/**
 * ```ts|py|hcl expect: <rule-id|none> blocks of a rule's README; a ```ts base block before them is the
 * before side, and then each example is diffed against it (rules about changes).
 */
function docExamples(markdown: string): Array<{ expect: string; code: string; file: string; base?: string }> {
  const base = /```(?:ts|py|hcl) base\n([\s\S]*?)```/.exec(markdown)?.[1];
  return [...markdown.matchAll(/```(ts|py|hcl) expect: ([a-z-]+)\n([\s\S]*?)```/g)].map((m) => ({
    expect: m[2]!,
    code: m[3]!,
    file: `example.${EXTENSION[m[1]!]}`,
    ...(base === undefined ? {} : { base }),
  }));
}

describe("rule registry parity", () => {
  it("registers every rule folder exactly once, sorted by id", () => {
    expect(rules.map((r) => r.meta.id)).toEqual(folders);
  });

  describe.each(folders)("%s", (id) => {
    const rule = rules.find((r) => r.meta.id === id)!;
    const doc = readFileSync(join(ROOT, "rules", id, "README.md"), "utf8");

    it("has metadata: kebab-case id, title, description, default level, option schema", () => {
      expect(rule.meta.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.meta.title.length).toBeGreaterThan(10);
      expect(rule.meta.description.length).toBeGreaterThan(20);
      expect(["error", "warning", "notice", "off"]).toContain(rule.meta.defaultLevel);
      expect(rule.meta.options.safeParse({}).success).toBe(true);
    });

    it("has a README with the fixed headings, titled by its id", () => {
      expect(doc.startsWith(`# ${id}\n`)).toBe(true);
      for (const heading of HEADINGS) expect(doc).toContain(`\n${heading}\n`);
    });

    it("has a table test and valid/invalid fixtures", () => {
      expect(existsSync(join(ROOT, "test", "rules", `${id}.test.ts`))).toBe(true);
      for (const kind of ["valid", "invalid"]) {
        expect(readdirSync(join(ROOT, "fixtures", "rules", id, kind)).length).toBeGreaterThan(0);
      }
    });

    it("documents examples that behave as documented", async () => {
      const examples = docExamples(doc);
      expect(examples.map((e) => e.expect).sort()).toEqual([id, "none"].sort());
      for (const example of examples) {
        const report =
          example.base === undefined
            ? await scanFiles({ [example.file]: example.code })
            : await diffFiles({ [example.file]: example.base }, { [example.file]: example.code });
        const fired = report.findings.filter((f) => f.ruleId === id).length;
        expect({ expect: example.expect, fired }).toEqual({ expect: example.expect, fired: example.expect === id ? 1 : 0 });
      }
    });
  });
});
