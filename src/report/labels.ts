import type { ResourceSide } from "../model/report.js";
import type { ResourceKind } from "../model/resource.js";

/** Words for resource kinds, shared by every renderer. */
export const RESOURCE_KIND_LABELS: Record<ResourceKind, string> = {
  provisioned_throughput: "provisioned throughput",
  knowledge_base: "knowledge base",
  vector_store: "vector store",
  agent: "agent",
  guardrail: "guardrail",
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
  if (side?.kind === "vector_store" && side.monthlyCost === 0) return "in its knowledge base";
  return money(side);
}
