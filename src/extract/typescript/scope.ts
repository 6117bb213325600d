import { ts } from "ts-morph";

/** What an identifier refers to, found by walking up the lexical scopes of one file. */
export type Binding =
  | {
      kind: "variable";
      name: string;
      declaration: ts.VariableDeclaration;
      /** The destructuring element that introduces the name, when it is not the whole declaration. */
      element?: ts.BindingElement;
      isConst: boolean;
    }
  | { kind: "parameter"; name: string; parameter: ts.ParameterDeclaration; element?: ts.BindingElement }
  | { kind: "enum"; name: string; declaration: ts.EnumDeclaration }
  | { kind: "import"; name: string; module: string; imported: string }
  | { kind: "function"; name: string; node: ts.FunctionDeclaration }
  | { kind: "class"; name: string; node: ts.ClassDeclaration }
  | { kind: "other"; name: string; what: string };

export interface ScopeIndex {
  lookup(name: string, from: ts.Node): Binding | undefined;
  /** Whether any identifier of this name is assigned to anywhere in the file (conservative, by name). */
  isReassigned(name: string): boolean;
  /**
   * The values assigned to identifiers of this name anywhere in the file, by name: the right-hand side
   * of `name = …`, `name ??= …`, `name ||= …`; null for an assignment whose value is not one expression
   * (`++`, `+=`, destructuring, a for-of target).
   */
  assignmentsTo(name: string): ReadonlyArray<ts.Expression | null>;
}

export function createScopeIndex(sourceFile: ts.SourceFile): ScopeIndex {
  const scopes = new Map<ts.Node, Map<string, Binding>>();
  let assigned: Map<string, Array<ts.Expression | null>> | undefined;
  return {
    lookup(name, from) {
      for (let node: ts.Node | undefined = from; node; node = node.parent) {
        let bindings = scopes.get(node);
        if (!bindings) {
          bindings = bindingsOf(node);
          scopes.set(node, bindings);
        }
        const found = bindings.get(name);
        if (found) return found;
      }
      return undefined;
    },
    isReassigned(name) {
      assigned ??= assignments(sourceFile);
      return assigned.has(name);
    },
    assignmentsTo(name) {
      assigned ??= assignments(sourceFile);
      return assigned.get(name) ?? [];
    },
  };
}

const NO_BINDINGS = new Map<string, Binding>();

function bindingsOf(node: ts.Node): Map<string, Binding> {
  if (ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node)) return statementBindings(node.statements);
  if (ts.isCaseClause(node) || ts.isDefaultClause(node)) return statementBindings(node.statements);
  if (ts.isFunctionLike(node)) {
    const map = new Map<string, Binding>();
    for (const parameter of node.parameters) {
      addNames(parameter.name, (name, element) =>
        map.set(name, element ? { kind: "parameter", name, parameter, element } : { kind: "parameter", name, parameter }),
      );
    }
    return map;
  }
  if ((ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) && node.initializer) {
    if (ts.isVariableDeclarationList(node.initializer)) {
      const map = new Map<string, Binding>();
      // A loop variable changes every iteration: never a constant.
      for (const d of node.initializer.declarations) addNames(d.name, (name) => map.set(name, { kind: "other", name, what: "loop variable" }));
      return map;
    }
  }
  if (ts.isCatchClause(node) && node.variableDeclaration) {
    const map = new Map<string, Binding>();
    addNames(node.variableDeclaration.name, (name) => map.set(name, { kind: "other", name, what: "caught error" }));
    return map;
  }
  return NO_BINDINGS;
}

function statementBindings(statements: ts.NodeArray<ts.Statement>): Map<string, Binding> {
  const map = new Map<string, Binding>();
  for (const statement of statements) {
    if (ts.isVariableStatement(statement)) {
      const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
      for (const declaration of statement.declarationList.declarations) {
        addNames(declaration.name, (name, element) =>
          map.set(name, element ? { kind: "variable", name, declaration, element, isConst } : { kind: "variable", name, declaration, isConst }),
        );
      }
    } else if (ts.isEnumDeclaration(statement)) {
      map.set(statement.name.text, { kind: "enum", name: statement.name.text, declaration: statement });
    } else if (ts.isFunctionDeclaration(statement) && statement.name) {
      // Overloads are declarations without a body; the implementation is the one that runs.
      if (statement.body || !map.has(statement.name.text)) map.set(statement.name.text, { kind: "function", name: statement.name.text, node: statement });
    } else if (ts.isClassDeclaration(statement) && statement.name) {
      map.set(statement.name.text, { kind: "class", name: statement.name.text, node: statement });
    } else if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      addImportBindings(statement, statement.moduleSpecifier.text, map);
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      const ref = statement.moduleReference.expression;
      if (ts.isStringLiteral(ref)) map.set(statement.name.text, { kind: "import", name: statement.name.text, module: ref.text, imported: "*" });
    }
  }
  return map;
}

function addImportBindings(statement: ts.ImportDeclaration, module: string, map: Map<string, Binding>): void {
  const clause = statement.importClause;
  if (!clause) return;
  if (clause.name) map.set(clause.name.text, { kind: "import", name: clause.name.text, module, imported: "default" });
  const named = clause.namedBindings;
  if (!named) return;
  if (ts.isNamespaceImport(named)) {
    map.set(named.name.text, { kind: "import", name: named.name.text, module, imported: "*" });
    return;
  }
  for (const element of named.elements) {
    const imported = element.propertyName ? element.propertyName.text : element.name.text;
    map.set(element.name.text, { kind: "import", name: element.name.text, module, imported });
  }
}

function addNames(name: ts.BindingName, add: (name: string, element?: ts.BindingElement) => void): void {
  if (ts.isIdentifier(name)) {
    add(name.text);
    return;
  }
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    if (ts.isIdentifier(element.name)) add(element.name.text, element);
    else addNames(element.name, add);
  }
}

const VALUE_ASSIGNMENTS = new Set([ts.SyntaxKind.EqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken]);

function assignments(sourceFile: ts.SourceFile): Map<string, Array<ts.Expression | null>> {
  const out = new Map<string, Array<ts.Expression | null>>();
  const add = (name: string, value: ts.Expression | null) => out.set(name, [...(out.get(name) ?? []), value]);
  const addTarget = (target: ts.Expression, value: ts.Expression | null): void => {
    if (ts.isIdentifier(target)) add(target.text, value);
    else if (ts.isObjectLiteralExpression(target) || ts.isArrayLiteralExpression(target)) {
      // Destructuring assignment: every identifier inside is a target.
      const visitPattern = (n: ts.Node): void => {
        if (ts.isIdentifier(n)) add(n.text, null);
        ts.forEachChild(n, visitPattern);
      };
      visitPattern(target);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) {
      addTarget(node.left, VALUE_ASSIGNMENTS.has(node.operatorToken.kind) ? node.right : null);
    } else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && isIncrement(node.operator)) addTarget(node.operand, null);
    else if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && !ts.isVariableDeclarationList(node.initializer)) addTarget(node.initializer, null);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return out;
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function isIncrement(operator: ts.SyntaxKind): boolean {
  return operator === ts.SyntaxKind.PlusPlusToken || operator === ts.SyntaxKind.MinusMinusToken;
}
