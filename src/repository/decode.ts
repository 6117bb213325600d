import type { FileContent } from "../model/source-file.js";
import type { RawContent } from "./source.js";

/** Files above this size are not analysed (generated bundles, data); the report says so. */
export const MAX_SOURCE_BYTES = 1024 * 1024;
/** Average line length beyond which a large file is treated as minified/generated. */
const MINIFIED_AVG_LINE = 500;
const MINIFIED_MIN_CHARS = 100_000;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Turns raw bytes into analysable text, or a located reason why not.
 * Shared by every source (folders, git, GitHub) so all skip the same files for the same reasons.
 */
export function decodeSource(bytes: Uint8Array): FileContent {
  if (bytes.byteLength > MAX_SOURCE_BYTES) {
    return { kind: "skipped", reason: `larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB (${formatMb(bytes.byteLength)})` };
  }
  if (bytes.subarray(0, 8000).includes(0)) return { kind: "skipped", reason: "binary file" };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { kind: "skipped", reason: "not valid UTF-8" };
  }
  // Bundles are large and nearly line-free; a source file holding one long prompt line is neither.
  if (text.length > MINIFIED_MIN_CHARS && text.length / countLines(text) > MINIFIED_AVG_LINE) {
    return { kind: "skipped", reason: "minified or generated (very long lines)" };
  }
  return { kind: "text", text };
}

/** A content as read, decoded if it is still raw bytes. */
export function decodedContent(content: FileContent | RawContent): FileContent {
  return content.kind === "bytes" ? decodeSource(content.bytes) : content;
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
