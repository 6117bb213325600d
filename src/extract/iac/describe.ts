import { parseModelRef } from "../../cost/model-id.js";
import type { ResolvedModel } from "../../model/call-site.js";
import type { SourceLocation } from "../../model/location.js";
import type { FlowNode, IacFormat, Resource, ResourceKind } from "../../model/resource.js";
import { lookup, type IacValue } from "./value.js";

/** One resource block / template resource / construct, its properties already evaluated by its format's reader. */
export interface Declaration {
  format: IacFormat;
  path: string;
  /** The type as written: "aws_bedrockagent_agent", "AWS::Bedrock::Agent", "CfnAgent", "VectorKnowledgeBase". */
  type: string;
  name: string;
  location: SourceLocation;
  properties: IacValue;
  notes?: string[];
}

type AttributeValue = Resource["attributes"][string];

/**
 * What to read from one kind of resource. Paths are dotted and compared with `normalizeKey`, so one
 * spec serves Terraform (snake_case), awscc, CloudFormation (PascalCase) and CDK L1 props (camelCase).
 */
interface KindSpec {
  kind: ResourceKind;
  /** Path of the model. */
  model?: string;
  /** Attribute name -> path. */
  attributes?: Record<string, string>;
  /** Values AWS applies when an attribute is left out. */
  defaults?: Record<string, AttributeValue>;
  /** Attribute name -> path: true when the block/property is present (guardrail policies, log sinks). */
  presence?: Record<string, string>;
  /** Path of a value that points at another resource in the same files. */
  reference?: string;
}

const PROVISIONED: KindSpec = {
  kind: "provisioned_throughput",
  model: "model_arn",
  attributes: { modelUnits: "model_units", commitment: "commitment_duration" },
  // Leaving commitment_duration out buys hourly no-commitment PT (custom models only).
  defaults: { commitment: "none" },
};

const AGENT: KindSpec = { kind: "agent", model: "foundation_model" };

const KNOWLEDGE_BASE: KindSpec = {
  kind: "knowledge_base",
  model: "knowledge_base_configuration.vector_knowledge_base_configuration.embedding_model_arn",
  attributes: {
    storageType: "storage_configuration.type",
    collection: "storage_configuration.opensearch_serverless_configuration.collection_arn",
  },
  reference: "storage_configuration.opensearch_serverless_configuration.collection_arn",
};

const COLLECTION: KindSpec = {
  kind: "vector_store",
  attributes: { collectionType: "type", standbyReplicas: "standby_replicas" },
  defaults: { standbyReplicas: "ENABLED" },
};

const GUARDRAIL: KindSpec = {
  kind: "guardrail",
  presence: {
    contentPolicy: "content_policy_config",
    topicPolicy: "topic_policy_config",
    sensitiveInformationPolicy: "sensitive_information_policy_config",
    contextualGroundingPolicy: "contextual_grounding_policy_config",
    wordPolicy: "word_policy_config",
    automatedReasoningPolicy: "automated_reasoning_policy_config",
  },
};

const FLOW: KindSpec = { kind: "flow" };

const INFERENCE_PROFILE: KindSpec = { kind: "inference_profile", model: "model_source.copy_from" };

const LOGGING: KindSpec = {
  kind: "logging",
  attributes: {
    textDataDelivery: "logging_config.text_data_delivery_enabled",
    imageDataDelivery: "logging_config.image_data_delivery_enabled",
    embeddingDataDelivery: "logging_config.embedding_data_delivery_enabled",
    videoDataDelivery: "logging_config.video_data_delivery_enabled",
  },
  // Every delivery flag defaults to true (bedrock-pricing.md §4).
  defaults: { textDataDelivery: true, imageDataDelivery: true, embeddingDataDelivery: true, videoDataDelivery: true },
  presence: { cloudWatch: "logging_config.cloudwatch_config", s3: "logging_config.s3_config" },
};

const CUSTOM_MODEL: KindSpec = {
  kind: "custom_model",
  model: "base_model_identifier",
  attributes: { customizationType: "customization_type", epochCount: "hyperparameters.epochCount" },
};

/** Every IaC type we read, in every format that declares it. */
const SPECS: Record<string, KindSpec> = {
  aws_bedrock_provisioned_model_throughput: PROVISIONED,
  aws_bedrockagent_agent: AGENT,
  awscc_bedrock_agent: AGENT,
  "AWS::Bedrock::Agent": AGENT,
  CfnAgent: AGENT,
  Agent: AGENT,
  aws_bedrockagent_knowledge_base: KNOWLEDGE_BASE,
  awscc_bedrock_knowledge_base: KNOWLEDGE_BASE,
  "AWS::Bedrock::KnowledgeBase": KNOWLEDGE_BASE,
  CfnKnowledgeBase: KNOWLEDGE_BASE,
  VectorKnowledgeBase: KNOWLEDGE_BASE,
  aws_opensearchserverless_collection: COLLECTION,
  awscc_opensearchserverless_collection: COLLECTION,
  "AWS::OpenSearchServerless::Collection": COLLECTION,
  CfnCollection: COLLECTION,
  VectorCollection: COLLECTION,
  aws_bedrock_guardrail: GUARDRAIL,
  awscc_bedrock_guardrail: GUARDRAIL,
  "AWS::Bedrock::Guardrail": GUARDRAIL,
  CfnGuardrail: GUARDRAIL,
  aws_bedrockagent_flow: FLOW,
  awscc_bedrock_flow: FLOW,
  "AWS::Bedrock::Flow": FLOW,
  CfnFlow: FLOW,
  aws_bedrock_inference_profile: INFERENCE_PROFILE,
  awscc_bedrock_application_inference_profile: INFERENCE_PROFILE,
  "AWS::Bedrock::ApplicationInferenceProfile": INFERENCE_PROFILE,
  CfnApplicationInferenceProfile: INFERENCE_PROFILE,
  aws_bedrock_model_invocation_logging_configuration: LOGGING,
  aws_bedrock_custom_model: CUSTOM_MODEL,
};

