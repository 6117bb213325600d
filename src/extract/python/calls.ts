import type { Node } from "web-tree-sitter";

/** A call found by the name its callee ends in. */
export interface NamedCall {
  call: Node;
  /** The name as written (an alias, maybe). */
  name: string;
  /** The called expression: the call's function, or the method passed to a runner (`asyncio.to_thread(method, …)`). */
  fn: Node;
  /** Positional arguments before the called method's own (1 for `to_thread`, 2 for `run_in_executor`). */
  skip: number;
}

/**
 * Calls that run a method passed to them with the rest of their arguments, by the runner's last name:
 * the index of the method among the positional arguments. `asyncio.to_thread`, Starlette/FastAPI
 * `run_in_threadpool`, `anyio.to_thread.run_sync`, `functools.partial` (called later with the same
 * arguments), `loop.run_in_executor(executor, method, …)` and `executor.submit(method, …)`.
 */
const RUNNERS: Record<string, number> = { to_thread: 0, run_in_threadpool: 0, run_sync: 0, partial: 0, run_in_executor: 1, submit: 0 };

function runnerName(call: Node): string {
  const fn = call.childForFieldName("function");
  if (fn?.type === "attribute") return fn.childForFieldName("attribute")?.text ?? "";
  return fn?.type === "identifier" ? fn.text : "";
}

/**
 * The calls whose callee ends in one of `names` (`name(…)`, `x.name(…)`), in source order, found from
 * the text's occurrences of those names and checked against the tree: no walk of the whole tree.
 * With `passed`, a method handed to a runner (RUNNERS) counts as called there.
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
    } else if (passed && call?.type === "argument_list" && call.parent?.type === "call") {
      const at = RUNNERS[runnerName(call.parent)];
      const positional = call.namedChildren.filter((c) => c.type !== "comment" && c.type !== "keyword_argument" && c.type !== "dictionary_splat");
      if (at !== undefined && positional[at]?.id === callee.id) calls.push({ call: call.parent, name: match[0], fn: callee, skip: at + 1 });
    }
  }
  // Outer calls first when two start together, as a pre-order walk would give them.
  return calls.sort((a, b) => a.call.startIndex - b.call.startIndex || b.call.endIndex - a.call.endIndex);
}
