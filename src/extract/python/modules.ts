import { posix } from "node:path";
import type { Node, Parser, Tree } from "web-tree-sitter";
import type { SiblingFiles } from "../types.js";
import { Evaluator } from "./evaluate.js";
import { Scopes } from "./scopes.js";
import { syntaxProblem } from "./syntax.js";
import { type PyValue, asConstant, dynamic } from "./values.js";

/** Modules the recognisers and the evaluator know by name: a local file named like one never stands in for it. */
const LIBRARIES = new Set([
  "boto3", "aioboto3", "botocore", "anthropic", "langchain_aws", "strands", "llama_index",
  "os", "json", "textwrap", "pathlib", "builtins",
]);

interface Module {
  root: Node;
  scopes: Scopes;
  evaluator: Evaluator;
  /** Whether the module has a `from … import *`, which may define names we cannot see. */
  wildcard: boolean;
}

/**
 * Follows imports of module-level constants into the other Python files of the same change:
 * `from .settings import MODEL_ID`, `from app import settings` + `settings.MODEL_ID`, `import app.settings as cfg`.
 * Each sibling is parsed at most once per extract call; `dispose` frees the trees. Only data crosses files
 * (strings, numbers, dicts, lists, file reads); anything else comes back dynamic, saying why, so a file's
 * sites never depend on evidence held in another file.
 */
export class SiblingModules {
  private readonly modules = new Map<string, Module | null>();
  private readonly texts = new Map<string, string | undefined>();
  private readonly members = new Map<string, PyValue | undefined>();
  private readonly active = new Set<string>();
  private readonly trees: Tree[] = [];

  constructor(
    private readonly parser: Parser,
    private readonly siblings: SiblingFiles,
  ) {}

  /**
   * What the import path `ref` (as bound in `fromPath`: `app.settings.MODEL_ID`, `.settings.MODEL_ID`)
   * names in a sibling module; undefined when it is not a name in a sibling, or names a module or a
   * function or class (it stays a reference, as without siblings).
   */
  resolve(fromPath: string, ref: string): PyValue | undefined {
    if (LIBRARIES.has(ref.split(".")[0]!)) return undefined;
    if (this.moduleFile(fromPath, ref) !== undefined) return undefined;
    const dots = /^\.*/.exec(ref)![0];
    const names = ref.slice(dots.length).split(".").filter((n) => n !== "");
    for (let k = names.length - 1; k >= (dots ? 0 : 1); k--) {
      const file = this.moduleFile(fromPath, dots + names.slice(0, k).join("."));
      if (file !== undefined) return this.member(file, names.slice(k));
    }
    return undefined;
  }

  /** Frees the parsed trees; values already returned hold no nodes of them. */
  dispose(): void {
    for (const tree of this.trees.splice(0)) tree.delete();
    this.modules.clear();
    this.members.clear();
  }

  /** The sibling file a dotted module path names: relative to `fromPath`'s package, or absolute from the root, `src/`, or the file's folder. */
  private moduleFile(fromPath: string, module: string): string | undefined {
    const level = /^\.*/.exec(module)![0].length;
    const dotted = module.slice(level);
    let bases: string[];
    if (level > 0) {
      let dir = posix.dirname(fromPath);
      for (let up = 1; up < level; up++) {
        if (dir === "." || dir === "/" || dir === "") return undefined; // above the repository root
        dir = posix.dirname(dir);
      }
      bases = [dir];
    } else {
      if (!dotted) return undefined;
      bases = ["", "src", posix.dirname(fromPath)];
    }
    for (const base of bases) {
      const stem = posix.join(base, ...dotted.split(".").filter((n) => n !== ""));
      const candidates = dotted ? [`${stem}.py`, `${stem}/__init__.py`] : [posix.join(base, "__init__.py")];
      for (const candidate of candidates) {
        const path = posix.normalize(candidate);
        // A file never imports itself: `from anthropic import …` in app/anthropic.py means the library.
        if (path !== fromPath && this.text(path) !== undefined) return path;
      }
    }
    return undefined;
  }

