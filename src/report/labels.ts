import type { ResourceSide, SiteChange, SiteReport } from "../model/report.js";
import type { ResourceKind } from "../model/resource.js";
import { identifierLabel } from "../model/call-site.js";

/** Words for resource kinds, shared by every renderer. */
export const RESOURCE_KIND_LABELS: Record<ResourceKind, string> = {
  provisioned_throughput: "provisioned throughput",
  knowledge_base: "knowledge base",
  vector_store: "vector store",
  agent: "agent",
  guardrail: "guardrail",
  flow: "flow",
  inference_profile: "inference profile",
  logging: "invocation logging",
  custom_model: "custom model",
};

/**
 * A resource's monthly figure in words: usage-billed resources say so instead of "cannot price", and a
 * collection's floor is shown on the knowledge base that stores its vectors. `money` words the rest.
 */
export function resourceCostLabel(side: ResourceSide | null, money: (side: ResourceSide | null) => string): string {
  if (side?.monthlyCost === null && side.unpriced?.startsWith("depends on usage")) return "depends on usage";
  if (side?.pricedThrough) return side.pricedThrough;
  return money(side);
}

/** Calls whose output cap is not set at the call (embeddings, agents, batch records, guardrail checks, flows, speech sessions, unit-billed models). */
export function noCapAtCall(site: SiteReport): boolean {
  return site.embedding || NO_CAP_APIS.has(site.api) || perUnit(site.assumptions);
}
const NO_CAP_APIS = new Set<SiteReport["api"]>(["agent", "batch_job", "apply_guardrail", "flow", "bidirectional_stream"]);

/** A site billed per image, second of video or rerank query: its token figures mean nothing. */
export function perUnit(assumptions: SiteReport["assumptions"]): boolean {
  return assumptions.imagesPerCall !== undefined || assumptions.videoSecondsPerCall !== undefined || assumptions.queriesPerCall !== undefined;
}

/** ApplyGuardrail and InvokeFlow call no model themselves: their guardrail or flow stands where the model would. */
export function standInLabel(site: SiteReport): string | undefined {
  const used = site.api === "apply_guardrail" ? site.guardrail : site.api === "flow" ? site.flow : undefined;
  if (!used) return undefined;
  const what = site.api === "flow" ? "flow" : "guardrail";
  if (used.declared) return `${what} ${used.declared.name} (${used.declared.path}:${used.declared.line})`;
  return `${what} ${identifierLabel(used)}`;
}

type Place = (path: string, line: number, side?: "base" | "head") => string;

/** "called from `POST` src/app/api/chat/route.ts:12 ← …": the caller path a site was priced for, outermost last. */
export function callersLabel(site: SiteReport, place: Place): string | undefined {
  if (!site.callers?.length) return undefined;
  return `called from ${site.callers.map((c) => `${c.symbol ? `\`${c.symbol}\` ` : ""}${place(c.path, c.line)}`).join(" ← ")}`;
}

/**
 * What moved a site the change reached through another file, and through which changed declarations:
 * "model via `MODEL` src/lib/claude/client.ts:4".
 */
export function viaLabel(change: SiteChange, place: Place): string | undefined {
  if (!change.via?.length) return undefined;
  const moved = change.base && change.head ? changedFacts(change.base, change.head) : [];
  const refs = change.via.map((ref) => `${ref.name.startsWith("call of") ? ref.name : `\`${ref.name}\``} ${place(ref.path, ref.line, ref.side)}`);
  return `${moved.length ? moved.join(", ") : "moved"} via ${refs.join(", ")}`;
}

/** The facts that differ between two sides of a site, named as a reader knows them. */
export function changedFacts(base: SiteReport, head: SiteReport): string[] {
  const out: string[] = [];
  if (base.model.id !== head.model.id) out.push("model");
  if (base.maxTokens !== head.maxTokens) out.push("max tokens");
  if (base.cachePoints !== head.cachePoints) out.push("cache points");
  if (base.serviceTier !== head.serviceTier) out.push("tier");
  if (base.systemPromptTokens !== head.systemPromptTokens) out.push("system prompt");
  if (base.profile !== head.profile && base.model.id === head.model.id) out.push("profile");
  return out;
}
