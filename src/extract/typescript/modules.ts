import { posix } from "node:path";
import { ts } from "ts-morph";
import type { SiblingFiles } from "../types.js";
import { Evaluator } from "./evaluate.js";
import { parseSource } from "./parse.js";
import { dynamic, type Value } from "./value.js";

/** Follows `import { X } from "./config"` into the other files of the same side. */
export interface ModuleResolver {
  /** The value a relative import names; undefined when the module is not among the files. */
  importedValue(fromPath: string, specifier: string, name: string): Value | undefined;
  /** The evaluator of a file this resolver parsed (to evaluate nodes that live there). */
  evaluatorOf(sourceFile: ts.SourceFile): Evaluator | undefined;
}

/** Import specifiers as written map to these files, in order (NodeNext writes `./config.js` for config.ts). */
function candidates(base: string): string[] {
  const stem = base.replace(/\.(?:m|c)?js$/, "");
  const withTsSources = stem === base ? [] : [`${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`];
  return [...withTsSources, base, `${base}.ts`, `${base}.tsx`, `${base}.js`, `${base}.mjs`, `${base}/index.ts`, `${base}/index.js`];
}

/** Parses sibling files on demand, once per extract call, and evaluates their exports. */
export class SiblingModules implements ModuleResolver {
  private readonly evaluators = new Map<string, Evaluator | null>();

  constructor(private readonly siblings: SiblingFiles) {}

  importedValue(fromPath: string, specifier: string, name: string): Value | undefined {
    const base = posix.join(posix.dirname(fromPath), specifier);
    for (const path of candidates(base)) {
      const evaluator = this.load(path);
      if (evaluator === null) return dynamic(`\`${name}\` imported from ${path}, which has syntax errors`);
      if (evaluator) return evaluator.exportedValue(name);
    }
    return undefined;
  }

  evaluatorOf(sourceFile: ts.SourceFile): Evaluator | undefined {
    return this.evaluators.get(sourceFile.fileName) ?? undefined;
  }

  /** undefined: no such file; null: the file does not parse. */
  private load(path: string): Evaluator | null | undefined {
    const known = this.evaluators.get(path);
    if (known !== undefined) return known;
    const text = this.siblings.get(path);
    if (text === undefined) return undefined;
    const { sourceFile, problem } = parseSource(path, text);
    const evaluator = problem ? null : new Evaluator(sourceFile, path, this.siblings, this);
    this.evaluators.set(path, evaluator);
    return evaluator;
  }
}
