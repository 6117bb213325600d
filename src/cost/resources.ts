import picomatch from "picomatch";
import type { ResourceCostComponent, ResourceEstimate } from "../model/estimate.js";
import type { Resource } from "../model/resource.js";
import provisionedCatalog from "./catalog/provisioned.json" with { type: "json" };
import standing from "./catalog/standing.json" with { type: "json" };
import { CONFIG_PATH } from "../config/load.js";
import { parseModelRef } from "./model-id.js";
import { HOURS_PER_MONTH } from "./usage.js";

/**
 * Monthly cost of IaC resources that cost money by existing (DESIGN.md "Facts"). Pure: the resource,
 * the team's pricing config and the other resources of the same side in; an estimate out.
 * Agents are not priced here (they are call sites with a calls-per-request multiplier), and
 * OpenSearch Serverless collections are priced through the knowledge bases stored in them.
 */

export type { ResourceCostComponent, ResourceEstimate } from "../model/estimate.js";

export interface ProvisionedRate {
  model: string;
  hourly_per_model_unit: { one_month?: number; six_months?: number; no_commitment?: number };
}

export interface ResourcePricingContext {
  /** The `pricing` section of the repository config. */
  pricing?: { provisioned?: ProvisionedRate[]; opensearch_serverless_ocu_hour?: number };
  /** Resources of the same side by key, for a knowledge base's collection. */
  collections: Map<string, Resource>;
  /** On-demand list prices per 1M tokens of a model id (global rate), for provisioned-throughput break-even. */
  onDemandPrices?: (modelId: string) => { input: number; output: number } | null;
}

/** The resources estimateResource prices. */
export type PricedResource = Resource & { kind: Exclude<Resource["kind"], "agent" | "vector_store"> };

export function isPricedResource(resource: Resource): resource is PricedResource {
  return resource.kind !== "agent" && resource.kind !== "vector_store";
}


type Term = keyof ProvisionedRate["hourly_per_model_unit"];
/** commitment_duration -> the config key of its rate, and the hours a term owes. */
const TERMS: Record<string, { term: Term; hours: number | null; label: string }> = {
  OneMonth: { term: "one_month", hours: HOURS_PER_MONTH, label: "1-month commitment" },
  SixMonths: { term: "six_months", hours: 6 * HOURS_PER_MONTH, label: "6-month commitment" },
  none: { term: "no_commitment", hours: null, label: "no commitment" },
};

export function estimateResource(resource: PricedResource, ctx: ResourcePricingContext): ResourceEstimate {
  switch (resource.kind) {
    case "provisioned_throughput":
      return estimateProvisioned(resource, ctx);
    case "knowledge_base":
      return estimateKnowledgeBase(resource, ctx);
    case "guardrail":
      return estimateGuardrail(resource);
    case "logging":
      return estimateLogging(resource);
    case "custom_model":
      return estimateCustomModel(resource);
    case "inference_profile":
      return estimateInferenceProfile(resource);
    case "flow":
      return estimateFlow(resource);
  }
}

/** A flow costs nothing standing: each invocation pays its node transitions, its nodes their own calls. */
function estimateFlow(resource: Resource): ResourceEstimate {
  const nodes = resource.flowNodes?.length ?? 0;
  const flows = standing.flows;
  const notes = [flows.note, `${nodes} ${nodes === 1 ? "node" : "nodes"}: up to ${nodes} transitions per invocation (${flows.source})`];
  return unpriced(`depends on usage: $${flows.per_1k_node_transitions} per 1,000 node transitions`, notes);
}

