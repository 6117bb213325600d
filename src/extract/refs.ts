import { createHash } from "node:crypto";

/** A short fingerprint of a declaration's text: equal on both sides of a change exactly when the text is. */
export function digest(text: string): string {
  return createHash("sha1").update(text).digest("hex").slice(0, 12);
}
