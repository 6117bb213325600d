import type { GuardrailCheck, GuardrailUse, ResolvedModel } from "../model/call-site.js";
import type { BodyField } from "./body-field.js";

/** An ApplyGuardrail site's model: there is none; it is priced by its guardrail's policies. */
export const APPLY_GUARDRAIL_MODEL: ResolvedModel = { id: null, source: "dynamic", origin: "ApplyGuardrail calls no model" };

/** What a model call's guardrail checks: the prompt, then the answer. */
export const MODEL_CALL_CHECKS: GuardrailCheck[] = ["input", "output"];

/**
 * The guardrail a request names by its identifier field (`guardrailConfig.guardrailIdentifier`,
 * InvokeModel's `guardrailIdentifier`, ApplyGuardrail's own), read alike for Python and TypeScript.
 * Undefined when the field is not written: the call applies no guardrail.
 */
export function guardrailFrom(identifier: BodyField, checks: GuardrailCheck[]): GuardrailUse | undefined {
  if (identifier.kind === "absent") return undefined;
  // An empty fallback (`os.environ.get("GUARDRAIL_ID", "")`) names no guardrail: it is set at run time.
  if (identifier.kind === "string" && identifier.value !== "") return { id: identifier.value, checks };
  if (identifier.kind === "string") return { id: null, origin: "an empty identifier, set at run time", checks };
  return { id: null, origin: identifier.kind === "unknown" ? identifier.origin : `a ${identifier.kind} where an identifier belongs`, checks };
}

/** ApplyGuardrail's `source`: "INPUT" checks a prompt, "OUTPUT" an answer; unreadable counts as the prompt. */
export function applyGuardrailChecks(source: BodyField): GuardrailCheck[] {
  return source.kind === "string" && source.value === "OUTPUT" ? ["output"] : ["input"];
}
