import { identifierLabel, type CallSite, type GuardrailCheck, type GuardrailUse } from "../model/call-site.js";
import type { SiteEstimate, UnitCostComponent } from "../model/estimate.js";
import type { UsageAssumptions } from "../model/usage.js";
import type { Catalog } from "./catalog.js";
import standing from "./catalog/standing.json" with { type: "json" };
import { DEFAULT_CHARS_PER_TOKEN } from "./tokens.js";

type PolicyKey = keyof typeof standing.guardrails.policies;
const POLICIES = standing.guardrails.policies;
/** A text unit is up to 1,000 characters (standing.json guardrails.unit). */
const CHARS_PER_TEXT_UNIT = 1000;

/**
 * What a guardrail adds to a call per month:
 *
 *   C  calls per month          = requests_per_month × calls_per_request
 *   T  text units per call      = Σ over the texts it checks of ⌈tokens × 4 chars ÷ 1,000⌉
 *                                 (input_tokens for the prompt, output_tokens for the answer)
 *   p  price per 1,000 units    = Σ over the declared guardrail's policies (standing.json), after the discount
 *
 *   monthly cost = C × T ÷ 1,000 × p
 *
 * Only a guardrail the repository's IaC declares has known policies (bindGuardrails); for any other,
 * `unbound` says why.
 */
export function guardrailCost(guardrail: GuardrailUse, usage: UsageAssumptions, catalog: Catalog, charsPerToken = DEFAULT_CHARS_PER_TOKEN):
  | { ok: true; component: UnitCostComponent; notes: string[]; source: string; verifiedAt: string }
  | { ok: false; reason: string } {
  const declared = guardrail.declared;
  const name = identifierLabel(guardrail);
  if (!declared) return { ok: false, reason: `guardrail ${name}: its policies are not known (${guardrail.unbound ?? "not looked up"}); declare it in this repository's IaC to price it` };
  const policies = declared.policies.filter((key): key is PolicyKey => Object.hasOwn(POLICIES, key));
  const per1k = policies.reduce((sum, key) => sum + POLICIES[key].per_1k_text_units, 0) * (1 - catalog.discountPercent / 100);
  const calls = usage.requestsPerMonth.value * usage.callsPerRequest.value;
  const unitsPerCall = guardrail.checks.reduce((sum, check) => sum + Math.ceil((tokensChecked(check, usage) * charsPerToken) / CHARS_PER_TEXT_UNIT), 0);
  const where = `\`${declared.name}\` (${declared.path}:${declared.line})`;
  const paid = policies.filter((key) => POLICIES[key].per_1k_text_units > 0);
  const free = policies.filter((key) => POLICIES[key].per_1k_text_units === 0).map((key) => `${POLICIES[key].name} free`);
  const rates = [...paid.map((key) => `${POLICIES[key].name} $${POLICIES[key].per_1k_text_units.toFixed(2)} per 1,000 text units`), ...free];
  const notes = [
    policies.length === 0
      ? `guardrail ${where} enables no policy we can price`
      : `guardrail ${where}: ${rates.join(", ")}, on the ${guardrail.checks.map((c) => (c === "input" ? "prompt" : "answer")).join(" and ")}; ${unitsPerCall} text units per call (~${charsPerToken} characters per token, 1,000 characters per unit)`,
  ];
  const quantityPerMonth = (calls * unitsPerCall) / 1000;
  const priced = policies.length > 0 ? policies : (["wordPolicy"] as const);
  return {
    ok: true,
    component: { name: "guardrail", unit: "1K text units", quantityPerMonth, unitPrice: per1k, monthlyCost: quantityPerMonth * per1k },
    notes,
    source: [...new Set(priced.map((key) => POLICIES[key].source))].join("; "),
    verifiedAt: priced.map((key) => POLICIES[key].verified_at).sort()[0]!,
  };
}

function tokensChecked(check: GuardrailCheck, usage: UsageAssumptions): number {
  return check === "input" ? usage.inputTokens.value : usage.outputTokens.value;
}

/** An ApplyGuardrail call: the guardrail is all it costs. */
export function estimateGuardrailCheck(site: CallSite, usage: UsageAssumptions, catalog: Catalog): SiteEstimate {
  if (!site.guardrail) return { priced: false, reason: "ApplyGuardrail names no guardrail", notes: [] };
  const cost = guardrailCost(site.guardrail, usage, catalog);
  if (!cost.ok) return { priced: false, reason: cost.reason, notes: [] };
  return {
    priced: true,
    monthlyCost: cost.component.monthlyCost,
    components: [cost.component],
    notes: cost.notes,
    model: { id: `guardrail ${site.guardrail.declared!.name}`, name: "Bedrock Guardrails", source: cost.source, verifiedAt: cost.verifiedAt },
  };
}
