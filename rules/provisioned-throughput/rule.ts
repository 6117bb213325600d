import { z } from "zod";
import { defineRule } from "../../src/rule-kit/define-rule.js";

/**
 * Provisioned throughput is billed every hour of its term whether or not it is used; a new or grown
 * commitment is money owed up front, so it should be a decision, not a side effect of a PR.
 */
export const provisionedThroughput = defineRule({
  meta: {
    id: "provisioned-throughput",
    title: "New or grown provisioned-throughput commitment",
    description: "A pull request adds provisioned throughput or raises its monthly cost: a fixed commitment billed whether used or not.",
    defaultLevel: "warning",
    options: z.strictObject({}),
    messages: {
      message: "Provisioned throughput `{{name}}`: {{monthly:usd}}{{term}}.",
      why: "Billed every hour whether or not it is used{{breakEven}}.",
      fix: "Keep {{model}} on demand unless steady traffic is above the break-even; prefer a 1-month term until the traffic is proven.",
    },
  },
  create(context) {
    for (const { resource, change, estimate } of context.resources) {
      if (resource.kind !== "provisioned_throughput" || !estimate?.priced) continue;
      if (change !== "added" && change !== "modified") continue;
      const { breakEven, commitmentTotal } = estimate;
      context.report({
        at: resource,
        monthlySavings: null,
        data: {
          name: resource.name,
          model: resource.model?.id ?? "the model",
          monthly: estimate.monthlyCost,
          term: commitmentTotal === null ? "" : `, ${usdTotal(commitmentTotal)} owed over the ${String(resource.attributes.commitment) === "SixMonths" ? "6-month" : "1-month"} term`,
          breakEven: breakEven
            ? `; on demand, the same money buys about ${tokens(breakEven.tokensPerMonth)} tokens a month (${breakEven.basis})`
            : "",
        },
      });
    }
  },
});

function usdTotal(amount: number): string {
  return `$${Math.round(amount).toLocaleString("en-US")}`;
}

function tokens(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(1)}B` : `${Math.round(n / 1e6).toLocaleString("en-US")}M`;
}
