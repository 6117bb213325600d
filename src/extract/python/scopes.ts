import type { Node } from "web-tree-sitter";
import { nested } from "../limits.js";

/** What one name binding in a scope says about the name's value. */
export type Binding =
  /** `node` is the value; `statement` the assignment (or `with` item, `:=`) that binds it. */
  | { kind: "value"; node: Node; statement: Node }
  | { kind: "param"; name: string; node: Node; default: Node | null; /** 0-based position */ index: number; fn: Node }
  | { kind: "import"; path: string }
  | { kind: "function"; node: Node }
  | { kind: "class"; node: Node }
  /** `global name` in a function: the name is the module's, assigned here too. */
  | { kind: "global"; name: string }
  /** Bound in a way the evaluator does not follow (loop variable, `+=`, unpacking, `global`, …). */
  | { kind: "opaque"; why: string };

const SCOPES = new Set(["module", "function_definition", "class_definition", "lambda"]);
const COMPREHENSIONS = new Set(["list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression"]);
const PATTERNS = new Set(["pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "list_splat_pattern", "parenthesized_expression"]);

type Table = Map<string, Binding[]>;

/** Python's name bindings per scope (module, function, class), computed once per scope and file. */
export class Scopes {
  private readonly tables = new Map<number, Table>();
  private readonly members = new Map<number, Table>();
  private globals: Map<string, Binding[]> | undefined;

  /** The bindings of `name` visible from `at`, innermost scope first; undefined when nothing binds it. */
  lookup(name: string, at: Node): Binding[] | undefined {
    return this.lookupScope(name, at)?.bindings;
  }

  /** The bindings of `name` visible from `at` and the scope (module, function, class, comprehension) holding them. */
  lookupScope(name: string, at: Node): { bindings: Binding[]; scope: Node } | undefined {
    let innermost = true;
    for (let node: Node | null = at; node; node = node.parent) {
      if (COMPREHENSIONS.has(node.type) && comprehensionBinds(node, name)) {
        return { bindings: [{ kind: "opaque", why: `comprehension variable \`${name}\`` }], scope: node };
      }
      if (!SCOPES.has(node.type) || node.id === at.id) continue;
      // A class body's names are not visible inside its methods.
      if (node.type === "class_definition" && !innermost) continue;
      innermost = false;
      const found = this.table(node).get(name);
      if (found) return { bindings: found, scope: node };
    }
    return undefined;
  }

  /**
   * Assignments to module-level `name` inside functions that declare it `global` (the singleton idiom:
   * `global _client; if _client is None: _client = make()`). The module is searched once, on first use.
   */
  globalAssignments(root: Node, name: string): Binding[] {
    if (!this.globals) {
      this.globals = new Map();
      if (/\bglobal\s/.test(root.text)) {
        for (const statement of root.descendantsOfType("global_statement")) {
          let fn: Node | null = statement.parent;
          while (fn && fn.type !== "function_definition") fn = fn.parent;
          if (!fn) continue;
          for (const global of identifiers(statement)) {
            const assigned = (this.table(fn).get(global) ?? []).filter((b) => b.kind !== "global");
            this.globals.set(global, [...(this.globals.get(global) ?? []), ...assigned]);
          }
        }
      }
    }
    return this.globals.get(name) ?? [];
  }

  /** The bindings of `name` at the top level of a module (what another file can import). */
  moduleBindings(root: Node, name: string): Binding[] | undefined {
    return this.table(root).get(name);
  }

  /** The bindings of attribute `member` of a class: class-body assignments and `self.member = …` in its methods. */
  member(cls: Node, member: string): Binding[] {
    let table = this.members.get(cls.id);
    if (!table) {
      table = collectMembers(cls, this.table(cls));
      this.members.set(cls.id, table);
    }
    return table.get(member) ?? [];
  }

  private table(scope: Node): Table {
    let table = this.tables.get(scope.id);
    if (!table) {
      table = collectScope(scope);
      this.tables.set(scope.id, table);
    }
    return table;
  }
}

/** The function or class that immediately contains a definition statement, through decorators. */
export function definitionParent(def: Node): Node | null {
  let parent = def.parent;
  if (parent?.type === "decorated_definition") parent = parent.parent;
  if (parent?.type === "block") parent = parent.parent;
  return parent;
}

export function decorators(def: Node): string[] {
  const parent = def.parent;
  if (parent?.type !== "decorated_definition") return [];
  return parent.namedChildren.filter((c) => c.type === "decorator").map((c) => c.text.slice(1).trim());
}

function comprehensionBinds(node: Node, name: string): boolean {
  return node.namedChildren.some(
    (clause) => clause.type === "for_in_clause" && identifiers(clause.childForFieldName("left")).includes(name),
  );
}

function identifiers(node: Node | null): string[] {
  if (!node) return [];
  if (node.type === "identifier") return [node.text];
  return node.namedChildren.flatMap(identifiers);
}

function add(table: Table, name: string, binding: Binding): void {
  const list = table.get(name);
  if (list) list.push(binding);
  else table.set(name, [binding]);
}

function collectScope(scope: Node): Table {
  const table: Table = new Map();
  if (scope.type === "function_definition" || scope.type === "lambda") {
    collectParameters(scope, table);
  }
  const body = scope.type === "module" ? scope : scope.childForFieldName("body");
  if (body && scope.type !== "lambda") collectStatements(body, table);
  return table;
}

function collectParameters(fn: Node, table: Table): void {
  const params = fn.childForFieldName("parameters");
  if (!params) return;
  params.namedChildren.forEach((param, index) => {
    let nameNode: Node | null = null;
    let defaultNode: Node | null = null;
    if (param.type === "identifier") nameNode = param;
    else if (param.type === "typed_parameter") nameNode = param.namedChildren.find((c) => c.type === "identifier") ?? null;
    else if (param.type === "default_parameter" || param.type === "typed_default_parameter") {
      nameNode = param.childForFieldName("name");
      defaultNode = param.childForFieldName("value");
    } else if (param.type === "list_splat_pattern" || param.type === "dictionary_splat_pattern") {
      const inner = param.namedChildren[0];
      if (inner) add(table, inner.text, { kind: "opaque", why: `variadic parameter \`${inner.text}\`` });
      return;
    }
    if (nameNode) add(table, nameNode.text, { kind: "param", name: nameNode.text, node: param, default: defaultNode, index, fn });
  });
}

function collectStatements(node: Node, table: Table): void {
  nested("the syntax tree", () => {
    for (const child of node.namedChildren) collectNode(child, table);
  });
}

function collectNode(node: Node, table: Table): void {
  switch (node.type) {
    case "function_definition":
    case "class_definition": {
      const name = node.childForFieldName("name");
      if (name) add(table, name.text, { kind: node.type === "class_definition" ? "class" : "function", node });
      return;
    }
    case "lambda":
      return;
    case "assignment":
      collectAssignment(node, table);
      return;
    case "augmented_assignment":
      for (const name of identifiers(node.childForFieldName("left"))) {
        add(table, name, { kind: "opaque", why: `\`${name}\` is reassigned` });
      }
      return;
    case "for_statement":
    case "for_in_clause":
      for (const name of identifiers(node.childForFieldName("left"))) {
        add(table, name, { kind: "opaque", why: `loop variable \`${name}\`` });
      }
      break;
    case "as_pattern": {
      const target = node.childForFieldName("alias");
      const value = node.namedChildren[0];
      for (const name of identifiers(target)) {
        // `with X as name` binds what X evaluates to (close enough for clients); `except E as name` does not.
        if (node.parent?.type === "with_item" && value) add(table, name, { kind: "value", node: value, statement: node });
        else add(table, name, { kind: "opaque", why: `\`${name}\` is bound by \`as\`` });
      }
      break;
    }
    case "named_expression": {
      const name = node.childForFieldName("name");
      const value = node.childForFieldName("value");
      if (name && value) add(table, name.text, { kind: "value", node: value, statement: node });
      break;
    }
    case "import_statement":
    case "import_from_statement":
      collectImport(node, table);
      return;
    case "global_statement":
      for (const name of identifiers(node)) add(table, name, { kind: "global", name });
      return;
    case "nonlocal_statement":
      for (const name of identifiers(node)) add(table, name, { kind: "opaque", why: `\`${name}\` is declared nonlocal` });
      return;
    case "delete_statement":
      for (const name of identifiers(node)) add(table, name, { kind: "opaque", why: `\`${name}\` is deleted` });
      return;
  }
  if (COMPREHENSIONS.has(node.type)) return;
  collectStatements(node, table);
}

function collectAssignment(node: Node, table: Table): void {
  // `a = b = value` nests: assignment(left a, right assignment(left b, right value)).
  const targets: Node[] = [];
  let current: Node = node;
  for (;;) {
    const left = current.childForFieldName("left");
    if (left) targets.push(left);
    const right = current.childForFieldName("right");
    if (right?.type === "assignment") current = right;
    else {
      if (right) collectNode(right, table);
      for (const target of targets) bindTarget(target, right, node, table);
      return;
    }
  }
}

function bindTarget(target: Node, value: Node | null, statement: Node, table: Table): void {
  if (target.type === "identifier") {
    // An annotation without a value (`x: int`) binds nothing.
    if (value) add(table, target.text, { kind: "value", node: value, statement });
    return;
  }
  if (PATTERNS.has(target.type)) {
    for (const name of identifiers(target)) add(table, name, { kind: "opaque", why: `\`${name}\` is unpacked` });
  }
}

function collectImport(node: Node, table: Table): void {
  const moduleNode = node.childForFieldName("module_name");
  const from = moduleNode ? moduleNode.text : null;
  for (const item of node.childrenForFieldName("name")) {
    const dotted = item.type === "aliased_import" ? item.childForFieldName("name")! : item;
    const alias = item.type === "aliased_import" ? item.childForFieldName("alias")!.text : null;
    if (from !== null) {
      // `from . import x` is `.x`, `from .a import x` is `.a.x`: leading dots count the levels up.
      add(table, alias ?? dotted.text, { kind: "import", path: `${from}${from.endsWith(".") ? "" : "."}${dotted.text}` });
    } else if (alias !== null) {
      add(table, alias, { kind: "import", path: dotted.text });
    } else {
      // `import a.b.c` binds `a`; the rest is reached through attributes.
      const first = dotted.text.split(".")[0]!;
      add(table, first, { kind: "import", path: first });
    }
  }
}

function collectMembers(cls: Node, classTable: Table): Table {
  const table: Table = new Map();
  for (const [name, bindings] of classTable) table.set(name, [...bindings]);
  const body = cls.childForFieldName("body");
  for (const statement of body?.namedChildren ?? []) {
    const fn = statement.type === "decorated_definition" ? statement.childForFieldName("definition") : statement;
    if (fn?.type !== "function_definition") continue;
    const self = fn.childForFieldName("parameters")?.namedChildren[0];
    const fnBody = fn.childForFieldName("body");
    if (self?.type !== "identifier" || !fnBody) continue;
    collectSelfAssignments(fnBody, self.text, table);
  }
  return table;
}

function collectSelfAssignments(node: Node, self: string, table: Table): void {
  for (const child of node.namedChildren) {
    if (child.type === "function_definition" || child.type === "class_definition" || child.type === "lambda") continue;
    if (child.type === "assignment" || child.type === "augmented_assignment") {
      const left = child.childForFieldName("left");
      const right = child.childForFieldName("right");
      if (left?.type === "attribute" && left.childForFieldName("object")?.text === self) {
        const member = left.childForFieldName("attribute")!.text;
        add(table, member, child.type === "assignment" && right
          ? { kind: "value", node: right, statement: child }
          : { kind: "opaque", why: `\`${self}.${member}\` is reassigned` });
      }
    }
    collectSelfAssignments(child, self, table);
  }
}
