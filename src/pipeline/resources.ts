import { isMediaModel, type Catalog } from "../cost/catalog.js";
import { enabledPolicies, estimateResource, isPricedResource, type ResourcePricingContext } from "../cost/resources.js";
import type { EnvBinding, RegionDeclaration } from "../extract/iac/types.js";
import type { CallSite, Language } from "../model/call-site.js";
import type { ResourceEstimate } from "../model/estimate.js";
import type { ResourceSide } from "../model/report.js";
import type { IacFormat, Resource } from "../model/resource.js";
import { fromCents, toCents } from "../report/money.js";

const LANGUAGE: Record<IacFormat, Language> = {
  terraform: "terraform",
  cloudformation: "cloudformation",
  serverless: "cloudformation",
  "cdk-typescript": "typescript",
  "cdk-python": "python",
};

export const AGENT_NOTE =
  "Bedrock agent: each request runs an orchestration loop (plan, retrieve, answer) of several model calls; priced with calls_per_request";

/**
 * A Bedrock Agent costs what its foundation model's calls cost, several per request: it is priced as a
 * call site (api "agent") so usage, pricing and rules treat it like any other call.
 */
export function agentCallSite(agent: Resource): CallSite {
  return {
    ...declaredCall(agent, agent.location),
    key: agent.key,
    sdk: "bedrock-agent",
    api: "agent",
    symbol: agent.name,
    model: agent.model ?? { id: null, source: "dynamic", origin: "no foundation model set" },
    notes: [AGENT_NOTE, ...agent.notes],
  };
}

export const FLOW_NODE_NOTE = "flow node: one model call each time the flow runs through it; set its usage under usage.sites (symbol: <flow>.<node>)";

/**
 * The model calls of a flow the IaC declares: each Prompt node (and each KnowledgeBase node that
 * generates an answer) is a call site at its node, with its model, cap and inline template.
 */
export function flowNodeSites(flow: Resource): CallSite[] {
  return (flow.flowNodes ?? []).flatMap((node): CallSite[] => {
    if (!node.model) return [];
    const line = node.line;
    return [{
      ...declaredCall(flow, { ...flow.location, line, endLine: line }),
      key: `${flow.key}#${node.name}`,
      sdk: "bedrock-flow",
      api: node.type === "Prompt" ? "flow_prompt" : "retrieve_and_generate",
      symbol: `${flow.name}.${node.name}`,
      model: node.model,
      maxTokens: node.maxTokens,
      systemPrompt: node.templateChars === null ? null : { chars: node.templateChars, origin: `the ${node.name} node's inline template` },
      notes: [FLOW_NODE_NOTE, ...flow.notes],
    }];
  });
}

/** What every call site made from an IaC declaration shares. */
function declaredCall(resource: Resource, location: CallSite["location"]): Omit<CallSite, "key" | "sdk" | "api" | "symbol" | "model" | "notes"> {
  return {
    location,
    language: LANGUAGE[resource.format],
    ordinal: 0,
    maxTokens: { kind: "absent" },
    cachePoints: { count: 0, locations: [], ttl: "5m" },
    systemPrompt: null,
    serviceTier: { tier: "standard", source: "sdk-default" },
    embedding: false,
  };
}

/**
 * Prices InvokeAgent calls through the agent they invoke, which the call names only by id: when the
 * side's IaC declares exactly one agent, every InvokeAgent call invokes it — the call takes its
 * foundation model, and the agent's own site goes (its traffic is the calls', priced where they are).
 * With no agent, or several (an agent id is generated at deploy time, so the code cannot say which),
 * the call stays unpriced and says why. `agents` are all the side's declared agents; `agentSites` the
 * ones this review lists.
 */
export function bindInvokedAgents(sites: CallSite[], agents: readonly Resource[], agentSites: CallSite[]): CallSite[] {
  const invokers = sites.filter((site) => site.invokesAgent);
  if (invokers.length === 0) return [...sites, ...agentSites];
  const only = agents.length === 1 ? agents[0]! : undefined;
  const bound = sites.map((site): CallSite => {
    if (!site.invokesAgent) return site;
    if (only?.model) {
      const where = `${only.location.path}:${only.location.line}`;
      return { ...site, model: only.model, notes: [...site.notes, `invokes agent \`${only.name}\` (${where}), the one this repository declares: priced with its foundation model`] };
    }
    const declared = agents.length === 0 ? "the repository's IaC declares no agent" : agents.length === 1 ? `agent \`${only!.name}\` has no static foundation model` : `the repository declares ${agents.length} agents (${agents.map((a) => a.name).join(", ")}) and the agent id does not say which`;
    return { ...site, model: { ...site.model, origin: `${site.model.origin}; ${declared}` } };
  });
  const invoked = only?.model ? only.key : undefined;
  return [...bound, ...agentSites.filter((site) => site.key !== invoked)];
}

