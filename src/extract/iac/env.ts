import type { SourceLocation } from "../../model/location.js";
import { parseModelRef } from "../../cost/model-id.js";
import { toModel } from "./describe.js";
import type { EnvBinding } from "./types.js";
import type { IacValue } from "./value.js";

/** Env var names that carry a model even when their value is dynamic (a parameter, an SSM lookup). */
const MODEL_ENV_NAME = /MODEL|PROFILE|LLM/i;

/**
 * The model-bearing entries of an `environment` map (SAM `Environment.Variables`, serverless.yml
 * `environment`, Terraform `environment.variables`, CDK `environment: {…}`).
 */
export function envBindingsFrom(variables: IacValue | undefined, path: string): EnvBinding[] {
  if (variables?.kind !== "object") return [];
  const bindings: EnvBinding[] = [];
  for (const [env, value] of variables.entries) {
    const text = value.kind === "scalar" && typeof value.value === "string" ? value.value : undefined;
    if (!MODEL_ENV_NAME.test(env) && !(text !== undefined && parseModelRef(text).kind !== "unknown")) continue;
    bindings.push({ env, model: toModel(value, env), location: lineLocation(path, value.line) });
  }
  return bindings;
}

export function lineLocation(path: string, line: number): SourceLocation {
  return { path, line, column: 1, endLine: line, endColumn: 1 };
}