  private text(path: string): string | undefined {
    if (!this.texts.has(path)) this.texts.set(path, this.siblings.get(path));
    return this.texts.get(path);
  }

  /** `names[0]` read from the module in `file` (`names` has more parts only for an attribute of a function or class). */
  private member(file: string, names: string[]): PyValue | undefined {
    const key = `${file}\u0000${names.join(".")}`;
    if (this.members.has(key)) return this.members.get(key);
    if (this.active.has(key)) return dynamic(`\`${names.join(".")}\` is imported in a cycle through ${file}`);
    this.active.add(key);
    try {
      const value = this.read(file, names);
      this.members.set(key, value);
      return value;
    } finally {
      this.active.delete(key);
    }
  }

  private read(file: string, names: string[]): PyValue | undefined {
    const name = names[0]!;
    const more = names.slice(1);
    const module = this.load(file);
    if (!module) return dynamic(`\`${names.join(".")}\` imported from ${file}, which has syntax errors`);
    const bindings = module.scopes.moduleBindings(module.root, name);
    if (!bindings) {
      const star = module.wildcard ? " (it may come from a `*` import there)" : "";
      return dynamic(`\`${name}\` is not defined in ${file}${star}`);
    }
    const first = bindings[0]!;
    const sameImport = bindings.every((b) => b.kind === "import" && first.kind === "import" && b.path === first.path);
    if (bindings.length > 1 && !sameImport) return dynamic(`\`${name}\` is assigned more than once in ${file}`);
    const notConstant = dynamic(`\`${names.join(".")}\` from ${file} is not a module-level constant`);
    if (first.kind === "function" || first.kind === "class") {
      // A callable stays a reference, as without siblings; its attributes are not module-level constants.
      if (more.length === 0) return undefined;
      return dynamic(`\`${names.join(".")}\` is an attribute of ${first.kind} \`${name}\` in ${file}; only module-level constants are followed`);
    }
    const value = module.evaluator.bindingValue(first, name);
    // A re-export of something outside the change, a module or a callable: a reference, as without siblings.
    if (first.kind === "import" && value.kind === "ref") return more.length === 0 ? undefined : notConstant;
    return more.length === 0 ? exported(value, name, file) : notConstant;
  }

  /** The parsed module, or null when it does not parse as Python 3 (its tree is freed at once). */
  private load(file: string): Module | null {
    const known = this.modules.get(file);
    if (known !== undefined) return known;
    const text = this.text(file) ?? "";
    const tree = this.parser.parse(text);
    let module: Module | null = null;
    if (tree && !syntaxProblem(tree.rootNode, text)) {
      this.trees.push(tree);
      const scopes = new Scopes();
      module = {
        root: tree.rootNode,
        scopes,
        evaluator: new Evaluator(scopes, file, this.siblings, this),
        wildcard: /\bimport\s+\*/.test(text),
      };
    } else tree?.delete();
    this.modules.set(file, module);
    return module;
  }
}

/** A sibling's value as the importing file sees it: data as a constant naming its module, anything else dynamic. */
function exported(value: PyValue, name: string, file: string): PyValue {
  const data = dataOnly(value, name, file);
  return asConstant(data, { origin: `constant ${name} from ${file}` });
}

function dataOnly(value: PyValue, name: string, file: string): PyValue {
  switch (value.kind) {
    case "str":
    case "num":
    case "bool":
    case "none":
    case "file":
      return value;
    case "dict":
      return { ...value, entries: new Map([...value.entries].map(([key, entry]) => [key, dataOnly(entry, name, file)])) };
    case "list":
      return { ...value, items: value.items.map((item) => dataOnly(item, name, file)) };
    case "dynamic":
      return value.origin.includes(" (via `") ? value : dynamic(`${value.origin} (via \`${name}\` from ${file})`, value.env);
    case "object":
      return dynamic(`\`${name}\` from ${file} is not a constant (result of calling \`${value.type}\`)`);
    case "ref":
      return dynamic(`\`${name}\` from ${file} is not a constant (\`${value.path}\`)`);
    case "class":
      return dynamic(`\`${name}\` from ${file} is not a constant (a class)`);
  }
}
