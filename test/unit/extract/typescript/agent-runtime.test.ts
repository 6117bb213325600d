import { describe, expect, it } from "vitest";
import { sitesOf } from "./extract-helper.js";

describe("@aws-sdk/client-bedrock-agent-runtime: the operations that run a model", () => {
  it("RetrieveAndGenerateCommand and the aggregated client's retrieveAndGenerateStream: generation on modelArn", () => {
    const sites = sitesOf(`import { BedrockAgentRuntimeClient, RetrieveAndGenerateCommand, BedrockAgentRuntime } from "@aws-sdk/client-bedrock-agent-runtime";
const client = new BedrockAgentRuntimeClient({ region: "us-east-1" });
const MODEL_ARN = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
export async function ask(text: string) {
  return client.send(new RetrieveAndGenerateCommand({
    input: { text },
    retrieveAndGenerateConfiguration: { type: "KNOWLEDGE_BASE", knowledgeBaseConfiguration: {
      knowledgeBaseId: "KB", modelArn: MODEL_ARN,
      generationConfiguration: { inferenceConfig: { textInferenceConfig: { maxTokens: 512 } } } } },
  }));
}
export function stream(text: string) {
  return new BedrockAgentRuntime({}).retrieveAndGenerateStream({ input: { text }, retrieveAndGenerateConfiguration: { type: "KNOWLEDGE_BASE", knowledgeBaseConfiguration: { knowledgeBaseId: "KB", modelArn: "amazon.nova-lite-v1:0" } } });
}`);
    expect(sites).toMatchObject([
      { location: { line: 5 }, sdk: "aws-sdk-js-v3", api: "retrieve_and_generate", model: { id: "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", source: "constant" }, maxTokens: { kind: "static", value: 512 } },
      { location: { line: 13 }, api: "retrieve_and_generate", model: { id: "amazon.nova-lite-v1:0" }, maxTokens: { kind: "absent" } },
    ]);
  });

  it("RetrieveAndGenerate reads its knowledge base and a configured reranker; external sources have neither", () => {
    const sites = sitesOf(`import { BedrockAgentRuntimeClient, RetrieveAndGenerateCommand } from "@aws-sdk/client-bedrock-agent-runtime";
const client = new BedrockAgentRuntimeClient({});
const rerankingConfiguration = { type: "BEDROCK_RERANKING_MODEL", bedrockRerankingConfiguration: { modelConfiguration: { modelArn: "arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0" } } };
export const kb = (text: string) => client.send(new RetrieveAndGenerateCommand({ input: { text }, retrieveAndGenerateConfiguration: { type: "KNOWLEDGE_BASE", knowledgeBaseConfiguration: { knowledgeBaseId: "KB1", modelArn: "amazon.nova-lite-v1:0", retrievalConfiguration: { vectorSearchConfiguration: { rerankingConfiguration } } } } }));
export const ext = (text: string) => client.send(new RetrieveAndGenerateCommand({ input: { text }, retrieveAndGenerateConfiguration: { type: "EXTERNAL_SOURCES", externalSourcesConfiguration: { modelArn: "amazon.nova-lite-v1:0", sources: [] } } }));`);
    expect(sites[0]!.retrieval).toEqual({ knowledgeBaseId: "KB1", reranker: { id: "arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0", source: "constant" } });
    expect(sites[1]!.retrieval).toBeUndefined();
  });

  it("InvokeInlineAgentCommand on its foundationModel; InvokeAgentCommand names the agent only", () => {
    const sites = sitesOf(`import { BedrockAgentRuntimeClient, InvokeAgentCommand, InvokeInlineAgentCommand } from "@aws-sdk/client-bedrock-agent-runtime";
const client = new BedrockAgentRuntimeClient({});
export const inline = (q: string) => client.send(new InvokeInlineAgentCommand({ sessionId: "s", inputText: q, foundationModel: "us.amazon.nova-pro-v1:0", instruction: "You plan trips for employees." }));
export const agent = (q: string) => client.send(new InvokeAgentCommand({ agentId: "AGENT12345", agentAliasId: "ALIAS", sessionId: "s", inputText: q }));`);
    expect(sites).toMatchObject([
      { location: { line: 3 }, api: "agent", model: { id: "us.amazon.nova-pro-v1:0" }, systemPrompt: { chars: 29 } },
      { location: { line: 4 }, api: "agent", model: { id: null, origin: "the foundation model of agent AGENT12345: InvokeAgent names only the agent" }, invokesAgent: { id: "AGENT12345" } },
    ]);
  });

  it("RerankCommand and the aggregated client's rerank: the model in the reranking configuration, one query per 100 sources", () => {
    const sites = sitesOf(`import { BedrockAgentRuntimeClient, BedrockAgentRuntime, RerankCommand } from "@aws-sdk/client-bedrock-agent-runtime";
const client = new BedrockAgentRuntimeClient({});
const rerankingConfiguration = { type: "BEDROCK_RERANKING_MODEL", bedrockRerankingConfiguration: { modelConfiguration: { modelArn: "arn:aws:bedrock:us-east-1::foundation-model/cohere.rerank-v3-5:0" } } };
export const few = (q: string) => client.send(new RerankCommand({ queries: [{ type: "TEXT", textQuery: { text: q } }], sources: [{ type: "INLINE" }, { type: "INLINE" }], rerankingConfiguration }));
export const many = (q: string, docs: string[]) =>
  new BedrockAgentRuntime({}).rerank({ queries: [], sources: docs.map((d) => ({ type: "INLINE", inlineDocumentSource: { type: "TEXT", textDocument: { text: d } } })), rerankingConfiguration });`);
    expect(sites).toMatchObject([
      { location: { line: 4 }, sdk: "aws-sdk-js-v3", api: "rerank", model: { id: "arn:aws:bedrock:us-east-1::foundation-model/cohere.rerank-v3-5:0", source: "constant" }, maxTokens: { kind: "absent" }, media: { kind: "rerank", count: { kind: "static", value: 1 } } },
      { location: { line: 6 }, api: "rerank", media: { kind: "rerank", count: { kind: "dynamic" } } },
    ]);
  });

  it("InvokeFlowCommand and the aggregated client's invokeFlow: the flow as named, no model of its own", () => {
    const sites = sitesOf(`import { BedrockAgentRuntimeClient, BedrockAgentRuntime, InvokeFlowCommand } from "@aws-sdk/client-bedrock-agent-runtime";
const client = new BedrockAgentRuntimeClient({});
export const run = (text: string) => client.send(new InvokeFlowCommand({ flowIdentifier: "FLOW12345", flowAliasIdentifier: "TSTALIASID", inputs: [] }));
export const again = () => new BedrockAgentRuntime({}).invokeFlow({ flowIdentifier: process.env.FLOW_ID, flowAliasIdentifier: "A", inputs: [] });`);
    expect(sites).toMatchObject([
      { location: { line: 3 }, api: "flow", model: { id: null }, invokesFlow: { id: "FLOW12345" } },
      { location: { line: 4 }, api: "flow", invokesFlow: { id: null, origin: expect.stringContaining("FLOW_ID") } },
    ]);
  });

  it("RetrieveCommand is no site (a query embedding)", () => {
    expect(sitesOf(`import { BedrockAgentRuntimeClient, RetrieveCommand } from "@aws-sdk/client-bedrock-agent-runtime";
export const r = (q: string) => new BedrockAgentRuntimeClient({}).send(new RetrieveCommand({ knowledgeBaseId: "KB", retrievalQuery: { text: q } }));`)).toEqual([]);
  });
});
