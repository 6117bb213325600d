import { beforeAll, describe, expect, test } from "vitest";
import { loadIacExtractor, type IacExtractor } from "../../../../src/extract/iac/index.js";

let iac: IacExtractor;
beforeAll(async () => {
  iac = await loadIacExtractor();
});

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  AgentModel:
    Type: String
    Default: us.anthropic.claude-haiku-4-5-20251001-v1:0
  EmbeddingModel:
    Type: String
    Default: amazon.titan-embed-text-v2:0
  Stage:
    Type: String
Resources:
  Agent:
    Type: AWS::Bedrock::Agent
    Properties:
      AgentName: support
      AgentResourceRoleArn: !GetAtt AgentRole.Arn
      FoundationModel: !Ref AgentModel
      Instruction: Answer support questions.
  Profile:
    Type: AWS::Bedrock::ApplicationInferenceProfile
    Properties:
      InferenceProfileName: support-haiku
      ModelSource:
        CopyFrom: !Sub arn:aws:bedrock:\${AWS::Region}:\${AWS::AccountId}:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0
  Collection:
    Type: AWS::OpenSearchServerless::Collection
    Properties: {Name: kb-vectors, Type: VECTORSEARCH, StandbyReplicas: DISABLED}
  KB:
    Type: AWS::Bedrock::KnowledgeBase
    Properties:
      Name: docs
      RoleArn: !GetAtt KbRole.Arn
      KnowledgeBaseConfiguration:
        Type: VECTOR
        VectorKnowledgeBaseConfiguration:
          EmbeddingModelArn: !Sub "arn:aws:bedrock:\${AWS::Region}::foundation-model/\${EmbeddingModel}"
      StorageConfiguration:
        Type: OPENSEARCH_SERVERLESS
        OpensearchServerlessConfiguration:
          CollectionArn: !GetAtt Collection.Arn
          VectorIndexName: docs
          FieldMapping: {VectorField: vec, TextField: text, MetadataField: meta}
  Guard:
    Type: AWS::Bedrock::Guardrail
    Properties:
      Name: support-guard
      BlockedInputMessaging: Blocked.
      BlockedOutputsMessaging: Blocked.
      ContentPolicyConfig:
        FiltersConfig: [{Type: HATE, InputStrength: HIGH, OutputStrength: HIGH}]
  StageAgent:
    Type: AWS::Bedrock::Agent
    Properties:
      AgentName: !Sub "support-\${Stage}"
      FoundationModel: !If [IsProd, !Ref AgentModel, amazon.nova-lite-v1:0]
  Bucket:
    Type: AWS::S3::Bucket
