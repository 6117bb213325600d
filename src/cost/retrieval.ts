import type { CallSite } from "../model/call-site.js";
import type { CostComponent } from "../model/estimate.js";
import type { UsageAssumptions } from "../model/usage.js";
import { isMediaModel, type Catalog } from "./catalog.js";
import { BUILT_IN_USAGE } from "./usage.js";

/**
 * What a RetrieveAndGenerate call runs besides its generation, per month:
 *
 *   query embedding = C × q tokens at the knowledge base's embedding model's input price, q = the
 *                     built-in user input (500 tokens), when the IaC declares the knowledge base
 *   reranking       = C × 1 query at the reranking model's price (up to 100 retrieved passages a query)
 *
 * A part that cannot be priced is left out and a note says so.
 */
export function retrievalCosts(site: CallSite, usage: UsageAssumptions, catalog: Catalog): { components: CostComponent[]; notes: string[] } {
  const retrieval = site.retrieval;
  if (!retrieval) return { components: [], notes: [] };
  const calls = usage.requestsPerMonth.value * usage.callsPerRequest.value;
  const discount = 1 - catalog.discountPercent / 100;
  const components: CostComponent[] = [];
  const notes: string[] = [];

  const embedding = retrieval.declared?.embeddingModel;
  const embedder = embedding ? catalog.resolve(embedding) : undefined;
  if (embedder?.ok && !isMediaModel(embedder.model)) {
    const tokensPerMonth = calls * QUERY_TOKENS;
    const pricePerMillion = embedder.model.prices.input * discount;
    components.push({ name: "query_embedding", tokensPerMonth, pricePerMillion, monthlyCost: (tokensPerMonth * pricePerMillion) / 1e6, note: embedder.model.name });
    notes.push(`query embedded on ${embedder.model.name}, the embedding model of knowledge base \`${retrieval.declared!.name}\` (${retrieval.declared!.path}:${retrieval.declared!.line}), ~${QUERY_TOKENS} tokens a query`);
  } else {
    const why = embedder && !embedder.ok ? embedder.reason : retrieval.declared ? "the knowledge base's embedding model is not static" : (retrieval.unbound ?? "its knowledge base is not looked up");
    notes.push(`not in this figure: the query embedding (${why}); a fraction of a cent per thousand queries`);
  }

  if (retrieval.reranker) {
    const reranker = retrieval.reranker.id === null ? undefined : catalog.resolve(retrieval.reranker.id);
    if (reranker?.ok && isMediaModel(reranker.model) && reranker.model.kind === "rerank") {
      const unitPrice = reranker.model.prices[0]!.price * discount;
      components.push({ name: "reranking", unit: "query", quantityPerMonth: calls, unitPrice, monthlyCost: calls * unitPrice, note: reranker.model.name });
      notes.push(`retrieved passages reranked on ${reranker.model.name}: one query a call (up to 100 passages)`);
    } else {
      const why = reranker === undefined ? (retrieval.reranker.origin ?? "the model is dynamic") : !reranker.ok ? reranker.reason : `${reranker.model.name} is not a rerank model`;
      notes.push(`not in this figure: reranking (${why})`);
    }
  }
  return { components, notes };
}

/** A query's tokens: the built-in user input of one request. */
const QUERY_TOKENS = BUILT_IN_USAGE.user_input_tokens;
