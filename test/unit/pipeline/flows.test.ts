import { describe, expect, it } from "vitest";
import { scanFiles } from "../../helpers/analyze.js";

const PER_MONTH = (1000 * 730) / 24;
const template = (...flows: string[]) => `Resources:\n${flows.join("")}`;
const cfnFlow = (name: string) => `  ${name}:
    Type: AWS::Bedrock::Flow
    Properties:
      Name: ${name}
      ExecutionRoleArn: arn:aws:iam::123456789012:role/flow
      Definition:
        Nodes:
          - Name: FlowInput
            Type: Input
          - Name: Classify
            Type: Prompt
            Configuration:
              Prompt:
                SourceConfiguration:
                  Inline:
                    ModelId: amazon.nova-lite-v1:0
                    TemplateType: TEXT
                    TemplateConfiguration:
                      Text:
                        Text: "Classify the message into BUG or OTHER: {{message}}"
                    InferenceConfiguration:
                      Text:
                        MaxTokens: 8
          - Name: Answer
            Type: KnowledgeBase
            Configuration:
              KnowledgeBase:
                KnowledgeBaseId: KB12345678
                ModelId: anthropic.claude-3-haiku-20240307-v1:0
          - Name: FlowOutput
            Type: Output
`;
const terraformFlow = `resource "aws_bedrockagent_flow" "triage" {
  name               = "triage"
  execution_role_arn = "arn:aws:iam::123456789012:role/flow"
  definition {
    node {
      name = "In"
      type = "Input"
    }
    node {
      name = "Summarise"
      type = "Prompt"
      configuration {
        prompt {
          source_configuration {
            inline {
              model_id      = "amazon.nova-micro-v1:0"
              template_type = "TEXT"
              inference_configuration {
                text {
                  max_tokens = 300
                }
              }
            }
          }
        }
      }
    }
    node {
      name = "Out"
      type = "Output"
    }
  }
}
`;
const invoke = `import boto3, os
flows = boto3.client("bedrock-agent-runtime")

def run(message):
    return flows.invoke_flow(flowIdentifier=os.environ["FLOW_ID"], flowAliasIdentifier=os.environ["FLOW_ALIAS"], inputs=[{"nodeName": "FlowInput", "nodeOutputName": "document", "content": {"document": message}}])
`;

/** Bedrock Flows (issue #10): node transitions at the InvokeFlow call, each model node a call site of its own. */
describe("flows declared in the IaC", () => {
  it("CloudFormation: the Prompt and answering KnowledgeBase nodes are sites with their models, caps and templates; InvokeFlow pays 4 transitions a call", async () => {
    const report = await scanFiles({ "app/run.py": invoke, "infra/template.yaml": template(cfnFlow("Support")) });
    const nodes = report.sites.filter((s) => s.head!.sdk === "bedrock-flow").map((s) => s.head!);
    expect(nodes.map((s) => [s.line, s.api, s.symbol, s.model.id, s.maxTokens, s.systemPromptTokens])).toEqual([
      [11, "flow_prompt", "Support.Classify", "amazon.nova-lite-v1:0", 8, 13],
      [25, "retrieve_and_generate", "Support.Answer", "anthropic.claude-3-haiku-20240307-v1:0", null, null],
    ]);
    const call = report.sites.find((s) => s.key === "app/run.py#run#flow#0")!.head!;
    expect(call.components).toEqual([{ name: "node transitions", unit: "1K node transitions", quantityPerMonth: (PER_MONTH * 4) / 1000, unitPrice: 0.035, monthlyCost: 4.26 }]);
    expect(call.flow).toEqual({ id: null, origin: expect.stringContaining("FLOW_ID"), declared: { name: "Support", path: "infra/template.yaml", line: 2, nodes: 4 } });
    const flow = report.resources.find((r) => r.head!.kind === "flow")!.head!;
    expect([flow.monthlyCost, flow.pricedThrough]).toEqual([0, "at its calls"]);
  });

  it("Terraform: repeated node blocks; a flow no call invokes says its transitions depend on usage", async () => {
    const report = await scanFiles({ "infra/flow.tf": terraformFlow });
    expect(report.sites.map((s) => [s.head!.line, s.head!.symbol, s.head!.model.id, s.head!.maxTokens])).toEqual([[10, "triage.Summarise", "amazon.nova-micro-v1:0", 300]]);
    const flow = report.resources[0]!.head!;
    expect(flow.unpriced).toBe("depends on usage: $0.035 per 1,000 node transitions");
    expect(flow.costNotes).toContainEqual(expect.stringMatching(/^3 nodes: up to 3 transitions per invocation/));
  });

  it("no flow, or two: InvokeFlow cannot be priced and says why", async () => {
    const none = await scanFiles({ "app/run.py": invoke });
    expect(none.sites[0]!.head!.unpriced).toMatch(/its nodes are not known \(the repository's IaC declares no flow\); declare it in this repository's IaC/);
    const two = await scanFiles({ "app/run.py": invoke, "infra/template.yaml": template(cfnFlow("Support"), cfnFlow("Billing")) });
    const call = two.sites.find((s) => s.key === "app/run.py#run#flow#0")!.head!;
    expect(call.unpriced).toMatch(/the repository declares 2 flows \(Support, Billing\) and the identifier does not say which/);
  });
});