`;

describe("CloudFormation YAML", () => {
  test("finds each resource at its logical id's line, with Parameters defaults through !Ref and !Sub", () => {
    const result = iac.extract([{ path: "cfn/stack.yaml", text: TEMPLATE }]);
    expect(result.problems).toEqual([]);
    expect(result.resources.map((r) => [r.key, r.location.line, r.kind, r.model, r.attributes, r.references])).toEqual([
      ["cfn/stack.yaml#AWS::Bedrock::Agent#Agent", 12, "agent",
        { id: "us.anthropic.claude-haiku-4-5-20251001-v1:0", source: "constant" }, {}, []],
      ["cfn/stack.yaml#AWS::Bedrock::ApplicationInferenceProfile#Profile", 19, "inference_profile",
        { id: "us.anthropic.claude-haiku-4-5-20251001-v1:0", source: "constant" }, { profileKind: "geo" }, []],
      ["cfn/stack.yaml#AWS::OpenSearchServerless::Collection#Collection", 25, "vector_store", null,
        { collectionType: "VECTORSEARCH", standbyReplicas: "DISABLED" }, []],
      ["cfn/stack.yaml#AWS::Bedrock::KnowledgeBase#KB", 28, "knowledge_base",
        { id: "amazon.titan-embed-text-v2:0", source: "constant" },
        { storageType: "OPENSEARCH_SERVERLESS", collection: { dynamic: "!GetAtt Collection.Arn" } },
        ["cfn/stack.yaml#AWS::OpenSearchServerless::Collection#Collection"]],
      ["cfn/stack.yaml#AWS::Bedrock::Guardrail#Guard", 43, "guardrail", null, {
        contentPolicy: true, topicPolicy: false, sensitiveInformationPolicy: false, contextualGroundingPolicy: false, wordPolicy: false, automatedReasoningPolicy: false,
      }, []],
      ["cfn/stack.yaml#AWS::Bedrock::Agent#StageAgent", 51, "agent", { id: null, source: "dynamic", origin: "!If" }, {}, []],
    ]);
  });

  test("notes say which parameter the model came from", () => {
    const [agent] = iac.extract([{ path: "cfn/stack.yaml", text: TEMPLATE }]).resources;
    expect(agent!.notes).toEqual(["model from parameter AgentModel default"]);
  });

  test("a parameter without a default is dynamic", () => {
    const text = `Parameters:\n  M: {Type: String}\nResources:\n  A:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      FoundationModel: !Ref M\n`;
    expect(iac.extract([{ path: "t.yml", text }]).resources[0]!.model).toEqual({
      id: null, source: "dynamic", origin: "parameter M (no default; set at deploy time)",
    });
  });

  test("the long (JSON-style) intrinsic forms work in YAML too", () => {
    const text = `Resources:\n  A:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      FoundationModel:\n        Fn::Join: [".", [global, "anthropic.claude-sonnet-4-6"]]\n`;
    expect(iac.extract([{ path: "t.yml", text }]).resources[0]!.model).toEqual({ id: "global.anthropic.claude-sonnet-4-6", source: "literal" });
  });

  test("a YAML file that is not a template is ignored", () => {
    const text = `name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n`;
    expect(iac.extract([{ path: ".github/workflows/ci.yml", text }])).toEqual({ resources: [], problems: [], envBindings: [], regions: [] });
  });

  test("broken YAML is one located problem and the file is skipped", () => {
    const text = `Resources:\n  A:\n    Type: AWS::Bedrock::Agent\n    Properties: [unclosed\n  B: 1\n`;
    const result = iac.extract([{ path: "cfn/bad.yaml", text }]);
    expect(result.resources).toEqual([]);
    expect(result.problems).toHaveLength(1);
    // The parser notices the unclosed flow sequence where the next key starts.
    expect(result.problems[0]).toMatchObject({ path: "cfn/bad.yaml", line: 5 });
    expect(result.problems[0]!.message).toMatch(/^YAML syntax error \(.+\); file skipped$/);
  });

  test("AWS::Bedrock::ProvisionedModelThroughput is reported as not a CloudFormation type", () => {
    const text = `Resources:\n  PT:\n    Type: AWS::Bedrock::ProvisionedModelThroughput\n    Properties:\n      ModelUnits: 1\n`;
    const result = iac.extract([{ path: "cfn/pt.yaml", text }]);
    expect(result.resources).toEqual([]);
    expect(result.problems).toEqual([
      {
        path: "cfn/pt.yaml",
        line: 2,
        message:
          "PT: AWS::Bedrock::ProvisionedModelThroughput is not a CloudFormation resource type, so this template cannot deploy it; provisioned throughput bought outside the template is not priced",
      },
    ]);
  });
});

describe("CloudFormation JSON", () => {
  const JSON_TEMPLATE = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Agent": {
      "Type": "AWS::Bedrock::Agent",
      "Properties": {
        "AgentName": "a",
        "FoundationModel": { "Fn::Sub": "\${Geo}.amazon.nova-pro-v1:0" }
      }
    }
  },
  "Parameters": { "Geo": { "Type": "String", "Default": "us" } }
}
`;
  test("finds resources with lines, resolving Fn::Sub against Parameters", () => {
    const result = iac.extract([{ path: "cfn/stack.template.json", text: JSON_TEMPLATE }]);
    expect(result.resources.map((r) => [r.key, r.location.line, r.model])).toEqual([
      ["cfn/stack.template.json#AWS::Bedrock::Agent#Agent", 4, { id: "us.amazon.nova-pro-v1:0", source: "constant" }],
    ]);
  });

  test("broken JSON is one located problem", () => {
    const result = iac.extract([{ path: "cfn/bad.json", text: `{\n  "Resources": {\n    "A": {"Type": "AWS::Bedrock::Agent",}\n` }]);
    expect(result.resources).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.message).toMatch(/^JSON syntax error \(.+\); file skipped$/);
  });
});

describe("SAM function environment variables", () => {
  const SAM = `Transform: AWS::Serverless-2016-10-31
Parameters:
  ModelId: {Type: String, Default: global.anthropic.claude-haiku-4-5-20251001-v1:0}
  OtherModel: {Type: String}
Globals:
  Function:
    Environment:
      Variables:
        SUMMARY_MODEL: amazon.nova-lite-v1:0
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Environment: {Variables: {MODEL_ID: !Ref ModelId, TABLE: answers, REVIEW_MODEL: !Ref OtherModel}}
  Plain:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          BEDROCK_MODEL_ID: !Sub "\${AWS::Region}.anthropic.claude-3-haiku-20240307-v1:0"
`;
  test("model ids set as function environment variables, with where they come from", () => {
    const result = iac.extract([{ path: "sam/template.yaml", text: SAM }]);
    expect(result.resources).toEqual([]);
    expect(result.envBindings.map((b) => [b.env, b.model, b.location.line])).toEqual([
      ["SUMMARY_MODEL", { id: "amazon.nova-lite-v1:0", source: "literal" }, 9],
      ["MODEL_ID", { id: "global.anthropic.claude-haiku-4-5-20251001-v1:0", source: "constant" }, 16],
      ["REVIEW_MODEL", { id: null, source: "dynamic", origin: "parameter OtherModel (no default; set at deploy time)" }, 16],
      ["BEDROCK_MODEL_ID", { id: null, source: "dynamic", origin: '!Sub "${AWS::Region}.anthropic.claude-3-haiku-20240307-v1:0" (depends on AWS::Region)' }, 22],
    ]);
  });
});
