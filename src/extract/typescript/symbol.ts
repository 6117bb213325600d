import { ts } from "ts-morph";

/**
 * The enclosing symbol path of a node: named classes, functions, methods, and variables or properties
 * initialised with a function ("SupportAgent.step", "handler"); "" at module level. Anonymous callbacks
 * add nothing, so a call keeps its key when it moves into or out of a `.map(...)`.
 */
export function symbolPath(node: ts.Node): string {
  const names: string[] = [];
  for (let current = node.parent; current; current = current.parent) {
    const name = declaredName(current);
    if (name !== undefined) names.push(name);
  }
  return names.reverse().join(".");
}

/** The name a function-like or class node is known by in source, if any. */
export function declaredName(node: ts.Node): string | undefined {
  if (ts.isClassDeclaration(node) || ts.isClassExpression(node) || ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) {
    if (node.name) return node.name.text;
    return ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) ? undefined : nameFromHolder(node.parent);
  }
  if (ts.isArrowFunction(node)) return nameFromHolder(node.parent);
  if (ts.isConstructorDeclaration(node)) return "constructor";
  if (ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) return propertyNameText(node.name);
  return undefined;
}

/** A function expression takes the name of the variable or property it initialises. */
function nameFromHolder(holder: ts.Node): string | undefined {
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return holder.name.text;
  if (ts.isPropertyAssignment(holder) || ts.isPropertyDeclaration(holder)) return propertyNameText(holder.name);
  return undefined;
}

/** The static text of a property name (`a`, `"a"`, `1`, `#a`); undefined for computed names. */
export function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}