/**
 * The one declaration of a kind a call can mean. Guardrail, flow and knowledge-base ids are made at
 * deploy time, so the code cannot say which declaration it names: with exactly one declared on the
 * side, it is that one; otherwise `unbound` says why none is assumed.
 */
function soleDeclaration(resources: readonly Resource[], noun: string): { only?: Resource; unbound: string } {
  if (resources.length === 1) return { only: resources[0]!, unbound: "" };
  const unbound = resources.length === 0
    ? `the repository's IaC declares no ${noun}`
    : `the repository declares ${resources.length} ${noun}s (${resources.map((r) => r.name).join(", ")}) and the identifier does not say which`;
  return { unbound };
}

function where(resource: Resource) {
  return { key: resource.key, name: resource.name, path: resource.location.path, line: resource.location.line };
}

/** Gives each call's guardrail the policies its declaration enables, so they can be priced (soleDeclaration). */
export function bindGuardrails(sites: CallSite[], guardrails: readonly Resource[]): CallSite[] {
  if (!sites.some((site) => site.guardrail)) return sites;
  const { only, unbound } = soleDeclaration(guardrails, "guardrail");
  const declared = only && { ...where(only), policies: enabledPolicies(only) };
  return sites.map((site) => (site.guardrail ? { ...site, guardrail: declared ? { ...site.guardrail, declared } : { ...site.guardrail, unbound } } : site));
}

/** Gives each InvokeFlow call the flow it runs, for its node count (soleDeclaration). */
export function bindFlows(sites: CallSite[], flows: readonly Resource[]): CallSite[] {
  if (!sites.some((site) => site.invokesFlow)) return sites;
  const { only, unbound } = soleDeclaration(flows, "flow");
  const declared = only && { ...where(only), nodes: only.flowNodes?.length ?? 0 };
  return sites.map((site) => (site.invokesFlow ? { ...site, invokesFlow: declared ? { ...site.invokesFlow, declared } : { ...site.invokesFlow, unbound } } : site));
}

/** Gives each RetrieveAndGenerate call its knowledge base, for the model its queries are embedded on (soleDeclaration). */
export function bindKnowledgeBases(sites: CallSite[], knowledgeBases: readonly Resource[]): CallSite[] {
  if (!sites.some((site) => site.retrieval)) return sites;
  const { only, unbound } = soleDeclaration(knowledgeBases, "knowledge base");
  const declared = only && { ...where(only), embeddingModel: only.model?.id ?? null };
  return sites.map((site) => (site.retrieval ? { ...site, retrieval: declared ? { ...site.retrieval, declared } : { ...site.retrieval, unbound } } : site));
}

/**
 * Gives each call whose client states no Region the Region its deployment declares (a Terraform aws
 * provider, serverless.yml `provider.region`), when the side's IaC declares exactly one; several
 * Regions leave the calls as they are, with a note.
 */
export function applyDeploymentRegion(sites: CallSite[], regions: readonly RegionDeclaration[]): CallSite[] {
  const names = [...new Set(regions.map((r) => r.region))];
  if (names.length === 0) return sites;
  const where = (r: RegionDeclaration) => `${r.location.path}:${r.location.line}`;
  if (names.length > 1) {
    const note = `the deployment declares several Regions (${regions.map((r) => `${r.region} at ${where(r)}`).join(", ")}); calls whose client names none are priced without one`;
    return sites.map((site) => (site.region ? site : { ...site, notes: [...site.notes, note] }));
  }
  const declared = regions[0]!;
  return sites.map((site) => (site.region ? site : { ...site, region: { name: declared.region, from: `the deployment (${where(declared)})` } }));
}

/**
 * Connects call sites whose model comes from an environment variable to the model the deployment sets
 * in that variable (SAM/serverless/Terraform/CDK function environments of the same side). The deployed
 * value wins over a code fallback; conflicting values leave the site as it was, with a note.
 */