function estimateProvisioned(resource: Resource, ctx: ResourcePricingContext): ResourceEstimate {
  const notes = ["billed every hour whether or not the capacity is used"];
  if (!resource.model?.id) return unpriced(`the model is dynamic (${resource.model?.origin ?? "not set"})`, notes);
  const ref = parseModelRef(resource.model.id);
  const modelId = ref.baseId ?? ref.trainedFrom ?? resource.model.id;
  if (ref.kind === "custom-model") notes.push(`a custom model trained from ${ref.trainedFrom ?? "an unknown base model"}; rates are matched on ${modelId}`);
  const units = numeric(resource.attributes.modelUnits);
  if (units === undefined) return unpriced(`model_units is ${describeAttribute(resource.attributes.modelUnits)}`, notes);
  const commitment = resource.attributes.commitment;
  const term = typeof commitment === "string" ? TERMS[commitment] : undefined;
  if (!term) return unpriced(`commitment_duration is ${describeAttribute(commitment)}`, notes);
  if (term.term === "no_commitment" && ref.kind !== "custom-model") {
    notes.push("AWS sells no-commitment provisioned throughput only for custom models");
  }
  const rate = provisionedRate(modelId, term.term, ctx.pricing?.provisioned ?? []);
  if (!rate) {
    return unpriced(
      `no ${term.label} hourly rate for ${modelId}: AWS does not publish it for most models. Add the rate AWS quoted you to ${CONFIG_PATH}:\n` +
        `pricing:\n  provisioned:\n    - model: "${modelId}"\n      hourly_per_model_unit: { ${term.term}: <USD per model unit per hour> }`,
      notes,
    );
  }
  const monthlyCost = rate.hourly * units * HOURS_PER_MONTH;
  const commitmentTotal = term.hours === null ? null : rate.hourly * units * term.hours;
  if (commitmentTotal !== null) notes.push(`${term.label}: ${units} MU × ${term.hours} h is owed in full`);
  const prices = ctx.onDemandPrices?.(modelId);
  const blended = prices ? blendedPricePerMillion(prices, BREAK_EVEN_MIX.input, BREAK_EVEN_MIX.output) : null;
  const tokensPerMonth = blended === null ? null : provisionedBreakEven(monthlyCost, blended);
  return {
    priced: true,
    monthlyCost,
    commitmentTotal,
    components: [{ name: `model units (${term.label})`, quantity: units * HOURS_PER_MONTH, unit: "MU-hours", unitPrice: rate.hourly, monthlyCost }],
    notes,
    source: rate.source,
    verifiedAt: rate.verifiedAt,
    ...(blended !== null && tokensPerMonth !== null
      ? { breakEven: { tokensPerMonth, blendedPricePerMillion: blended, basis: `${modelId} on demand at $${prices!.input}/$${prices!.output} per 1M, 3:1 input:output` } }
      : {}),
  };
}

/** The token mix the break-even volume assumes: 3 input tokens per output token (bedrock-pricing.md §3). */
const BREAK_EVEN_MIX = { input: 3, output: 1 };

/** The team's configured rate first (first matching glob that has the term), then the catalog's list rate. */
function provisionedRate(modelId: string, term: Term, configured: ProvisionedRate[]): { hourly: number; source: string; verifiedAt: string } | undefined {
  for (const [index, entry] of configured.entries()) {
    const hourly = entry.hourly_per_model_unit[term];
    if (hourly !== undefined && picomatch.isMatch(modelId, entry.model)) {
      return { hourly, source: `${CONFIG_PATH} pricing.provisioned[${index}] (model: "${entry.model}")`, verifiedAt: "set by the repository config" };
    }
  }
  for (const entry of provisionedCatalog.rates) {
    const hourly = (entry.hourly_per_model_unit as ProvisionedRate["hourly_per_model_unit"])[term];
    if (hourly !== undefined && picomatch.isMatch(modelId, entry.model)) {
      return { hourly, source: `${entry.source}, ${entry.region} list rate for ${entry.name}`, verifiedAt: entry.verified_at };
    }
  }
  return undefined;
}

/**
 * The on-demand token volume per month at which provisioned throughput costs the same:
 * monthly cost ÷ blended USD per 1M tokens. Null when the blended price is not positive.
 * It only matters if that volume fits the model units' capacity, which AWS does not publish.
 */
export function provisionedBreakEven(monthlyCost: number, blendedPricePerMillion: number): number | null {
  if (!(blendedPricePerMillion > 0)) return null;
  return (monthlyCost / blendedPricePerMillion) * 1_000_000;
}

/** USD per 1M tokens of a traffic mix: (in × input price + out × output price) ÷ (in + out). */
export function blendedPricePerMillion(prices: { input: number; output: number }, inputTokens: number, outputTokens: number): number {
  return (inputTokens * prices.input + outputTokens * prices.output) / (inputTokens + outputTokens);
}

const AOSS = standing.opensearch_serverless;

/** The standing OCU floor of an OpenSearch Serverless collection: 2 OCU with standby replicas (default), 1 without. */
export function ocuFloor(standbyReplicas: "ENABLED" | "DISABLED"): number {
  return standbyReplicas === "DISABLED" ? AOSS.floor_ocu_standby_disabled : AOSS.floor_ocu_standby_enabled;
}

