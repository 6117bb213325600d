import { describe, expect, it } from "vitest";
import { scanFiles } from "../../helpers/analyze.js";

const HAIKU = "anthropic.claude-3-5-haiku-20241022-v1:0";
const agentTemplate = (...names: string[]) =>
  `Resources:\n${names.map((name) => `  ${name}:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      AgentName: ${name}\n      FoundationModel: ${HAIKU}\n`).join("")}`;
const invoke = `import { BedrockAgentRuntimeClient, InvokeAgentCommand } from "@aws-sdk/client-bedrock-agent-runtime";
const client = new BedrockAgentRuntimeClient({});
export async function ask(q: string) {
  return client.send(new InvokeAgentCommand({ agentId: process.env.AGENT_ID, agentAliasId: process.env.ALIAS_ID, sessionId: "s", inputText: q }));
}
`;

describe("InvokeAgent priced through the agent the repository declares", () => {
  it("one agent in the IaC: the call takes its foundation model and the agent multiplier; the agent is not priced twice", async () => {
    const report = await scanFiles({ "src/ask.ts": invoke, "infra/template.yaml": agentTemplate("Support") });
    expect(report.sites).toHaveLength(1);
    const [site] = report.sites;
    expect(site).toMatchObject({ key: "src/ask.ts#ask#agent#0", head: { api: "agent" } });
    expect(site!.head!.model.id).toBe(HAIKU);
    expect(site!.head!.notes).toContain("invokes agent `Support` (infra/template.yaml:2), the one this repository declares: priced with its foundation model");
    expect(site!.head!.monthlyCost).toBeGreaterThan(0);
    expect(site!.head!.assumptions.callsPerRequest).toBe(5);
  });

  it("two agents: which one is invoked cannot be read, so the call is not priced and says why; both agents keep their own sites", async () => {
    const report = await scanFiles({ "src/ask.ts": invoke, "infra/template.yaml": agentTemplate("Support", "Billing") });
    const call = report.sites.find((s) => s.key.startsWith("src/ask.ts"))!;
    expect(call.head!.monthlyCost).toBeNull();
    expect(call.head!.unpriced).toMatch(/the repository declares 2 agents \(Support, Billing\) and the agent id does not say which/);
    expect(report.sites.filter((s) => s.key.startsWith("infra/"))).toHaveLength(2);
  });

  it("no agent declared: not priced, and the reason says so", async () => {
    const report = await scanFiles({ "src/ask.ts": invoke });
    expect(report.sites[0]!.head!.unpriced).toMatch(/InvokeAgent names only the agent; the repository's IaC declares no agent/);
  });

  it("an agent defined outside the repository takes the model the config gives its id (or *); without one, the reason names both ways out", async () => {
    const bare = await scanFiles({ "src/ask.ts": invoke });
    expect(bare.sites[0]!.head!.unpriced).toBe("the agent's foundation model is not known (the foundation model of agent (id not static): InvokeAgent names only the agent; the repository's IaC declares no agent): declare the agent in this repository's IaC, or give its model under agents: in .github/bedrock-cost.yml");
    const configured = await scanFiles({ "src/ask.ts": invoke }, `agents:\n  - id: "*"\n    model: ${HAIKU}\n`);
    const site = configured.sites[0]!.head!;
    expect(site.model).toMatchObject({ id: HAIKU, source: "constant", origin: "the foundation model .github/bedrock-cost.yml agents[0] gives agent *" });
    expect(site.notes).toContain("agent model from .github/bedrock-cost.yml agents[0]");
    // The agent multiplier still applies: 5 model calls a request.
    expect([site.assumptions.callsPerRequest, site.monthlyCost! > 0]).toEqual([5, true]);
  });
});
