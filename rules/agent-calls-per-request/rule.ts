import { z } from "zod";
import { defineRule } from "../../src/rule-kit/define-rule.js";

/**
 * An agent's bill is its model's calls times its loop: the number of calls per request is the biggest
 * unknown in its price, so the review says which number it used and how to set the real one.
 */
export const agentCallsPerRequest = defineRule({
  meta: {
    id: "agent-calls-per-request",
    title: "Agent priced with an assumed number of model calls per request",
    description: "A Bedrock agent is priced at several model calls per request; the figure is an assumption until usage sets it.",
    defaultLevel: "notice",
    options: z.strictObject({}),
    messages: {
      message: "Agent `{{name}}` makes {{calls}} model calls per request in this estimate ({{origin}}).",
      why: "Agents plan, retrieve and answer in a loop, so each request costs several model calls: {{cost:usd}} at {{calls}} calls, {{perCall:usd}} per call per request.",
      fix: "Set `calls_per_request` for it under `usage.sites` in .github/bedrock-cost.yml, from the agent's traces (e.g. CloudWatch invocation counts per session).",
    },
  },
  create(context) {
    for (const priced of context.sites) {
      const { site, usage, estimate } = priced;
      // Once the repo states the number, it is no longer an assumption worth a notice.
      if (site.api !== "agent" || !estimate.priced || usage.callsPerRequest.origin.kind !== "default") continue;
      const calls = usage.callsPerRequest.value;
      context.report({
        at: site,
        monthlySavings: null,
        data: {
          name: site.symbol,
          calls,
          origin: usage.callsPerRequest.origin.where,
          cost: estimate.monthlyCost,
          perCall: estimate.monthlyCost / calls,
        },
      });
    }
  },
});
