import type { MaxTokens, ResolvedModel } from "./call-site.js";
import type { SourceLocation } from "./location.js";

export type ResourceKind =
  | "provisioned_throughput"
  | "knowledge_base"
  | "vector_store"
  | "agent"
  | "guardrail"
  | "flow"
  | "inference_profile"
  | "logging"
  | "custom_model";

export type IacFormat = "terraform" | "cloudformation" | "cdk-typescript" | "cdk-python" | "serverless";

/**
 * An IaC declaration that costs money by existing (DESIGN.md "Facts").
 * Kind-specific attributes live in `attributes`; values that cannot be resolved are recorded as
 * `{ dynamic: "<where it comes from>" }`, never guessed.
 */
export interface Resource {
  /** Stable across base/head: path + resource type + logical name. */
  key: string;
  location: SourceLocation;
  format: IacFormat;
  kind: ResourceKind;
  /** The IaC type as written, e.g. "aws_bedrock_provisioned_model_throughput", "AWS::Bedrock::Agent". */
  type: string;
  /** Logical name / construct id. */
  name: string;
  model: ResolvedModel | null;
  attributes: Record<string, string | number | boolean | null | { dynamic: string }>;
  /** Keys of other resources this one points to (e.g. a knowledge base -> its collection). */
  references: string[];
  notes: string[];
  /** A flow's nodes, in definition order (flows only). */
  flowNodes?: FlowNode[];
}

/** One node of a Bedrock Flow's definition; a Prompt or KnowledgeBase node on a model calls it. */
export interface FlowNode {
  name: string;
  /** Input, Output, Prompt, KnowledgeBase, Condition, LambdaFunction, Agent, … as written. */
  type: string;
  line: number;
  /** The model an inline Prompt node (or a KnowledgeBase node generating an answer) calls; null when none. */
  model: ResolvedModel | null;
  maxTokens: MaxTokens;
  /** Characters of an inline prompt template, when static. */
  templateChars: number | null;
}
