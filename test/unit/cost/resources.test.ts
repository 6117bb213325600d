import { describe, expect, test } from "vitest";
import {
  blendedPricePerMillion,
  estimateResource,
  guardrailPricePer1kTextUnits,
  isPricedResource,
  ocuFloor,
  provisionedBreakEven,
  s3VectorsAlternative,
  type PricedResource,
  type ResourcePricingContext,
} from "../../../src/cost/resources.js";
import type { Resource } from "../../../src/model/resource.js";

function resource(kind: Resource["kind"], fields: Partial<Resource> = {}): Resource {
  return {
    key: `main.tf#t#${kind}`,
    location: { path: "main.tf", line: 1, column: 1, endLine: 5, endColumn: 2 },
    format: "terraform",
    kind,
    type: "t",
    name: kind,
    model: null,
    attributes: {},
    references: [],
    notes: [],
    ...fields,
  };
}

function pt(model: string | null, modelUnits: Resource["attributes"][string], commitment: Resource["attributes"][string]): PricedResource {
  return resource("provisioned_throughput", {
    model: model === null ? { id: null, source: "dynamic", origin: "var.model (no default; set where the module is used)" } : { id: model, source: "literal" },
    attributes: { modelUnits, commitment },
  }) as PricedResource;
}

const HAIKU_3 = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
const CONFIG: ResourcePricingContext = {
  pricing: {
    provisioned: [
      { model: "amazon.nova-*", hourly_per_model_unit: { one_month: 99 } },
      { model: "anthropic.claude-3-haiku*", hourly_per_model_unit: { one_month: 20.5, six_months: 12.0, no_commitment: 30.0 } },
    ],
  },
  collections: new Map(),
};

describe("provisioned throughput", () => {
  test("2 MUs, 6-month commitment, config rate: 12.0 × 2 × 730 = 17,520/month; × 4,380 h = 105,120 owed", () => {
    const estimate = estimateResource(pt(HAIKU_3, 2, "SixMonths"), CONFIG);
    expect(estimate).toEqual({
      priced: true,
      monthlyCost: 17_520,
      commitmentTotal: 105_120,
      components: [{ name: "model units (6-month commitment)", quantity: 1460, unit: "MU-hours", unitPrice: 12, monthlyCost: 17_520 }],
      notes: ["billed every hour whether or not the capacity is used", "6-month commitment: 2 MU × 4380 h is owed in full"],
      source: '.github/bedrock-cost.yml pricing.provisioned[1] (model: "anthropic.claude-3-haiku*")',
      verifiedAt: "set by the repository config",
    });
  });

  test("1 MU, 1-month commitment, config rate: 20.5 × 730 = 14,965/month and 14,965 owed", () => {
    const estimate = estimateResource(pt(HAIKU_3, 1, "OneMonth"), CONFIG);
    expect(estimate).toMatchObject({ priced: true, monthlyCost: 14_965, commitmentTotal: 14_965 });
  });

  test("no commitment: 30.0 × 3 × 730 = 65,700/month, no term total, and the custom-model-only caveat", () => {
    const estimate = estimateResource(pt(HAIKU_3, "3", "none"), CONFIG);
    expect(estimate).toMatchObject({ priced: true, monthlyCost: 65_700, commitmentTotal: null });
    expect(estimate.notes).toContain("AWS sells no-commitment provisioned throughput only for custom models");
  });

  test("catalog list rate when config has none: Claude Instant 6-month 22.00 × 730 = 16,060/month, × 4,380 = 96,360", () => {
    const estimate = estimateResource(pt("anthropic.claude-instant-v1", 1, "SixMonths"), { collections: new Map() });
    expect(estimate).toMatchObject({
      priced: true,
      monthlyCost: 16_060,
      commitmentTotal: 96_360,
      source: "LL (bedrock-pricing.md §3), us-east-1 list rate for Claude Instant",
      verifiedAt: "2026-07-24",
    });
  });

  test("a config entry without the needed term does not match; the next one with it does", () => {
    const ctx: ResourcePricingContext = {
      pricing: { provisioned: [{ model: "anthropic.*", hourly_per_model_unit: { one_month: 1 } }, { model: "anthropic.claude-3-haiku*", hourly_per_model_unit: { six_months: 2 } }] },
      collections: new Map(),
    };
    expect(estimateResource(pt(HAIKU_3, 1, "SixMonths"), ctx)).toMatchObject({ monthlyCost: 1460 });
  });

  test("unknown rate: not priced, with the exact YAML to add", () => {
    const estimate = estimateResource(pt("us.anthropic.claude-sonnet-4-5-20250929-v1:0", 2, "OneMonth"), { collections: new Map() });
    expect(estimate).toEqual({
      priced: false,
      reason:
        "no 1-month commitment hourly rate for anthropic.claude-sonnet-4-5-20250929-v1:0: AWS does not publish it for most models. Add the rate AWS quoted you to .github/bedrock-cost.yml:\n" +
        'pricing:\n  provisioned:\n    - model: "anthropic.claude-sonnet-4-5-20250929-v1:0"\n      hourly_per_model_unit: { one_month: <USD per model unit per hour> }',
      notes: ["billed every hour whether or not the capacity is used"],
    });
  });

  test.each([
    ["a dynamic model", pt(null, 2, "OneMonth"), "the model is dynamic (var.model (no default; set where the module is used))"],
    ["dynamic model units", pt(HAIKU_3, { dynamic: "var.units" }, "OneMonth"), "model_units is dynamic (var.units)"],
    ["missing model units", pt(HAIKU_3, null, "OneMonth"), "model_units is not set"],
    ["an unknown commitment", pt(HAIKU_3, 1, "TwoYears"), 'commitment_duration is "TwoYears"'],
  ])("%s: not priced, never $0", (_, input, reason) => {
    expect(estimateResource(input, CONFIG)).toMatchObject({ priced: false, reason });
  });
});

