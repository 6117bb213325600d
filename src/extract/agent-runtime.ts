import type { ResolvedModel } from "../model/call-site.js";

/**
 * What every extractor says the same way about bedrock-agent-runtime operations (boto3, the JS SDK).
 * Retrieve alone (one query embedding, a fraction of a cent per thousand) is not a call site.
 */
export const RETRIEVE_AND_GENERATE_NOTE =
  "RetrieveAndGenerate: the retrieved passages (5 by default) are part of each generation's input — count them in input_tokens";

/** An InvokeAgent call's model until the pipeline finds the agent in the IaC (bindInvokedAgents). */
export function invokedAgentModel(id: string | null): ResolvedModel {
  return { id: null, source: "dynamic", origin: `the foundation model of agent ${id ?? "(id not static)"}: InvokeAgent names only the agent` };
}
