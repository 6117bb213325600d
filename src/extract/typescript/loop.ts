import { ts } from "ts-morph";

/** Array methods whose callback runs once per element. */
const ITERATING_METHODS = new Set(["forEach", "map", "flatMap", "reduce", "reduceRight", "filter", "some", "every", "find"]);

/**
 * Whether a call runs once per iteration of something: inside a for/while/do loop, or inside a callback
 * passed to an iterating array method, within its own function (a function declared in a loop body
 * but called elsewhere is not counted).
 */
export function isInLoop(node: ts.Node): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (isLoopBody(parent, child)) return true;
    if (ts.isFunctionLike(child)) return isIteratingCallback(child);
  }
  return false;
}

function isLoopBody(parent: ts.Node, child: ts.Node): boolean {
  // A `for` initializer runs once; everything else in a loop runs per iteration.
  if (ts.isForStatement(parent)) return child !== parent.initializer;
  if (ts.isWhileStatement(parent) || ts.isDoStatement(parent)) return true;
  if (ts.isForOfStatement(parent) || ts.isForInStatement(parent)) return child === parent.statement;
  return false;
}

function isIteratingCallback(fn: ts.Node): boolean {
  const call = fn.parent;
  return (
    call !== undefined &&
    ts.isCallExpression(call) &&
    call.arguments.some((arg) => arg === fn) &&
    ts.isPropertyAccessExpression(call.expression) &&
    ITERATING_METHODS.has(call.expression.name.text)
  );
}
