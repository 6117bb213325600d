import { beforeAll, describe, expect, test } from "vitest";
import { npmModuleOf } from "../../../../src/extract/iac/cdk/python.js";
import { loadIacExtractor, type IacExtractor } from "../../../../src/extract/iac/index.js";

let iac: IacExtractor;
beforeAll(async () => {
  iac = await loadIacExtractor();
});

const STACK = `import os
from aws_cdk import Stack, aws_bedrock as bedrock, aws_lambda as _lambda
import aws_cdk.aws_bedrock_alpha as alpha
from cdklabs.generative_ai_cdk_constructs import bedrock as genai
from constructs import Construct

EMBEDDINGS = "amazon.titan-embed-text-v2:0"


class SupportStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        cris = alpha.CrossRegionInferenceProfile.from_config(
            geo_region=alpha.CrossRegionInferenceProfileRegion.GLOBAL,
            model=alpha.BedrockFoundationModel.ANTHROPIC_CLAUDE_SONNET_4_5_V1_0,
        )
        alpha.Agent(self, "Agent", foundation_model=cris, instruction="Help users.")
        bedrock.CfnAgent(self, "L1Agent", agent_name="a", foundation_model=os.environ.get("AGENT_MODEL", "amazon.nova-pro-v1:0"))
        bedrock.CfnKnowledgeBase(
            self,
            "Kb",
            name="docs",
            role_arn=role.role_arn,
            knowledge_base_configuration=bedrock.CfnKnowledgeBase.KnowledgeBaseConfigurationProperty(
                type="VECTOR",
                vector_knowledge_base_configuration=bedrock.CfnKnowledgeBase.VectorKnowledgeBaseConfigurationProperty(
                    embedding_model_arn=f"arn:aws:bedrock:{self.region}::foundation-model/{EMBEDDINGS}",
                ),
            ),
            storage_configuration={"type": "S3_VECTORS"},
        )
        genai.VectorKnowledgeBase(self, "Docs", embeddings_model=genai.BedrockFoundationModel.TITAN_EMBED_TEXT_V1)
        _lambda.Function(
            self,
            "Answer",
            runtime=_lambda.Runtime.PYTHON_3_12,
            handler="app.handler",
            code=_lambda.Code.from_asset("lambda"),
            environment={"MODEL_ID": cris.inference_profile_id, "TABLE": "answers"},
        )
`;

describe("CDK Python", () => {
  test("finds the constructs with exact lines, kinds and resolved models", () => {
    const result = iac.extract([{ path: "infra/stack.py", text: STACK }]);
    expect(result.problems).toEqual([]);
    expect(result.resources.map((r) => [r.key, r.location.line, r.format, r.kind, r.model, r.attributes])).toEqual([
      ["infra/stack.py#Agent#Agent", 17, "cdk-python", "agent", { id: "global.anthropic.claude-sonnet-4-5-20250929-v1:0", source: "constant" }, {}],
      ["infra/stack.py#CfnAgent#L1Agent", 18, "cdk-python", "agent", { id: "amazon.nova-pro-v1:0", source: "constant" }, {}],
      ["infra/stack.py#CfnKnowledgeBase#Kb", 19, "cdk-python", "knowledge_base", { id: "amazon.titan-embed-text-v2:0", source: "constant" },
        { storageType: "S3_VECTORS" }],
      ["infra/stack.py#VectorCollection#Docs/VectorCollection", 32, "cdk-python", "vector_store", null,
        { collectionType: "VECTORSEARCH", standbyReplicas: "ENABLED" }],
      ["infra/stack.py#VectorKnowledgeBase#Docs", 32, "cdk-python", "knowledge_base", { id: "amazon.titan-embed-text-v1", source: "constant" },
        { storageType: "OPENSEARCH_SERVERLESS", collection: { dynamic: 'collection created by VectorKnowledgeBase "Docs"' } }],
    ]);
  });

  test("Lambda environment entries become env bindings", () => {
    expect(iac.extract([{ path: "infra/stack.py", text: STACK }]).envBindings.map((b) => [b.env, b.model, b.location.line])).toEqual([
      ["MODEL_ID", { id: "global.anthropic.claude-sonnet-4-5-20250929-v1:0", source: "constant" }, 39],
    ]);
  });

  test("a Python file without the CDK is not read; a broken one is one located problem", () => {
    expect(iac.extract([{ path: "app.py", text: "import boto3\nclient = boto3.client('bedrock-runtime')\n" }])).toEqual({ resources: [], problems: [], envBindings: [], regions: [] });
    const broken = iac.extract([{ path: "infra/bad.py", text: "from aws_cdk import aws_bedrock as bedrock\nbedrock.CfnAgent(self, 'A', foundation_model=\n" }]);
    expect(broken.resources).toEqual([]);
    expect(broken.problems).toHaveLength(1);
    expect(broken.problems[0]).toMatchObject({ path: "infra/bad.py", message: "Python syntax error; file skipped" });
  });

  test.each([
    ["aws_cdk", "aws-cdk-lib"],
    ["aws_cdk.aws_bedrock", "aws-cdk-lib/aws-bedrock"],
    ["aws_cdk.aws_lambda_python_alpha", "@aws-cdk/aws-lambda-python-alpha"],
    ["aws_cdk.aws_bedrock_alpha", "@aws-cdk/aws-bedrock-alpha"],
    ["cdklabs.generative_ai_cdk_constructs.bedrock", "@cdklabs/generative-ai-cdk-constructs"],
    ["constructs", "constructs"],
  ])("npmModuleOf(%s) is %s", (python, npm) => {
    expect(npmModuleOf(python)).toBe(npm);
  });
});
