import { beforeAll, describe, expect, test } from "vitest";
import { loadIacExtractor, type IacExtractor } from "../../../../src/extract/iac/index.js";

let iac: IacExtractor;
beforeAll(async () => {
  iac = await loadIacExtractor();
});

const ALPHA_STACK = `import { Stack, type StackProps } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as bedrock from "@aws-cdk/aws-bedrock-alpha";
import type { Construct } from "constructs";

const model = bedrock.BedrockFoundationModel.ANTHROPIC_CLAUDE_SONNET_4_5_V1_0;

export class SupportStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const cris = bedrock.CrossRegionInferenceProfile.fromConfig({
      geoRegion: bedrock.CrossRegionInferenceProfileRegion.GLOBAL,
      model,
    });
    new bedrock.Agent(this, "Agent", {
      foundationModel: cris,
      instruction: "Help users.",
    });
    new bedrock.Agent(this, "EuAgent", {
      foundationModel: bedrock.CrossRegionInferenceProfile.fromConfig({
        geoRegion: bedrock.CrossRegionInferenceProfileRegion.EU,
        model: new bedrock.BedrockFoundationModel("amazon.nova-pro-v1:0"),
      }),
      instruction: "Help users.",
    });
    new bedrock.Agent(this, "FutureAgent", {
      foundationModel: bedrock.BedrockFoundationModel.ANTHROPIC_CLAUDE_FABLE_9,
      instruction: "Help users.",
    });
    new lambda.Function(this, "Answer", {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: "index.handler",
      code: lambda.Code.fromAsset("lambda"),
      environment: {
        MODEL_ID: cris.inferenceProfileId,
        FALLBACK_MODEL: process.env.FALLBACK_MODEL ?? "amazon.nova-lite-v1:0",
        TABLE: "answers",
      },
    });
  }
}
`;

describe("CDK TypeScript: @aws-cdk/aws-bedrock-alpha", () => {
  test("Agent with CrossRegionInferenceProfile.fromConfig resolves to the profile id", () => {
    const result = iac.extract([{ path: "cdk/lib/support-stack.ts", text: ALPHA_STACK }]);
    expect(result.problems).toEqual([]);
    expect(result.resources.map((r) => [r.key, r.location.line, r.location.endLine, r.format, r.kind, r.model])).toEqual([
      ["cdk/lib/support-stack.ts#Agent#Agent", 15, 18, "cdk-typescript", "agent",
        { id: "global.anthropic.claude-sonnet-4-5-20250929-v1:0", source: "constant" }],
      ["cdk/lib/support-stack.ts#Agent#EuAgent", 19, 25, "cdk-typescript", "agent", { id: "eu.amazon.nova-pro-v1:0", source: "literal" }],
      ["cdk/lib/support-stack.ts#Agent#FutureAgent", 26, 29, "cdk-typescript", "agent",
        { id: null, source: "dynamic", origin: "BedrockFoundationModel.ANTHROPIC_CLAUDE_FABLE_9 (not in our table of CDK model members)" }],
    ]);
  });

  test("Lambda environment entries become env bindings", () => {
    const result = iac.extract([{ path: "cdk/lib/support-stack.ts", text: ALPHA_STACK }]);
    expect(result.envBindings.map((b) => [b.env, b.model, b.location.line])).toEqual([
      ["MODEL_ID", { id: "global.anthropic.claude-sonnet-4-5-20250929-v1:0", source: "constant" }, 35],
      ["FALLBACK_MODEL", { id: "amazon.nova-lite-v1:0", source: "constant" }, 36],
    ]);
  });

  test("a class named Agent that is not imported from a Bedrock package is not a resource", () => {
    const text = `import { Agent } from "./my-agent";\nimport { App } from "aws-cdk-lib";\nnew Agent(app, "A", { foundationModel: "amazon.nova-lite-v1:0" });\n`;
    expect(iac.extract([{ path: "cdk/app.ts", text }]).resources).toEqual([]);
  });
});

