import type { SourceLocation } from "../../../model/location.js";
import type { IacFormat } from "../../../model/resource.js";
import { resourceKey, type Declaration } from "../describe.js";
import { envBindingsFrom } from "../env.js";
import type { EnvBinding } from "../types.js";
import { concat, dynamic, lookup, normalizeKey, scalar, type IacValue } from "../value.js";
import { FOUNDATION_MODEL_MEMBERS, PROFILE_REGION_PREFIXES } from "./models.js";

/**
 * What the CDK constructs we read mean, shared by the TypeScript and Python readers. Modules are
 * named as in npm (`aws-cdk-lib/aws-bedrock`, `@aws-cdk/aws-bedrock-alpha`); the Python reader maps
 * its module names onto these.
 */
const CDK_LIB = /^aws-cdk-lib(?:\/|$)/;
const BEDROCK_L2 = /^@aws-cdk\/aws-bedrock-alpha$|^@cdklabs\/generative-ai-cdk-constructs(?:\/|$)/;
const GENAI_CONSTRUCTS = /^@cdklabs\/generative-ai-cdk-constructs(?:\/|$)/;
/** L1 classes of aws-cdk-lib we read; their props are the CloudFormation properties. */
const L1_CLASSES = new Set(["CfnAgent", "CfnKnowledgeBase", "CfnGuardrail", "CfnApplicationInferenceProfile", "CfnCollection"]);
const L2_CLASSES = new Set(["Agent", "VectorKnowledgeBase", "VectorCollection"]);
const FUNCTION_CLASSES = new Set(["Function", "NodejsFunction", "PythonFunction", "DockerImageFunction", "CfnFunction"]);
/** Members of a model or profile object that name the model it wraps (compared with normalizeKey). */
const MODEL_MEMBERS = new Set(["modelid", "modelarn", "invokablearn", "inferenceprofileid", "inferenceprofilearn"]);

export interface ConstructCall {
  path: string;
  format: IacFormat;
  className: string;
  module: string;
  /** The construct id, when it is a literal. */
  id: string | undefined;
  location: SourceLocation;
  /** Evaluated only for constructs we read: most constructs of a stack are not Bedrock's. */
  props: () => IacValue;
}

/** The resources and environment bindings one `new X(scope, id, props)` declares. */
export function readConstruct(call: ConstructCall): { declarations: Declaration[]; envBindings: EnvBinding[] } {
  const { className, module, path } = call;
  if (FUNCTION_CLASSES.has(className) && module.includes("lambda")) {
    const props = call.props();
    const variables = className === "CfnFunction" ? lookup(props, "environment.variables") : lookup(props, "environment");
    return { declarations: [], envBindings: envBindingsFrom(variables, path) };
  }
  const known = (L1_CLASSES.has(className) && CDK_LIB.test(module)) || (L2_CLASSES.has(className) && BEDROCK_L2.test(module));
  if (!known) return { declarations: [], envBindings: [] };
  const name = call.id ?? `<construct at line ${call.location.line}>`;
  const props = call.props();
  if (className === "VectorKnowledgeBase") return { declarations: knowledgeBase(call, props, name, GENAI_CONSTRUCTS.test(module)), envBindings: [] };
  return { declarations: [{ format: call.format, path, type: className, name, location: call.location, properties: props }], envBindings: [] };
}

/**
 * A VectorKnowledgeBase as the CloudFormation it synthesises. The generative-ai-cdk-constructs one
 * creates an OpenSearch Serverless vector collection (standby replicas on) when no `vectorStore` is
 * given; in @aws-cdk/aws-bedrock-alpha `vectorStore` is required.
 */
function knowledgeBase(call: ConstructCall, props: IacValue, name: string, createsDefaultCollection: boolean): Declaration[] {
  const line = call.location.line;
  const declarations: Declaration[] = [];
  const vectorStore = lookup(props, "vectorStore");
  let collectionArn: IacValue = vectorStore ?? dynamic("`vectorStore` is not set", line);
  let storageType: IacValue = vectorStore ? dynamic("the `vectorStore` construct", line) : dynamic("`vectorStore` is not set", line);
  const notes: string[] = [];
  if (!vectorStore && createsDefaultCollection) {
    const collectionName = `${name}/VectorCollection`;
    collectionArn = dynamic(`collection created by VectorKnowledgeBase "${name}"`, line, resourceKey(call.path, "VectorCollection", collectionName));
    storageType = scalar("OPENSEARCH_SERVERLESS", line);
    notes.push("no vectorStore: VectorKnowledgeBase creates an OpenSearch Serverless vector collection");
    declarations.push({
      format: call.format,
      path: call.path,
      type: "VectorCollection",
      name: collectionName,
      location: call.location,
      properties: objectValue({ type: scalar("VECTORSEARCH", line), standbyReplicas: scalar("ENABLED", line) }, line),
      notes: ["created by VectorKnowledgeBase by default (standby replicas ENABLED)"],
    });
  }
  const embeddings = lookup(props, "embeddingsModel") ?? dynamic("`embeddingsModel` is not set", line);
  const properties = objectValue(
    {
      knowledgeBaseConfiguration: objectValue({ vectorKnowledgeBaseConfiguration: objectValue({ embeddingModelArn: embeddings }, line) }, line),
      storageConfiguration: objectValue({ type: storageType, opensearchServerlessConfiguration: objectValue({ collectionArn }, line) }, line),
    },
    line,
  );
  declarations.push({ format: call.format, path: call.path, type: "VectorKnowledgeBase", name, location: call.location, properties, notes });
  return declarations;
}

/** `BedrockFoundationModel.X`, `CrossRegionInferenceProfileRegion.X`, `VectorCollectionStandbyReplicas.X`; undefined for other owners. */
export function staticMember(owner: string, member: string, line: number): IacValue | undefined {
  if (owner === "BedrockFoundationModel") {
    const id = FOUNDATION_MODEL_MEMBERS[member];
    return id ? scalar(id, line, `BedrockFoundationModel.${member}`) : dynamic(`BedrockFoundationModel.${member} (not in our table of CDK model members)`, line);
  }
  if (owner === "CrossRegionInferenceProfileRegion") {
    const prefix = PROFILE_REGION_PREFIXES[member];
    return prefix ? scalar(prefix, line) : dynamic(`CrossRegionInferenceProfileRegion.${member}`, line);
  }
  if (owner === "VectorCollectionStandbyReplicas") return scalar(member, line);
  return undefined;
}

/** Whether `x.<member>` of a model or profile object names the model (modelId, model_arn, …). */
export function isModelMember(member: string): boolean {
  return MODEL_MEMBERS.has(normalizeKey(member));
}

/** `CrossRegionInferenceProfile.fromConfig({ geoRegion, model })` -> `<prefix>.<model id>`. */
export function profileFromConfig(config: IacValue, line: number): IacValue {
  const prefix = lookup(config, "geoRegion") ?? dynamic("`geoRegion` is not set", line);
  const model = lookup(config, "model") ?? dynamic("`model` is not set", line);
  return concat([prefix, scalar(".", line), model], line, () => "CrossRegionInferenceProfile.fromConfig");
}

export function objectValue(entries: Record<string, IacValue>, line: number): IacValue {
  return { kind: "object", entries: new Map(Object.entries(entries)), line };
}