describe("break-even volume", () => {
  test("Claude Instant example: $16,060/month at a $1.20 blended price = 13,383,333,333 tokens/month", () => {
    // 3:1 input:output at $0.80/$2.40: (3 × 0.80 + 1 × 2.40) / 4 = 1.20
    const blended = blendedPricePerMillion({ input: 0.8, output: 2.4 }, 3, 1);
    expect(blended).toBeCloseTo(1.2, 10);
    expect(provisionedBreakEven(16_060, blended)).toBeCloseTo(13_383_333_333.33, 0);
  });

  test("no blended price, no break-even", () => {
    expect(provisionedBreakEven(16_060, 0)).toBeNull();
  });
});

describe("knowledge base on OpenSearch Serverless", () => {
  const collection = (standbyReplicas: Resource["attributes"][string]) =>
    resource("vector_store", { key: "main.tf#aws_opensearchserverless_collection#kb", name: "kb", attributes: { collectionType: "VECTORSEARCH", standbyReplicas } });
  const kb = resource("knowledge_base", {
    model: { id: "amazon.titan-embed-text-v2:0", source: "literal" },
    attributes: { storageType: "OPENSEARCH_SERVERLESS", collection: { dynamic: "aws_opensearchserverless_collection.kb.arn" } },
    references: ["main.tf#aws_opensearchserverless_collection#kb"],
  }) as PricedResource;
  const withCollection = (c: Resource, rate?: number): ResourcePricingContext => ({
    pricing: rate === undefined ? {} : { opensearch_serverless_ocu_hour: rate },
    collections: new Map([[c.key, c]]),
  });

  test.each([
    ["standby ENABLED (the default): 2 OCU × $0.24 × 730 = $350.40", "ENABLED", undefined, 2, 0.24, 350.4],
    ["standby DISABLED: 1 OCU × $0.24 × 730 = $175.20", "DISABLED", undefined, 1, 0.24, 175.2],
    ["config rate: 2 OCU × $0.30 × 730 = $438", "ENABLED", 0.3, 2, 0.3, 438],
  ])("%s", (_, standby, rate, ocus, unitPrice, monthly) => {
    const estimate = estimateResource(kb, withCollection(collection(standby), rate));
    expect(estimate.priced).toBe(true);
    if (!estimate.priced) return;
    expect(estimate.monthlyCost).toBeCloseTo(monthly, 9);
    expect(estimate.commitmentTotal).toBeNull();
    expect(estimate.components).toEqual([
      { name: "OpenSearch Serverless OCU floor", quantity: ocus * 730, unit: "OCU-hours", unitPrice, monthlyCost: estimate.monthlyCost },
    ]);
    expect(estimate.notes).toContain(
      "OCUs are shared by collections encrypted with the same KMS key, so this floor may already be paid; a collection with its own key gets its own OCUs",
    );
  });

  test("the S3 Vectors alternative is stated beside the floor", () => {
    const estimate = estimateResource(kb, withCollection(collection("ENABLED")));
    expect(estimate.notes).toContain(
      "S3 Vectors has no floor: about $2.79/month or more for 1,000,000 vectors of 1024 float32 dimensions with 1024 bytes of key and metadata each and 1,000,000 queries a month (lower bound: the per-TB data-processed query charge is not included)",
    );
  });

  test("collection not in these files: not priced, with the possible floor range", () => {
    expect(estimateResource(kb, { collections: new Map() })).toMatchObject({
      priced: false,
      reason:
        "its OpenSearch Serverless collection is not declared in these files (dynamic (aws_opensearchserverless_collection.kb.arn)); a collection's floor is $175.20–$350.40/month (1–2 OCU), possibly already paid by collections sharing its KMS key",
    });
  });

  test("dynamic standby replicas: not priced", () => {
    expect(estimateResource(kb, withCollection(collection({ dynamic: "var.standby" })))).toMatchObject({
      priced: false,
      reason: "standby_replicas of kb is dynamic (var.standby)",
    });
  });

  test.each([
    ["S3_VECTORS", "S3 Vectors has no standing charge; storage ($0.06/GB-month) and queries depend on usage"],
    ["RDS", "the RDS vector store is billed by its own service, which we do not price"],
  ])("%s storage: not priced, says why", (storageType, reason) => {
    const other = resource("knowledge_base", { attributes: { storageType } }) as PricedResource;
    expect(estimateResource(other, { collections: new Map() })).toMatchObject({ priced: false, reason });
  });

  test("OCU floors: 2 with standby replicas, 1 without", () => {
    expect([ocuFloor("ENABLED"), ocuFloor("DISABLED")]).toEqual([2, 1]);
  });
});

