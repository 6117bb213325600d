import { describe, expect, it } from "vitest";
import { scanFiles } from "../helpers/analyze.js";

const collection = (standby: string) => `resource "aws_opensearchserverless_collection" "kb" {
  name = "kb-vectors"
  type = "VECTORSEARCH"${standby}
}
`;
const knowledgeBase = (storage: string) => `
resource "aws_bedrockagent_knowledge_base" "kb" {
  name     = "docs"
  role_arn = "arn:aws:iam::123456789012:role/kb"
  knowledge_base_configuration {
    type = "VECTOR"
    vector_knowledge_base_configuration {
      embedding_model_arn = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0"
    }
  }
  storage_configuration {
    ${storage}
  }
}
`;
const AOSS = `type = "OPENSEARCH_SERVERLESS"
    opensearch_serverless_configuration {
      collection_arn    = aws_opensearchserverless_collection.kb.arn
      vector_index_name = "docs"
      field_mapping {
        vector_field   = "vec"
        text_field     = "text"
        metadata_field = "meta"
      }
    }`;
const findings = async (tf: string) =>
  (await scanFiles({ "infra/kb.tf": tf })).findings.filter((f) => f.ruleId === "opensearch-serverless-knowledge-base");

describe("opensearch-serverless-knowledge-base", () => {
  it.each([
    // 2 OCU × $0.24 × 730 h with standby replicas (the default); 1 OCU without.
    ["standby replicas on (default)", "", 2 * 0.24 * 730, 6],
    ["standby replicas disabled", '\n  standby_replicas = "DISABLED"', 1 * 0.24 * 730, 7],
  ])("flags a knowledge base on a collection with %s", async (_name, standby, floor, line) => {
    const [finding, ...rest] = await findings(collection(standby) + knowledgeBase(AOSS));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ path: "infra/kb.tf", line, level: "warning" });
    // S3 Vectors at the default workload: 1M × (1,024 × 4 + 1,024) bytes = 4.77 GB × $0.06 + 1M queries × $2.50/1M.
    const s3 = ((1e6 * (1024 * 4 + 1024)) / 1024 ** 3) * 0.06 + 2.5;
    expect(finding!.monthlySavings).toBeCloseTo(floor - s3, 2);
    expect(finding!.message).toContain(`a floor of $${Math.round(floor)}/mo`);
  });

  it.each([
    ["S3 Vectors storage", collection("") + knowledgeBase('type = "S3_VECTORS"')],
    ["a collection declared elsewhere (cannot price the floor, listed instead)", knowledgeBase(AOSS)],
  ])("does not flag %s", async (_name, tf) => {
    expect(await findings(tf)).toEqual([]);
  });
});