export function isResourceType(type: string): boolean {
  return Object.hasOwn(SPECS, type);
}

export function resourceKey(path: string, type: string, name: string): string {
  return `${path}#${type}#${name}`;
}

/** Turns a declaration of a known type into a Resource fact; undefined for types that cost nothing by existing. */
export function describeResource(decl: Declaration): Resource | undefined {
  const spec = SPECS[decl.type];
  if (!spec) return undefined;
  const attributes: Resource["attributes"] = {};
  for (const [name, path] of Object.entries(spec.attributes ?? {})) {
    const value = lookup(decl.properties, path);
    const attribute = value ? toAttribute(value) : spec.defaults?.[name];
    if (attribute !== undefined) attributes[name] = attribute;
  }
  for (const [name, path] of Object.entries(spec.presence ?? {})) {
    const value = lookup(decl.properties, path);
    attributes[name] = value !== undefined && !(value.kind === "scalar" && value.value === null);
  }
  const target = spec.reference ? lookup(decl.properties, spec.reference) : undefined;
  const references = target?.kind === "dynamic" && target.ref ? [target.ref] : [];
  const modelValue = spec.model ? lookup(decl.properties, spec.model) : undefined;
  const model = spec.model ? toModel(modelValue, spec.model) : null;
  // An inference profile's copy source decides how its calls are billed: in-region, geo or global.
  if (spec.kind === "inference_profile" && model?.id) attributes.profileKind = parseModelRef(model.id).profile;
  const notes = [...(decl.notes ?? [])];
  if (modelValue?.kind === "scalar" && modelValue.via) notes.push(`model from ${modelValue.via}`);
  return {
    key: resourceKey(decl.path, decl.type, decl.name),
    location: decl.location,
    format: decl.format,
    kind: spec.kind,
    type: decl.type,
    name: decl.name,
    model,
    attributes,
    references,
    notes,
    ...(spec.kind === "flow" ? { flowNodes: flowNodes(decl) } : {}),
  };
}

/**
 * A flow definition's nodes: CloudFormation / CDK `Definition.Nodes`, Terraform's repeated
 * `definition { node { … } }` blocks. An inline Prompt node names its model and cap under
 * `configuration.prompt.source_configuration.inline`; a KnowledgeBase node that answers, `model_id`.
 */
function flowNodes(decl: Declaration): FlowNode[] {
  const nodes = lookup(decl.properties, "definition.nodes") ?? lookup(decl.properties, "definition.node");
  const items = nodes?.kind === "list" ? nodes.items : nodes ? [nodes] : [];
  return items.map((node, i): FlowNode => {
    const text = (path: string) => {
      const value = lookup(node, path);
      return value?.kind === "scalar" && typeof value.value === "string" ? value.value : undefined;
    };
    const type = text("type") ?? "unknown";
    const inline = lookup(node, "configuration.prompt.source_configuration.inline");
    const modelPath = type === "Prompt" ? "configuration.prompt.source_configuration.inline.model_id" : "configuration.knowledge_base.model_id";
    const modelValue = lookup(node, modelPath);
    const cap = lookup(inline, "inference_configuration.text.max_tokens");
    const template = lookup(inline, "template_configuration.text.text");
    return {
      name: text("name") ?? `node ${i + 1}`,
      type,
      line: node.line,
      model: modelValue || (type === "Prompt" && inline) ? toModel(modelValue, modelPath.split(".").pop()!) : null,
      maxTokens: cap === undefined ? { kind: "absent" } : cap.kind === "scalar" && typeof cap.value === "number" ? { kind: "static", value: cap.value, source: "literal" } : { kind: "dynamic", origin: cap.kind === "dynamic" ? cap.origin : "max_tokens is not a number" },
      templateChars: template?.kind === "scalar" && typeof template.value === "string" ? template.value.length : null,
    };
  });
}

function toAttribute(value: IacValue): AttributeValue {
  switch (value.kind) {
    case "scalar":
      return value.value;
    case "dynamic":
      return { dynamic: value.origin };
    default:
      return { dynamic: `a ${value.kind} value, not a single setting` };
  }
}

/** A model property as a ResolvedModel; missing or non-text values are dynamic with the reason. */
export function toModel(value: IacValue | undefined, property: string): ResolvedModel {
  if (!value) return { id: null, source: "dynamic", origin: `\`${property}\` is not set` };
  if (value.kind === "scalar" && typeof value.value === "string") {
    return { id: value.value, source: value.via ? "constant" : "literal" };
  }
  if (value.kind === "dynamic") return { id: null, source: "dynamic", origin: value.origin };
  return { id: null, source: "dynamic", origin: `\`${property}\` is not a model id string` };
}
