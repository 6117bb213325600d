import type { ValueSource } from "../model/call-site.js";

/**
 * One field of a request body as either language's evaluator gives it, so that what a request
 * asks for (media, guardrails, flows, LiteLLM deployments) is read by one piece of code for every language.
 */
export type BodyField =
  | { kind: "number"; value: number; source: ValueSource; env?: string }
  | { kind: "string"; value: string; source?: ValueSource; env?: string }
  /** `length` null: items beyond those known may exist. */
  | { kind: "list"; length: number | null }
  | { kind: "object" }
  | { kind: "absent" }
  /** Not readable (a variable, a parameter) or of another type: why, in words. */
  | { kind: "unknown"; origin: string };

/** The field at a path of keys in the body being read. */
export type BodyReader = (...path: string[]) => BodyField;
