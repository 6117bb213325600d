import type { InvokedFlow, ResolvedModel } from "../model/call-site.js";
import type { BodyField } from "./body-field.js";

/**
 * What every extractor says the same way about bedrock-agent-runtime operations (boto3, the JS SDK).
 * Retrieve alone (one query embedding, a fraction of a cent per thousand) is not a call site.
 */
export const RETRIEVE_AND_GENERATE_NOTE =
  "RetrieveAndGenerate: the retrieved passages (5 by default) are part of each generation's input — count them in input_tokens";

/** Where a knowledge-base request configures its reranker, under its knowledgeBaseConfiguration. */
export const RERANKER_PATH = ["retrievalConfiguration", "vectorSearchConfiguration", "rerankingConfiguration", "bedrockRerankingConfiguration", "modelConfiguration", "modelArn"] as const;

/** An InvokeAgent call's model until the pipeline finds the agent in the IaC (bindInvokedAgents). */
export function invokedAgentModel(id: string | null): ResolvedModel {
  return { id: null, source: "dynamic", origin: `the foundation model of agent ${id ?? "(id not static)"}: InvokeAgent names only the agent` };
}

/** An InvokeFlow call's model: its nodes call the models, each priced where the IaC declares it. */
export const INVOKE_FLOW_MODEL: ResolvedModel = { id: null, source: "dynamic", origin: "InvokeFlow: its nodes call the models (priced at the flow's declaration)" };

/** The flow an InvokeFlow call names by its `flowIdentifier` (bindFlows finds its declaration in the IaC). */
export function invokedFlow(identifier: BodyField): InvokedFlow {
  if (identifier.kind === "string" && identifier.value !== "") return { id: identifier.value };
  return { id: null, origin: identifier.kind === "unknown" ? identifier.origin : "no static flowIdentifier" };
}
