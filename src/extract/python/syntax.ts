import type { Node } from "web-tree-sitter";

export interface SyntaxProblem {
  line: number;
  column: number;
  message: string;
}

/** Python 2 statements the grammar still accepts; Python 3 rejects them, so the file is not what runs. */
const PYTHON2_STATEMENTS = ["print_statement", "exec_statement"];
/** Walking the whole tree for them is not free: only when the text has `print`/`exec` followed by an operand. */
const PYTHON2_HINT = /\b(?:print|exec)[ \t]+[^\s(=.,)\]}:;]/;

/** The first reason the file is not valid Python 3, located; null when it is. */
export function syntaxProblem(root: Node, text: string): SyntaxProblem | null {
  if (root.hasError) {
    const bad = firstError(root) ?? root;
    const what = bad.isMissing ? `missing "${bad.type}"` : `unexpected ${JSON.stringify(bad.text.split("\n")[0]!.slice(0, 40))}`;
    return at(bad, `Python syntax error (${what}); file skipped`);
  }
  const python2 = PYTHON2_HINT.test(text) ? root.descendantsOfType(PYTHON2_STATEMENTS)[0] : undefined;
  if (python2) {
    return at(python2, `Python 2 syntax (${python2.type.replace("_", " ")}); file skipped`);
  }
  return null;
}

function firstError(node: Node): Node | null {
  for (const child of node.children) {
    if (child.isError || child.isMissing) return child;
    if (child.hasError) return firstError(child) ?? child;
  }
  return null;
}

function at(node: Node, message: string): SyntaxProblem {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1, message };
}
