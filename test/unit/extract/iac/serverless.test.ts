import { beforeAll, describe, expect, test } from "vitest";
import { loadIacExtractor, type IacExtractor } from "../../../../src/extract/iac/index.js";

let iac: IacExtractor;
beforeAll(async () => {
  iac = await loadIacExtractor();
});

const SERVERLESS = `service: support
custom:
  models:
    answer: us.anthropic.claude-sonnet-4-5-20250929-v1:0
provider:
  name: aws
  environment:
    BEDROCK_MODEL_ID: \${self:custom.models.answer}
    STAGE: \${sls:stage}
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [bedrock:InvokeModel]
          Resource:
            - arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0
functions:
  answer:
    handler: handler.answer
    environment:
      SUMMARY_MODEL: \${env:SUMMARY_MODEL, 'amazon.nova-lite-v1:0'}
      REVIEW_MODEL: \${ssm:/support/review-model}
      MISSING_MODEL: \${self:custom.models.nothing}
resources:
  Resources:
    Agent:
      Type: AWS::Bedrock::Agent
      Properties:
        AgentName: support-\${sls:stage}
        FoundationModel: \${self:custom.models.answer}
`;

describe("serverless.yml", () => {
  test("provider and function environments become env bindings, resolving ${self:} and literal fallbacks", () => {
    const result = iac.extract([{ path: "svc/serverless.yml", text: SERVERLESS }]);
    expect(result.problems).toEqual([]);
    expect(result.envBindings.map((b) => [b.env, b.model, b.location.line])).toEqual([
      ["BEDROCK_MODEL_ID", { id: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", source: "constant" }, 8],
      ["SUMMARY_MODEL", { id: "amazon.nova-lite-v1:0", source: "constant" }, 21],
      ["REVIEW_MODEL", { id: null, source: "dynamic", origin: "${ssm:/support/review-model}" }, 22],
      ["MISSING_MODEL", { id: null, source: "dynamic", origin: "${self:custom.models.nothing} (not set in this file)" }, 23],
    ]);
  });

  test("CloudFormation under resources.Resources is read with serverless variables", () => {
    const result = iac.extract([{ path: "svc/serverless.yml", text: SERVERLESS }]);
    expect(result.resources.map((r) => [r.key, r.location.line, r.format, r.kind, r.model])).toEqual([
      ["svc/serverless.yml#AWS::Bedrock::Agent#Agent", 26, "serverless", "agent", { id: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", source: "constant" }],
    ]);
  });

  test("a serverless.yml without Bedrock is found empty", () => {
    const text = `service: x\nprovider:\n  name: aws\n  environment:\n    TABLE: t\nfunctions:\n  f:\n    handler: h.f\n`;
    expect(iac.extract([{ path: "serverless.yaml", text }])).toEqual({ resources: [], problems: [], envBindings: [], regions: [] });
  });

  test("a self-reference loop is dynamic, not a hang", () => {
    const text = `custom:\n  a: \${self:custom.b}\n  b: \${self:custom.a}\nprovider:\n  environment:\n    MODEL_ID: \${self:custom.a}\n`;
    expect(iac.extract([{ path: "serverless.yml", text }]).envBindings[0]!.model).toEqual({
      id: null, source: "dynamic", origin: "${self:custom.a} (refers to itself)",
    });
  });
});
