import { beforeAll, describe, expect, test } from "vitest";
import { loadIacExtractor, type IacExtractor } from "../../../../src/extract/iac/index.js";

let iac: IacExtractor;
beforeAll(async () => {
  iac = await loadIacExtractor();
});

describe("loadIacExtractor", () => {
  test("loads the grammar once", async () => {
    expect(await loadIacExtractor()).toBe(iac);
  });

  test.each([
    ["infra/main.tf", true],
    ["infra/main.tf.json", true],
    ["template.yaml", true],
    ["serverless.yml", true],
    ["cfn/stack.template", true],
    ["cdk/lib/stack.ts", true],
    ["types/index.d.ts", false],
    ["infra/app.py", true],
    ["README.md", false],
    ["infra/terraform.tfvars", true],
    ["infra/prod.auto.tfvars", true],
    ["infra/prod.tfvars", false],
    ["terraform.tfstate", false],
  ])("handles(%s) is %s", (path, handled) => {
    expect(iac.handles(path)).toBe(handled);
  });

  test.each([
    ['resource "aws_bedrock_provisioned_model_throughput" "pt" {}', true],
    ['resource "awscc_bedrock_agent" "a" {}', true],
    ['variable "model_id" {\n  default = "x"\n}', true],
    ["locals {\n  a = 1\n}", true],
    ['{ "variable": { "x": {} } }', true],
    ["Type: AWS::Bedrock::Agent", true],
    ["Type: AWS::Serverless::Function", true],
    ["Type: AWS::S3::Bucket", true],
    ["service: x\nprovider:\n  name: aws", true],
    ['import * as cdk from "aws-cdk-lib";', true],
    ["from aws_cdk import aws_bedrock as bedrock", true],
    ['resource "aws_s3_bucket" "b" {}', false],
    ["name: ci\non: [push]", false],
    ['import express from "express";', false],
  ])("mayContainResources(%j) is %s", (text, expected) => {
    expect(iac.mayContainResources(text)).toBe(expected);
  });

  test.each([
    ["units = 4\n", "infra/terraform.tfvars", true],
    ['resource "aws_s3_bucket" "b" {}', "infra/s3.tf", true],
    ['{ "dependencies": { "aws-cdk-lib": "2.0.0" } }', "package-lock.json", false],
    ["Resources:\n  B:\n    Type: AWS::S3::Bucket\n", "cfn/s3.yaml", true],
    ["service: x\n", "serverless.yml", true],
    ['import * as cdk from "aws-cdk-lib";', "lib/stack.ts", true],
    ["from aws_cdk import Stack", "app.py", true],
    ["import boto3", "app.py", false],
    ["units = 4\n", "notes.txt", false],
  ])("with its path: mayContainResources(%j, %s) is %s", (text, path, expected) => {
    expect(iac.mayContainResources(text, path)).toBe(expected);
  });

  test("a JSON file that is not a template is not even parsed (a package-lock.json naming aws-cdk-lib)", () => {
    expect(iac.extract([{ path: "package-lock.json", text: '{ "packages": { "aws-cdk-lib": {} }, broken' }])).toEqual({ resources: [], problems: [], envBindings: [], regions: [] });
  });

  test("one call reads every format of a side together", () => {
    const result = iac.extract([
      { path: "tf/main.tf", text: 'resource "aws_bedrockagent_agent" "a" {\n  foundation_model = "amazon.nova-lite-v1:0"\n}\n' },
      { path: "cfn/t.yaml", text: "Resources:\n  A:\n    Type: AWS::Bedrock::Agent\n    Properties: {FoundationModel: amazon.nova-pro-v1:0}\n" },
      { path: "cdk/s.ts", text: 'import { aws_bedrock } from "aws-cdk-lib";\nnew aws_bedrock.CfnAgent(this, "A", { foundationModel: "amazon.nova-micro-v1:0" });\n' },
    ]);
    expect(result.resources.map((r) => [r.key, r.format, r.model?.id])).toEqual([
      ["tf/main.tf#aws_bedrockagent_agent#a", "terraform", "amazon.nova-lite-v1:0"],
      ["cfn/t.yaml#AWS::Bedrock::Agent#A", "cloudformation", "amazon.nova-pro-v1:0"],
      ["cdk/s.ts#CfnAgent#A", "cdk-typescript", "amazon.nova-micro-v1:0"],
    ]);
  });
});
