import type { Node } from "web-tree-sitter";

const SIMPLE_ESCAPES: Record<string, string> = {
  "\n": "", "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v",
};

/** The string prefix letters of a `string` node, lower-cased (e.g. "f", "rb", ""). */
export function stringPrefix(node: Node): string {
  const start = node.firstChild?.text ?? "";
  return start.replace(/["']+$/, "").toLowerCase();
}

/** Decodes one backslash escape as Python does inside a non-raw string literal. */
export function decodeEscape(escape: string): string {
  const body = escape.slice(1);
  const simple = SIMPLE_ESCAPES[body];
  if (simple !== undefined) return simple;
  if (/^(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})$/.test(body)) {
    return String.fromCodePoint(parseInt(body.slice(1), 16));
  }
  if (/^[0-7]{1,3}$/.test(body)) return String.fromCodePoint(parseInt(body, 8));
  // \N{NAME} and unknown escapes: the length is what matters for prompt sizing; keep one character.
  return body.startsWith("N{") ? "?" : escape;
}

/** The text of a string_content node, escapes decoded unless the literal is raw. */
export function contentText(content: Node, raw: boolean): string {
  if (raw) return content.text;
  let text = "";
  let offset = content.startIndex;
  for (const child of content.children) {
    if (child.type !== "escape_sequence") continue;
    text += content.text.slice(offset - content.startIndex, child.startIndex - content.startIndex);
    text += decodeEscape(child.text);
    offset = child.endIndex;
  }
  return text + content.text.slice(offset - content.startIndex);
}

/** `textwrap.dedent`: removes the whitespace prefix common to every non-blank line. */
export function dedent(text: string): string {
  const lines = text.split("\n");
  let common: string | null = null;
  for (const line of lines) {
    if (line.trim() === "") continue;
    const indent = /^[ \t]*/.exec(line)![0];
    if (common === null || !indent.startsWith(common)) {
      let i = 0;
      while (common !== null && i < common.length && i < indent.length && common[i] === indent[i]) i++;
      common = common === null ? indent : common.slice(0, i);
    }
  }
  const prefix = common ?? "";
  return lines.map((line) => (line.trim() === "" ? line.replace(/^[ \t]+$/, "") : line.slice(prefix.length))).join("\n");
}