function estimateKnowledgeBase(resource: Resource, ctx: ResourcePricingContext): ResourceEstimate {
  const notes = [
    `embedding ${resource.model?.id ?? "model"} tokens for ingestion and queries depend on usage, priced per 1M tokens`,
  ];
  const storage = resource.attributes.storageType;
  if (storage === "S3_VECTORS") {
    return unpriced(
      `S3 Vectors has no standing charge; storage ($${standing.s3_vectors.storage_gb_month}/GB-month) and queries depend on usage`,
      notes,
    );
  }
  if (storage !== "OPENSEARCH_SERVERLESS") {
    return unpriced(
      typeof storage === "string"
        ? `the ${storage} vector store is billed by its own service, which we do not price`
        : `the vector store type is ${describeAttribute(storage)}`,
      notes,
    );
  }
  const rate = ctx.pricing?.opensearch_serverless_ocu_hour ?? AOSS.ocu_hour;
  const source = ctx.pricing?.opensearch_serverless_ocu_hour !== undefined ? `${CONFIG_PATH} pricing.opensearch_serverless_ocu_hour` : AOSS.source;
  const collection = resource.references.map((key) => ctx.collections.get(key)).find((r) => r?.kind === "vector_store");
  if (!collection) {
    const low = ocuFloor("DISABLED") * rate * HOURS_PER_MONTH;
    const high = ocuFloor("ENABLED") * rate * HOURS_PER_MONTH;
    return unpriced(
      `its OpenSearch Serverless collection is not declared in these files (${describeAttribute(resource.attributes.collection)}); ` +
        `a collection's floor is $${dollars(low)}–$${dollars(high)}/month (1–2 OCU), possibly already paid by collections sharing its KMS key`,
      notes,
    );
  }
  const standby = collection.attributes.standbyReplicas;
  if (standby !== "ENABLED" && standby !== "DISABLED") {
    return unpriced(`standby_replicas of ${collection.name} is ${describeAttribute(standby)}`, notes);
  }
  const ocus = ocuFloor(standby);
  const monthlyCost = ocus * rate * HOURS_PER_MONTH;
  const alternative = s3VectorsAlternative();
  notes.push(
    `OpenSearch Serverless collection ${collection.name}: standby replicas ${standby}, floor ${ocus} OCU running around the clock`,
    "OCUs are shared by collections encrypted with the same KMS key, so this floor may already be paid; a collection with its own key gets its own OCUs",
    `S3 Vectors has no floor: ${describeS3Vectors(alternative)}`,
  );
  return {
    priced: true,
    monthlyCost,
    commitmentTotal: null,
    components: [{ name: "OpenSearch Serverless OCU floor", quantity: ocus * HOURS_PER_MONTH, unit: "OCU-hours", unitPrice: rate, monthlyCost }],
    notes,
    source,
    verifiedAt: AOSS.verified_at,
    facts: { ocuFloor: ocus },
    alternative: { name: "S3 Vectors", monthlyCost: alternative.monthlyCost, assumptions: alternative.assumptions },
  };
}

export interface S3VectorsWorkload {
  vectors: number;
  dimensions: number;
  /** Key plus filterable and non-filterable metadata stored with each vector. */
  metadataBytesPerVector: number;
  queriesPerMonth: number;
}

/** The workload the S3 Vectors comparison assumes unless told otherwise (stated in every result). */
export const DEFAULT_S3_VECTORS_WORKLOAD: S3VectorsWorkload = {
  vectors: 1_000_000,
  dimensions: 1024,
  metadataBytesPerVector: 1024,
  queriesPerMonth: 1_000_000,
};

const BYTES_PER_GB = 1024 ** 3;
const BYTES_PER_DIMENSION = 4; // float32

/**
 * What the same knowledge base would cost a month on S3 Vectors: storage plus per-call query charges.
 * A lower bound: the per-TB "data processed" query charge is not in our sources, and the one-time
 * write of the vectors is left out of the monthly figure.
 */
export function s3VectorsAlternative(workload: S3VectorsWorkload = DEFAULT_S3_VECTORS_WORKLOAD): {
  monthlyCost: number;
  components: ResourceCostComponent[];
  assumptions: string[];
  source: string;
  verifiedAt: string;
} {
  const rates = standing.s3_vectors;
  const bytes = workload.vectors * (workload.dimensions * BYTES_PER_DIMENSION + workload.metadataBytesPerVector);
  const gb = bytes / BYTES_PER_GB;
  const components: ResourceCostComponent[] = [
    { name: "vector storage", quantity: gb, unit: "GB-month", unitPrice: rates.storage_gb_month, monthlyCost: gb * rates.storage_gb_month },
    {
      name: "query calls",
      quantity: workload.queriesPerMonth / 1_000_000,
      unit: "1M queries",
      unitPrice: rates.query_per_million_calls,
      monthlyCost: (workload.queriesPerMonth / 1_000_000) * rates.query_per_million_calls,
    },
  ];
  return {
    monthlyCost: components.reduce((sum, c) => sum + c.monthlyCost, 0),
    components,
    assumptions: [
      `${workload.vectors.toLocaleString("en-US")} vectors of ${workload.dimensions} float32 dimensions with ${workload.metadataBytesPerVector} bytes of key and metadata each`,
      `${workload.queriesPerMonth.toLocaleString("en-US")} queries a month`,
      "lower bound: the per-TB data-processed query charge is not included",
      `one-time write of the vectors, not included: $${dollars(gb * rates.write_gb)}`,
    ],
    source: rates.source,
    verifiedAt: rates.verified_at,
  };
}

