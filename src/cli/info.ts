import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { allRules, findRule } from "../engine/registry.js";

/** The package root (holds rules/<id>/README.md), found from this module whether run from src/ or dist/. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) || !existsSync(join(dir, "rules"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the bedrock-cost-review package root");
    dir = parent;
  }
  return dir;
}

/** `bedrock-cost explain <id>`: the rule's documentation; with no id, the list of rules. */
export function explainRule(id: string | undefined): string | null {
  if (id === undefined) {
    return allRules().map((r) => `${r.meta.id.padEnd(30)} ${r.meta.defaultLevel.padEnd(8)} ${r.meta.title}`).join("\n") + "\n";
  }
  const rule = findRule(id);
  if (!rule) return null;
  const doc = join(packageRoot(), "rules", id, "README.md");
  return existsSync(doc) ? readFileSync(doc, "utf8") : `${rule.meta.id}: ${rule.meta.description}\n`;
}
