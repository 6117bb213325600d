import { identifierLabel, type CallSite } from "../model/call-site.js";
import type { SiteEstimate } from "../model/estimate.js";
import type { UsageAssumptions } from "../model/usage.js";
import type { Catalog } from "./catalog.js";
import standing from "./catalog/standing.json" with { type: "json" };

/**
 * An InvokeFlow call per month: its node transitions, each node once per invocation.
 *
 *   C  calls per month = requests_per_month × calls_per_request
 *   N  nodes           = the nodes of the flow the IaC declares (bindFlows)
 *   monthly cost       = C × N ÷ 1,000 × $0.035 (standing.json flows), after the discount
 *
 * The models its Prompt and KnowledgeBase nodes call are sites of their own, at the nodes.
 */
export function estimateFlowInvocation(site: CallSite, usage: UsageAssumptions, catalog: Catalog): SiteEstimate {
  const flow = site.invokesFlow;
  const declared = flow?.declared;
  if (!flow || !declared) {
    const name = flow ? identifierLabel(flow) : "(none named)";
    return { priced: false, reason: `flow ${name}: its nodes are not known (${flow?.unbound ?? "not looked up"}); declare it in this repository's IaC to price its node transitions`, notes: [] };
  }
  const rates = standing.flows;
  const calls = usage.requestsPerMonth.value * usage.callsPerRequest.value;
  const unitPrice = rates.per_1k_node_transitions * (1 - catalog.discountPercent / 100);
  const quantityPerMonth = (calls * declared.nodes) / 1000;
  return {
    priced: true,
    monthlyCost: quantityPerMonth * unitPrice,
    components: [{ name: "node transitions", unit: "1K node transitions", quantityPerMonth, unitPrice, monthlyCost: quantityPerMonth * unitPrice }],
    notes: [
      `flow \`${declared.name}\` (${declared.path}:${declared.line}): ${declared.nodes} nodes, each counted once per invocation (a condition that skips a branch makes fewer); its nodes' model calls are priced at the nodes`,
    ],
    model: { id: `flow ${declared.name}`, name: "Bedrock Flows", source: rates.source, verifiedAt: rates.verified_at },
  };
}
