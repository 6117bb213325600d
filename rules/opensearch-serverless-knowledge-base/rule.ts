import { z } from "zod";
import { defineRule } from "../../src/rule-kit/define-rule.js";

/**
 * A knowledge base on OpenSearch Serverless brings a collection whose OCUs run around the clock: a
 * standing floor whatever the traffic. S3 Vectors has no floor.
 */
export const opensearchServerlessKnowledgeBase = defineRule({
  meta: {
    id: "opensearch-serverless-knowledge-base",
    title: "Knowledge base on OpenSearch Serverless (standing OCU floor)",
    description: "A new knowledge base stores its vectors in OpenSearch Serverless, which bills a floor of OCUs around the clock.",
    defaultLevel: "warning",
    options: z.strictObject({}),
    messages: {
      message: "Knowledge base `{{name}}` on OpenSearch Serverless: a floor of {{floor:usd}} before any query.",
      why: "Its collection's OCUs run around the clock; S3 Vectors would cost about {{alternative:usd}} ({{assumptions}}).",
      fix: "Use `storage_configuration.type = \"S3_VECTORS\"` unless you need OpenSearch features, or share an existing collection (same KMS key) so the floor is paid once.",
    },
  },
  create(context) {
    for (const { resource, change, estimate } of context.resources) {
      if (resource.kind !== "knowledge_base" || change !== "added" || !estimate?.priced || !estimate.alternative) continue;
      const { alternative } = estimate;
      context.report({
        at: resource,
        monthlySavings: Math.max(0, estimate.monthlyCost - alternative.monthlyCost),
        data: {
          name: resource.name,
          floor: estimate.monthlyCost,
          alternative: alternative.monthlyCost,
          assumptions: alternative.assumptions.slice(0, 3).join("; "),
        },
      });
    }
  },
});
