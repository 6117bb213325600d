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
      message: "Provisioned throughput `{{name}}`: {{monthly:usd}}, {{owed:total}} owed over {{term}}.",
      why: "Billed every hour whether or not it is used; on demand, the same money buys about {{breakEven:tokens}} tokens a month ({{basis}}).",
      fix: "Keep {{model}} on demand unless steady traffic is above the break-even; prefer a 1-month term until the traffic is proven.",
    },
  },
  create(context) {
    for (const { resource, change, estimate } of context.resources) {
      if (resource.kind !== "provisioned_throughput" || !estimate?.priced) continue;
      if (change !== "added" && change !== "modified") continue;
      const { breakEven, commitmentTotal } = estimate;
      const term = TERMS[String(resource.attributes.commitment)] ?? "the month it runs (no commitment: billed hourly until deleted)";
      context.report({
        at: resource,
        monthlySavings: null,
        data: {
          name: resource.name,
          model: resource.model?.id ?? "the model",
          monthly: estimate.monthlyCost,
          owed: commitmentTotal ?? estimate.monthlyCost,
          term,
          // No on-demand price for the model: the break-even is unknown, and the message says so.
          ...(breakEven ? { breakEven: breakEven.tokensPerMonth, basis: breakEven.basis } : { breakEven: Number.NaN, basis: "no on-demand price for this model in the catalog" }),
        },
      });
    }
  },
});

const TERMS: Record<string, string> = { OneMonth: "the 1-month term", SixMonths: "the 6-month term" };