describe("CDK TypeScript: aws-cdk-lib L1 constructs", () => {
  const L1 = `import { aws_bedrock as bedrock, aws_opensearchserverless as aoss, Stack } from "aws-cdk-lib";
import * as cdk from "aws-cdk-lib";

const EMBEDDINGS = "amazon.titan-embed-text-v2:0";

export class KbStack extends Stack {
  build() {
    const collection = new aoss.CfnCollection(this, "Vectors", { name: "kb", type: "VECTORSEARCH" });
    new bedrock.CfnKnowledgeBase(this, "Kb", {
      name: "docs",
      roleArn: role.roleArn,
      knowledgeBaseConfiguration: {
        type: "VECTOR",
        vectorKnowledgeBaseConfiguration: { embeddingModelArn: \`arn:aws:bedrock:\${this.region}::foundation-model/\${EMBEDDINGS}\` },
      },
      storageConfiguration: {
        type: "OPENSEARCH_SERVERLESS",
        opensearchServerlessConfiguration: { collectionArn: collection.attrArn, vectorIndexName: "docs", fieldMapping },
      },
    });
    new cdk.aws_bedrock.CfnAgent(this, "L1Agent", { agentName: "a", foundationModel: "amazon.nova-pro-v1:0" });
    new bedrock.CfnGuardrail(this, "Guard", { name: "g", blockedInputMessaging: "x", blockedOutputsMessaging: "x", topicPolicyConfig: { topicsConfig: [] } });
  }
}
`;
  test("finds the L1 constructs with their props read as CloudFormation properties", () => {
    const result = iac.extract([{ path: "cdk/kb.ts", text: L1 }]);
    expect(result.resources.map((r) => [r.key, r.location.line, r.kind, r.model, r.attributes])).toEqual([
      ["cdk/kb.ts#CfnCollection#Vectors", 8, "vector_store", null, { collectionType: "VECTORSEARCH", standbyReplicas: "ENABLED" }],
      ["cdk/kb.ts#CfnKnowledgeBase#Kb", 9, "knowledge_base", { id: "amazon.titan-embed-text-v2:0", source: "constant" },
        { storageType: "OPENSEARCH_SERVERLESS", collection: { dynamic: "`collection.attrArn`" } }],
      ["cdk/kb.ts#CfnAgent#L1Agent", 21, "agent", { id: "amazon.nova-pro-v1:0", source: "literal" }, {}],
      ["cdk/kb.ts#CfnGuardrail#Guard", 22, "guardrail", null, {
        contentPolicy: false, topicPolicy: true, sensitiveInformationPolicy: false, contextualGroundingPolicy: false, wordPolicy: false, automatedReasoningPolicy: false,
      }],
    ]);
  });
});

describe("CDK TypeScript: @cdklabs/generative-ai-cdk-constructs", () => {
  const GENAI = `import { bedrock } from "@cdklabs/generative-ai-cdk-constructs";

const kb = new bedrock.VectorKnowledgeBase(this, "Docs", {
  embeddingsModel: bedrock.BedrockFoundationModel.TITAN_EMBED_TEXT_V2_1024,
  instruction: "Use this knowledge base to answer questions.",
});
`;
  test("VectorKnowledgeBase without a vectorStore creates an OpenSearch Serverless collection (the hidden floor)", () => {
    const result = iac.extract([{ path: "cdk/genai.ts", text: GENAI }]);
    expect(result.resources.map((r) => [r.key, r.location.line, r.kind, r.model, r.attributes, r.references, r.notes])).toEqual([
      ["cdk/genai.ts#VectorCollection#Docs/VectorCollection", 3, "vector_store", null,
        { collectionType: "VECTORSEARCH", standbyReplicas: "ENABLED" }, [],
        ["created by VectorKnowledgeBase by default (standby replicas ENABLED)"]],
      ["cdk/genai.ts#VectorKnowledgeBase#Docs", 3, "knowledge_base", { id: "amazon.titan-embed-text-v2:0", source: "constant" },
        { storageType: "OPENSEARCH_SERVERLESS", collection: { dynamic: 'collection created by VectorKnowledgeBase "Docs"' } },
        ["cdk/genai.ts#VectorCollection#Docs/VectorCollection"],
        ["no vectorStore: VectorKnowledgeBase creates an OpenSearch Serverless vector collection", "model from BedrockFoundationModel.TITAN_EMBED_TEXT_V2_1024"]],
    ]);
  });

  test("with a vectorStore the store type is dynamic and no collection is invented", () => {
    const text = GENAI.replace('instruction:', "vectorStore: store,\n  instruction:");
    const result = iac.extract([{ path: "cdk/genai.ts", text }]);
    expect(result.resources.map((r) => [r.kind, r.attributes.storageType])).toEqual([["knowledge_base", { dynamic: "the `vectorStore` construct" }]]);
  });
});

describe("CDK TypeScript: files that are not CDK or do not parse", () => {
  test("a TypeScript file without CDK imports is not read", () => {
    const text = `const agent = new Agent("x", { foundationModel: "amazon.nova-lite-v1:0" });\n`;
    expect(iac.extract([{ path: "src/agent.ts", text }])).toEqual({ resources: [], problems: [], envBindings: [], regions: [] });
  });

  test("a syntax error is one located problem", () => {
    const text = `import * as bedrock from "@aws-cdk/aws-bedrock-alpha";\nnew bedrock.Agent(this, "A", {\n  foundationModel: ,\n});\n`;
    const result = iac.extract([{ path: "cdk/bad.ts", text }]);
    expect(result.resources).toEqual([]);
    expect(result.problems).toEqual([
      { path: "cdk/bad.ts", line: 3, column: 20, message: "syntax error: Expression expected.; file skipped" },
    ]);
  });
});