describe("S3 Vectors alternative", () => {
  test("default workload: 1M × (1024 × 4 + 1024) B = 4.768 GiB × $0.06 + 1M queries × $2.50/1M = $2.786", () => {
    const alternative = s3VectorsAlternative();
    expect(alternative.components.map((c) => [c.name, c.quantity, c.unitPrice])).toEqual([
      ["vector storage", 4.76837158203125, 0.06],
      ["query calls", 1, 2.5],
    ]);
    expect(alternative.monthlyCost).toBeCloseTo(0.286102294921875 + 2.5, 12);
    expect(alternative.assumptions).toContain("one-time write of the vectors, not included: $0.95");
  });

  test("10M vectors of 1536 dims, no metadata, 100K queries: 57.22 GiB × 0.06 + 0.1 × 2.50 = $3.683", () => {
    const alternative = s3VectorsAlternative({ vectors: 10_000_000, dimensions: 1536, metadataBytesPerVector: 0, queriesPerMonth: 100_000 });
    // 10,000,000 × 6,144 B = 61,440,000,000 B = 57.220458984375 GiB
    expect(alternative.monthlyCost).toBeCloseTo(57.220458984375 * 0.06 + 0.25, 10);
  });
});

describe("guardrails, logging, custom models, inference profiles", () => {
  const guardrail = (policies: Record<string, boolean>) => resource("guardrail", { attributes: policies }) as PricedResource;

  test("content + sensitive information: (0.15 + 0.10) per 1K = $250 per 1M text units, depends on usage", () => {
    const g = guardrail({ contentPolicy: true, sensitiveInformationPolicy: true, topicPolicy: false });
    expect(guardrailPricePer1kTextUnits(g)).toBeCloseTo(0.25, 12);
    expect(estimateResource(g, { collections: new Map() })).toMatchObject({
      priced: false,
      reason: "depends on usage: $250.00 per 1M text units checked (2 policies)",
    });
  });

  test("only word filters: free, priced at $0 with the reason", () => {
    expect(estimateResource(guardrail({ wordPolicy: true }), { collections: new Map() })).toMatchObject({ priced: true, monthlyCost: 0 });
  });

  test("no policy read: not priced", () => {
    expect(estimateResource(guardrail({}), { collections: new Map() })).toMatchObject({ priced: false });
  });

  test("invocation logging: depends on usage, at $0.50/GB ingested", () => {
    const logging = resource("logging", { attributes: { cloudWatch: true, s3: false } }) as PricedResource;
    expect(estimateResource(logging, { collections: new Map() })).toMatchObject({
      priced: false,
      reason: "depends on usage: CloudWatch Logs ingestion is $0.5/GB of logged prompts and responses",
    });
  });

  test("custom model: $1.95/month storage; training rate stated, serving needs PT", () => {
    const custom = resource("custom_model", { model: { id: "amazon.titan-text-express-v1", source: "literal" }, attributes: { epochCount: "2" } }) as PricedResource;
    const estimate = estimateResource(custom, { collections: new Map() });
    expect(estimate).toMatchObject({ priced: true, monthlyCost: 1.95, commitmentTotal: null });
    expect(estimate.notes).toEqual([
      "training (once per job): training tokens × 2 × $0.008 per 1K tokens; the training data size is not in the code, so it depends on usage",
      "serving a custom model needs provisioned throughput, priced on its own resource",
    ]);
  });

  test("inference profile: no charge of its own, says which model is billed", () => {
    const profile = resource("inference_profile", { model: { id: "us.anthropic.claude-haiku-4-5-20251001-v1:0", source: "literal" } }) as PricedResource;
    expect(estimateResource(profile, { collections: new Map() })).toMatchObject({
      priced: true,
      monthlyCost: 0,
      notes: ["an inference profile has no charge of its own; calls through it are billed at us.anthropic.claude-haiku-4-5-20251001-v1:0's token rates"],
    });
  });

  test("agents and collections are not priced here", () => {
    expect([resource("agent"), resource("vector_store"), resource("guardrail")].map(isPricedResource)).toEqual([false, false, true]);
  });
});
