import { z } from "zod";

/**
 * A zod object that rejects unknown keys and says which key was meant.
 * The error map sees every unknown key of one mapping in a single issue; it returns one message line
 * per key, in `issue.keys` order, so the loader can report (and locate) each key on its own.
 */
export function strictObject<Shape extends z.ZodRawShape>(shape: Shape, noun: Noun = "key") {
  const allowed = Object.keys(shape);
  // Rule ids are always listed: the user needs the ids, not only the nearest one.
  const list = noun === "rule" ? "always" : "unless-suggested";
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => unknownKeyMessage(key, allowed, { noun, list })).join("\n")
        : undefined,
  });
}

type Noun = "key" | "rule";

/** `unknown key "reqests_per_day" (did you mean "requests_per_day"?)`, with the allowed names when asked. */
export function unknownKeyMessage(
  key: string,
  allowed: readonly string[],
  { noun, list }: { noun: Noun; list: "always" | "unless-suggested" },
): string {
  const suggestion = closest(key, allowed);
  const message = `unknown ${noun} "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ""}`;
  if (suggestion && list === "unless-suggested") return message;
  return `${message}; ${noun === "rule" ? "known rules" : "allowed keys"}: ${allowed.join(", ") || "(none)"}`;
}

/** The allowed word nearest to `word`, if it is close enough to be a typo (a third of its length, at least 2 edits). */
export function closest(word: string, allowed: readonly string[]): string | undefined {
  const budget = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = budget + 1;
  for (const candidate of allowed) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, two rows. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
