import type { GuardrailUse, MaxTokens, MediaRequest } from "../model/call-site.js";

// Facts a site has only when its request has them, spread into its CallFacts (`...withThinking(...)`).

/** `{ media }` when the body asks for images or video: spread into a site's facts. */
export function withMedia(media: MediaRequest | undefined): { media?: MediaRequest } {
  return media ? { media } : {};
}

/** `{ thinkingBudget }` when thinking is on: spread into a site's facts. */
export function withThinking(budget: MaxTokens | undefined): { thinkingBudget?: MaxTokens } {
  return budget ? { thinkingBudget: budget } : {};
}

/** `{ guardrail }` when the request names a guardrail: spread into a site's facts. */
export function withGuardrail(guardrail: GuardrailUse | undefined): { guardrail?: GuardrailUse } {
  return guardrail ? { guardrail } : {};
}

/** `{ region }` when the client's Region is static: spread into a site's facts. */
export function withRegion(region: string | undefined): { region?: { name: string; from: string } } {
  return region ? { region: { name: region, from: "its client" } } : {};
}
