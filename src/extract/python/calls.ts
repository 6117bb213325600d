import type { Node } from "web-tree-sitter";

/** A call found by the name its callee ends in. */
export interface NamedCall {
  call: Node;
  /** The name as written (an alias, maybe). */
  name: string;
  /** The called expression: the call's function, or the method passed to `asyncio.to_thread(method, …)`. */
  fn: Node;
  /** Positional arguments before the called method's own (1 for `to_thread`). */
  skip: number;
}

/** `asyncio.to_thread(client.converse, modelId=…)`: the method runs with the rest of the arguments. */
const TO_THREAD = /^(?:asyncio\.)?to_thread$/;

/**
 * The calls whose callee ends in one of `names` (`name(…)`, `x.name(…)`), in source order, found from
 * the text's occurrences of those names and checked against the tree: no walk of the whole tree.
 * With `passed`, a method handed to `asyncio.to_thread` counts as called there.
 */
export function callsEndingIn(root: Node, text: string, names: Iterable<string>, passed = false): NamedCall[] {
  const list = [...new Set(names)].filter((name) => /^\w+$/.test(name));
  if (list.length === 0) return [];
  const pattern = new RegExp(`\\b(?:${list.join("|")})\\b`, "g");
  const calls: NamedCall[] = [];
  for (const match of text.matchAll(pattern)) {
    const identifier = root.descendantForIndex(match.index, match.index + match[0].length);
    if (identifier?.type !== "identifier") continue; // inside a string or comment
    const parent = identifier.parent;
    const callee = parent?.type === "attribute" && parent.childForFieldName("attribute")?.id === identifier.id ? parent : identifier;
    const call = callee.parent;
    if (call?.type === "call" && call.childForFieldName("function")?.id === callee.id) {
      calls.push({ call, name: match[0], fn: callee, skip: 0 });
    } else if (passed && call?.type === "argument_list" && call.namedChildren.find((c) => c.type !== "comment")?.id === callee.id) {
      const outer = call.parent;
      if (outer?.type === "call" && TO_THREAD.test(outer.childForFieldName("function")?.text ?? "")) calls.push({ call: outer, name: match[0], fn: callee, skip: 1 });
    }
  }
  // Outer calls first when two start together, as a pre-order walk would give them.
  return calls.sort((a, b) => a.call.startIndex - b.call.startIndex || b.call.endIndex - a.call.endIndex);
}
