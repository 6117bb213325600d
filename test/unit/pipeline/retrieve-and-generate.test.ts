import { describe, expect, it } from "vitest";
import { scanFiles } from "../../helpers/analyze.js";

const PER_MONTH = (1000 * 730) / 24;
const ask = (reranking: string) => `import boto3
agents = boto3.client("bedrock-agent-runtime")

def ask(q):
    return agents.retrieve_and_generate(input={"text": q}, retrieveAndGenerateConfiguration={"type": "KNOWLEDGE_BASE", "knowledgeBaseConfiguration": {
        "knowledgeBaseId": "KB12345678", "modelArn": "amazon.nova-lite-v1:0",
        "generationConfiguration": {"inferenceConfig": {"textInferenceConfig": {"maxTokens": 400}}},
        "retrievalConfiguration": {"vectorSearchConfiguration": {"numberOfResults": 20${reranking}}}}})
`;
const RERANK = `, "rerankingConfiguration": {"type": "BEDROCK_RERANKING_MODEL", "bedrockRerankingConfiguration": {"modelConfiguration": {"modelArn": "arn:aws:bedrock:us-west-2::foundation-model/cohere.rerank-v3-5:0"}}}`;
const KB = `resource "aws_bedrockagent_knowledge_base" "docs" {
  name     = "docs"
  role_arn = "arn:aws:iam::123456789012:role/kb"
  knowledge_base_configuration {
    type = "VECTOR"
    vector_knowledge_base_configuration {
      embedding_model_arn = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0"
    }
  }
  storage_configuration {
    type = "S3_VECTORS"
  }
}
`;

/** RetrieveAndGenerate (issue #10): generation, plus the query embedding and the reranking it runs. */
describe("RetrieveAndGenerate: what it runs besides the generation", () => {
  it("the knowledge base in the IaC embeds each query on its model; a configured reranker bills one query a call", async () => {
    const report = await scanFiles({ "app/ask.py": ask(RERANK), "infra/kb.tf": KB });
    const site = report.sites.find((s) => s.key === "app/ask.py#ask#retrieve_and_generate#0")!.head!;
    const [embedding, reranking] = site.components.filter((c) => c.name === "query_embedding" || c.name === "reranking");
    // 500 tokens a query at Titan Text Embeddings v2's $0.02 per 1M; Cohere Rerank 3.5 at $2 per 1,000 queries.
    expect(embedding).toEqual({ name: "query_embedding", tokensPerMonth: PER_MONTH * 500, pricePerMillion: 0.02, monthlyCost: 0.3, note: expect.stringMatching(/Titan/) });
    expect(reranking).toEqual({ name: "reranking", unit: "query", quantityPerMonth: PER_MONTH, unitPrice: 0.002, monthlyCost: 60.83, note: "Cohere Rerank 3.5" });
    expect(site.costNotes).toContainEqual(expect.stringMatching(/^query embedded on .*, the embedding model of knowledge base `docs` \(infra\/kb\.tf:1\), ~500 tokens a query$/));
  });

  it("no knowledge base in the IaC, no reranker: the generation alone, and the note says what is left out", async () => {
    const report = await scanFiles({ "app/ask.py": ask("") });
    const site = report.sites[0]!.head!;
    expect(site.components.map((c) => c.name)).toEqual(["input", "output"]);
    expect(site.costNotes).toContainEqual("not in this figure: the query embedding (the repository's IaC declares no knowledge base); a fraction of a cent per thousand queries");
  });

  it("a reranker the catalog does not know is left out, said", async () => {
    const report = await scanFiles({ "app/ask.py": ask(RERANK.replace("cohere.rerank-v3-5:0", "acme.rerank-v9:0")), "infra/kb.tf": KB });
    const site = report.sites.find((s) => s.key.startsWith("app/ask.py"))!.head!;
    expect(site.components.some((c) => c.name === "reranking")).toBe(false);
    expect(site.costNotes).toContainEqual(expect.stringMatching(/^not in this figure: reranking \(/));
  });
});
