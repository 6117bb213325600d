import { createHash } from "node:crypto";
import type { DeclarationRef } from "../model/call-site.js";

/** A short fingerprint of a declaration's text: equal on both sides of a change exactly when the text is. */
export function digest(text: string): string {
  return createHash("sha1").update(text).digest("hex").slice(0, 12);
}

/** Merges declaration refs, first occurrence first. */
export function mergeVia(...lists: Array<readonly DeclarationRef[] | undefined>): DeclarationRef[] | undefined {
  let out: DeclarationRef[] | undefined;
  for (const list of lists) {
    if (!list?.length) continue;
    if (!out) {
      out = [...list];
      continue;
    }
    for (const ref of list) if (!out.some((r) => r.path === ref.path && r.line === ref.line && r.name === ref.name)) out.push(ref);
  }
  return out;
}
