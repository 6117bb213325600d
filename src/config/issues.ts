import type { z } from "zod";

/** One thing wrong with a config value, in words, at the path of the offending value (or key). */
export interface ConfigIssue {
  path: Array<string | number>;
  /** True when the key itself is wrong (an unknown key): it is located at the key, not its value. */
  atKey: boolean;
  /** Without the path; `formatPath` prefixes it. */
  message: string;
}

/**
 * zod issues -> one ConfigIssue per problem, in words a config author understands.
 * Parse with `reportInput: true` so messages can quote the offending value.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: Array<string | number> = []): ConfigIssue[] {
  return issues.flatMap((issue) => describeIssue(issue, [...prefix, ...issue.path.map(pathSegment)]));
}

function describeIssue(issue: z.core.$ZodIssue, path: Array<string | number>): ConfigIssue[] {
  const at = (message: string): ConfigIssue[] => [{ path, atKey: false, message }];
  switch (issue.code) {
    case "unrecognized_keys": {
      // strictObject's error map wrote one line per key, in `keys` order.
      const lines = issue.message.split("\n");
      return issue.keys.map((key, i) => ({ path: [...path, key], atKey: true, message: lines[i] ?? `unknown key "${key}"` }));
    }
    case "invalid_union": {
      // The branch that got furthest into the value says what is wrong; when none got past the
      // root, the union's own message names the accepted forms.
      const deepest = deepestBranch(issue.errors);
      if (deepest) return describeIssues(deepest, path);
      return at(`${issue.message}, got ${describeValue(issue.input)}`);
    }
    case "invalid_type":
      if (issue.input === undefined) return at(`missing (expected ${typeName(issue.expected)})`);
      return at(`expected ${typeName(issue.expected)}, got ${describeValue(issue.input)}`);
    case "invalid_value":
      return at(`expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, got ${describeValue(issue.input)}`);
    case "too_big":
      return at(`must be ${issue.inclusive ? "at most" : "less than"} ${String(issue.maximum)}, got ${describeValue(issue.input)}`);
    case "too_small":
      if (issue.origin === "string") return at("must not be empty");
      return at(`must be ${issue.inclusive ? "at least" : "more than"} ${String(issue.minimum)}, got ${describeValue(issue.input)}`);
    default:
      return at(issue.message);
  }
}

function pathSegment(key: PropertyKey): string | number {
  return typeof key === "number" ? key : String(key);
}

function deepestBranch(branches: readonly z.core.$ZodIssue[][]): z.core.$ZodIssue[] | undefined {
  let best: z.core.$ZodIssue[] | undefined;
  let bestDepth = 0;
  for (const branch of branches) {
    const depth = Math.max(...branch.map((issue) => issue.path.length + (issue.code === "unrecognized_keys" ? 1 : 0)));
    if (depth > bestDepth) {
      best = branch;
      bestDepth = depth;
    }
  }
  return best;
}

function typeName(expected: string): string {
  const names: Record<string, string> = { object: "a mapping", array: "a list", number: "a number", int: "a whole number" };
  return names[expected] ?? `a ${expected}`;
}

/** A value as a message quotes it: `string "lots"`, `number 1.5`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

/** `usage.sites[0].requests_per_day` */
export function formatPath(path: ReadonlyArray<string | number>): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? key : `.${key}`)).join("");
}
