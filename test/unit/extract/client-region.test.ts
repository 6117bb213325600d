import { describe, expect, it } from "vitest";
import { extract, lines } from "./python/extract-helper.js";
import { sitesOf as typescriptSites } from "./typescript/extract-helper.js";
import { scanFiles } from "../../helpers/analyze.js";

/** The Region a client is made for (issue #11): read where the code states it, to select Region prices. */
describe("client Region", () => {
  const python: Array<[string, string, string | undefined]> = [
    ["a keyword literal", 'rt = boto3.client("bedrock-runtime", region_name="eu-west-1")', "eu-west-1"],
    ["positional", 'rt = boto3.client("bedrock-runtime", "ap-southeast-2")', "ap-southeast-2"],
    ["an AWS_REGION lookup's default", 'rt = boto3.client("bedrock-runtime", region_name=os.environ.get("AWS_REGION", "eu-central-1"))', "eu-central-1"],
    ["a lookup with no default: not static", 'rt = boto3.client("bedrock-runtime", region_name=os.environ["AWS_REGION"])', undefined],
    ["none given", 'rt = boto3.client("bedrock-runtime")', undefined],
  ];
  it.each(python)("Python: %s", (_, client, region) => {
    const [site] = extract(lines("import os, boto3", client, 'rt.converse(modelId="deepseek.v3.2", messages=[])')).sites;
    expect(site).toMatchObject({ location: { line: 3 }, api: "converse", model: { id: "deepseek.v3.2" } });
    expect(site!.region?.name).toBe(region);
  });

  const typescript: Array<[string, string, string | undefined]> = [
    ["a literal", 'const client = new BedrockRuntimeClient({ region: "eu-west-1" });', "eu-west-1"],
    ["a constant", 'const REGION = "ap-northeast-1";\nconst client = new BedrockRuntimeClient({ region: REGION });', "ap-northeast-1"],
    ["an env fallback", 'const client = new BedrockRuntimeClient({ region: process.env.AWS_REGION ?? "eu-central-1" });', "eu-central-1"],
    ["from the environment only: not static", "const client = new BedrockRuntimeClient({ region: process.env.AWS_REGION });", undefined],
    ["no config", "const client = new BedrockRuntimeClient({});", undefined],
  ];
  it.each(typescript)("TypeScript: %s", (_, client, region) => {
    const source = `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";\n${client}\nexport const ask = () => client.send(new ConverseCommand({ modelId: "deepseek.v3.2", messages: [] }));\n`;
    const [site] = typescriptSites(source);
    expect(site).toMatchObject({ api: "converse", model: { id: "deepseek.v3.2" } });
    expect(site!.region?.name).toBe(region);
  });

  it("TypeScript: the aggregated client the method is called on", () => {
    const [site] = typescriptSites(`import { BedrockRuntime } from "@aws-sdk/client-bedrock-runtime";\nconst rt = new BedrockRuntime({ region: "sa-east-1" });\nexport const ask = () => rt.converse({ modelId: "deepseek.v3.2", messages: [] });\n`);
    expect(site).toMatchObject({ api: "converse", region: { name: "sa-east-1", from: "its client" } });
  });

  it("prices the call at its Region's list price and says which Region and why", async () => {
    const report = await scanFiles({ "app.py": lines("import boto3", 'rt = boto3.client("bedrock-runtime", region_name="eu-west-1")', "def ask(q):", '    return rt.converse(modelId="deepseek.v3.2", messages=[], inferenceConfig={"maxTokens": 400})') });
    const site = report.sites[0]!.head!;
    // 30,416.67 calls × (1,500 × $0.74 + 400 × $2.22) / 1M = $33.76 + $27.01 = $60.77
    expect(site.components.map((c) => ("pricePerMillion" in c ? [c.name, c.pricePerMillion] : []))).toEqual([["input", 0.74], ["output", 2.22]]);
    expect(site.monthlyCost).toBe(60.77);
    expect(site.costNotes).toContain("Region eu-west-1 (from its client): its list price 0.74/2.22 per 1M (LL)");
  });
});

/** The Region the deployment declares, for calls whose client names none (issue #11). */
describe("deployment Region", () => {
  const app = lines("import boto3", 'rt = boto3.client("bedrock-runtime")', "def ask(q):", '    return rt.converse(modelId="deepseek.v3.2", messages=[], inferenceConfig={"maxTokens": 400})');
  const priceNotes = async (files: Record<string, string>) => {
    const site = (await scanFiles({ "app.py": app, ...files })).sites[0]!.head!;
    return { input: site.components[0] && "pricePerMillion" in site.components[0] ? site.components[0].pricePerMillion : null, notes: [...site.costNotes, ...site.notes] };
  };

  it("a Terraform aws provider's Region, through a variable's default", async () => {
    const tf = lines('variable "region" {', '  default = "eu-west-1"', "}", 'provider "aws" {', "  region = var.region", "}");
    const { input, notes } = await priceNotes({ "infra/main.tf": tf });
    expect(input).toBe(0.74);
    expect(notes).toContain("Region eu-west-1 (from the deployment (infra/main.tf:5)): its list price 0.74/2.22 per 1M (LL)");
  });

  it("serverless.yml provider.region", async () => {
    const { input, notes } = await priceNotes({ "serverless.yml": lines("service: ask", "provider:", "  name: aws", "  region: ap-southeast-1", "  iam:", "    role:", "      statements:", "        - { Effect: Allow, Action: [bedrock:InvokeModel], Resource: '*' }") });
    expect(input).toBe(0.74);
    expect(notes).toContain("Region ap-southeast-1 (from the deployment (serverless.yml:4)): its list price 0.74/2.22 per 1M (LL)");
  });

  it("the client's own Region wins over the deployment's", async () => {
    const own = app.replace('boto3.client("bedrock-runtime")', 'boto3.client("bedrock-runtime", region_name="us-east-1")');
    const site = (await scanFiles({ "app.py": own, "main.tf": lines('provider "aws" {', '  region = "eu-west-1"', "}") })).sites[0]!.head!;
    expect(site.components[0]).toMatchObject({ pricePerMillion: 0.62 });
  });

  it("several declared Regions: none is guessed, and the call says so", async () => {
    const { input, notes } = await priceNotes({ "eu/main.tf": lines('provider "aws" {', '  region = "eu-west-1"', "}"), "us/main.tf": lines('provider "aws" {', '  region = "us-east-1"', "}") });
    expect(input).toBe(0.62);
    expect(notes).toContain("the deployment declares several Regions (eu-west-1 at eu/main.tf:2, us-east-1 at us/main.tf:2); calls whose client names none are priced without one");
  });
});