export function applyEnvBindings(sites: CallSite[], bindings: readonly EnvBinding[]): CallSite[] {
  if (bindings.length === 0) return sites;
  return sites.map((site) => {
    const env = site.model.env;
    if (!env || (site.model.source !== "dynamic" && site.model.source !== "env-default")) return site;
    const matches = bindings.filter((b) => b.env === env && b.model.id !== null);
    const ids = [...new Set(matches.map((b) => b.model.id))];
    const where = (b: EnvBinding) => `${b.location.path}:${b.location.line}`;
    if (ids.length > 1) {
      return { ...site, notes: [...site.notes, `${env} is set to different models (${matches.map((b) => `${b.model.id} at ${where(b)}`).join(", ")}); not resolved`] };
    }
    const binding = matches[0];
    if (!binding) return site;
    return {
      ...site,
      model: { id: binding.model.id, source: "constant", env, origin: `environment variable ${env} set at ${where(binding)}` },
      notes: [...site.notes, `model from ${env} as deployed (${where(binding)})`],
    };
  });
}

/**
 * Prices every resource of one side; knowledge bases find their collections among the same side's
 * resources. A guardrail or flow the side's calls use (`pricedAtCalls`, by key) is priced at those calls.
 * A null estimate: the resource's cost is counted elsewhere (resourceSide says where).
 */
export function priceResources(
  resources: readonly Resource[],
  pricing: ResourcePricingContext["pricing"],
  catalog: Catalog,
  pricedAtCalls: ReadonlySet<string> = new Set(),
): Array<{ resource: Resource; estimate: ResourceEstimate | null }> {
  const onDemandPrices = (modelId: string) => {
    const resolution = catalog.resolve(modelId);
    if (!resolution.ok || isMediaModel(resolution.model)) return null;
    const { input, output } = resolution.model.prices;
    return output !== null ? { input, output } : null;
  };
  const collections = new Map(resources.filter((r) => r.kind === "vector_store").map((r) => [r.key, r]));
  const stored = new Set(resources.flatMap((r) => (r.kind === "knowledge_base" ? r.references : [])));
  return resources
    .filter((r) => r.kind !== "agent")
    .map((resource) => ({ resource, estimate: priceOne(resource, stored) }));

  function priceOne(resource: Resource, storedCollections: Set<string>): ResourceEstimate | null {
    if (pricedAtCalls.has(resource.key)) return null;
    if (isPricedResource(resource)) return estimateResource(resource, { ...(pricing ? { pricing } : {}), collections, onDemandPrices });
    // A collection is priced through the knowledge base that stores vectors in it; alone, its floor is unknown here.
    if (storedCollections.has(resource.key)) return null;
    return {
      priced: false,
      reason: "OpenSearch Serverless collection with no knowledge base in this change: it bills a standing floor of 1–2 OCUs (~$175–$350/mo) shared by collections with the same KMS key",
      notes: [],
    };
  }
}

/** One side of a resource as the report shows it; money rounded to cents here. */
export function resourceSide(resource: Resource, estimate: ResourceEstimate | null): ResourceSide {
  const priced = estimate?.priced ? estimate : null;
  const through = estimate === null ? pricedThrough(resource) : undefined;
  return {
    path: resource.location.path,
    line: resource.location.line,
    kind: resource.kind,
    type: resource.type,
    name: resource.name,
    model: resource.model?.id ?? null,
    monthlyCost: priced ? fromCents(toCents(priced.monthlyCost)) : estimate === null ? 0 : null,
    ...(estimate && !estimate.priced ? { unpriced: estimate.reason } : {}),
    commitmentTotal: priced?.commitmentTotal == null ? null : fromCents(toCents(priced.commitmentTotal)),
    attributes: { ...resource.attributes, ...priced?.facts },
    costNotes: [...(estimate?.notes ?? []), ...(through ? [through.note] : [])],
    ...(through ? { pricedThrough: through.label } : {}),
  };
}

/** Where a resource priced elsewhere (a null estimate: a stored collection, a guardrail or flow its calls use) is counted. */
function pricedThrough(resource: Resource): { label: string; note: string } {
  switch (resource.kind) {
    case "guardrail":
      return { label: "at its calls", note: "priced at the calls that apply it, per text unit they send" };
    case "flow":
      return { label: "at its calls", note: "node transitions priced at the InvokeFlow calls, its nodes' models at the nodes" };
    default:
      return { label: "in its knowledge base", note: "priced through the knowledge base that stores its vectors" };
  }
}