function describeS3Vectors(alternative: ReturnType<typeof s3VectorsAlternative>): string {
  return `about $${dollars(alternative.monthlyCost)}/month or more for ${alternative.assumptions.slice(0, 2).join(" and ")} (${alternative.assumptions[2]})`;
}

type PolicyKey = keyof typeof standing.guardrails.policies;

/** USD per 1,000 text units for one pass through the guardrail's enabled policies; null when none is enabled. */
export function guardrailPricePer1kTextUnits(resource: Resource): number | null {
  const enabled = enabledPolicies(resource);
  if (enabled.length === 0) return null;
  return enabled.reduce((sum, key) => sum + standing.guardrails.policies[key].per_1k_text_units, 0);
}

/** The guardrail policies a declaration enables, as standing.json names them. */
export function enabledPolicies(resource: Resource): PolicyKey[] {
  return (Object.keys(standing.guardrails.policies) as PolicyKey[]).filter((key) => resource.attributes[key] === true);
}

function estimateGuardrail(resource: Resource): ResourceEstimate {
  const enabled = enabledPolicies(resource);
  const per1k = guardrailPricePer1kTextUnits(resource);
  if (per1k === null) return unpriced("no policy is enabled in the declaration (policies may come from blocks we could not read)", []);
  const notes = enabled.map((key) => {
    const policy = standing.guardrails.policies[key];
    return `${policy.name}: $${policy.per_1k_text_units.toFixed(2)} per 1K text units (${policy.source})`;
  });
  notes.push(`billed per ${standing.guardrails.unit}; a blocked input bills no model tokens`);
  if (per1k === 0) {
    const free = standing.guardrails.policies.wordPolicy;
    return { priced: true, monthlyCost: 0, commitmentTotal: null, components: [], notes: [...notes, "only free policies are enabled"], source: free.source, verifiedAt: free.verified_at };
  }
  return unpriced(`depends on usage: $${dollars(per1k * 1000)} per 1M text units checked (${enabled.length} ${enabled.length === 1 ? "policy" : "policies"})`, notes);
}

function estimateLogging(resource: Resource): ResourceEstimate {
  const logging = standing.invocation_logging;
  const notes = [logging.note];
  const sinks = [resource.attributes.cloudWatch === true ? "CloudWatch Logs" : null, resource.attributes.s3 === true ? "S3" : null].filter(Boolean);
  if (sinks.length > 0) notes.push(`delivers to ${sinks.join(" and ")}`);
  return unpriced(`depends on usage: CloudWatch Logs ingestion is $${logging.cloudwatch_ingestion_per_gb}/GB of logged prompts and responses`, notes);
}

function estimateCustomModel(resource: Resource): ResourceEstimate {
  const custom = standing.custom_model;
  const base = resource.model?.id ? (parseModelRef(resource.model.id).baseId ?? resource.model.id) : null;
  const training = base ? custom.training_per_1k_tokens.find((entry) => picomatch.isMatch(base, entry.model)) : undefined;
  const epochs = numeric(resource.attributes.epochCount);
  const notes = [
    training
      ? `training (once per job): training tokens × ${epochs ?? "epochs"} × $${training.rate} per 1K tokens; the training data size is not in the code, so it depends on usage`
      : `training (once per job): no training rate for ${base ?? "a dynamic base model"} in our catalog`,
    "serving a custom model needs provisioned throughput, priced on its own resource",
  ];
  return {
    priced: true,
    monthlyCost: custom.storage_per_model_month,
    commitmentTotal: null,
    components: [{ name: "custom model storage", quantity: 1, unit: "model-month", unitPrice: custom.storage_per_model_month, monthlyCost: custom.storage_per_model_month }],
    notes,
    source: custom.source,
    verifiedAt: custom.verified_at,
  };
}

function estimateInferenceProfile(resource: Resource): ResourceEstimate {
  const model = resource.model?.id ?? `a dynamic model (${resource.model?.origin ?? "not set"})`;
  return {
    priced: true,
    monthlyCost: standing.inference_profile.per_month,
    commitmentTotal: null,
    components: [],
    notes: [`an inference profile has no charge of its own; calls through it are billed at ${model}'s token rates`],
    source: standing.inference_profile.source,
    verifiedAt: standing.inference_profile.verified_at,
  };
}

function unpriced(reason: string, notes: string[]): ResourceEstimate {
  return { priced: false, reason, notes };
}

function numeric(value: Resource["attributes"][string] | undefined): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^\d+(?:\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

function describeAttribute(value: Resource["attributes"][string] | undefined): string {
  if (value === undefined || value === null) return "not set";
  if (typeof value === "object") return `dynamic (${value.dynamic})`;
  return `"${String(value)}"`;
}

function dollars(value: number): string {
  return value.toFixed(2);
}
