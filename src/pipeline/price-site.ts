import { isMediaModel, type Catalog, type Resolution } from "../cost/catalog.js";
import { estimateSite } from "../cost/estimate.js";
import { estimateTokens } from "../cost/tokens.js";
import { resolveUsage } from "../cost/usage.js";
import type { RepoConfig, UsageConfig } from "../config/schema.js";
import type { CallSite } from "../model/call-site.js";
import type { Problem } from "../model/location.js";
import type { ModelFacts, PricedSite, SiteVariant } from "../model/priced-site.js";

export interface PricingContext {
  catalog: Catalog;
  usage: UsageConfig | undefined;
  configPath: string;
  /** Agents defined outside the repository (config `agents`). */
  agents?: RepoConfig["agents"];
}

/** A site priced under its usage assumptions. `change` is filled in once base and head are paired. */
export function priceSite(unbound: CallSite, context: PricingContext): { priced: PricedSite; problems: Problem[] } {
  const site = withConfiguredAgent(unbound, context);
  const resolution = site.model.id === null ? null : context.catalog.resolve(site.model.id);
  const model = resolution?.ok ? resolution.model : undefined;
  const media = model && isMediaModel(model) ? model.kind : undefined;
  const systemPromptTokens = site.systemPrompt?.chars == null ? null : estimateTokens(site.systemPrompt.chars, model && !isMediaModel(model) ? model : undefined);
  const { assumptions, problems } = resolveUsage({ site, systemPromptTokens, ...(media ? { media } : {}) }, context.usage, context.configPath);
  const estimate = estimateSite({ site, usage: assumptions, resolution, systemPromptTokens }, context.catalog);
  return {
    priced: {
      site,
      change: "added",
      profile: resolution?.ref.profile ?? "none",
      geo: resolution?.ref.geo ?? null,
      model: resolution?.ok ? modelFacts(resolution) : null,
      systemPromptTokens,
      usage: assumptions,
      estimate,
    },
    problems,
  };
}

/**
 * An InvokeAgent call the IaC could not bind takes the foundation model the config gives its agent id
 * (or `*`): the agent is defined elsewhere, and the config says what it runs on.
 */
function withConfiguredAgent(site: CallSite, context: PricingContext): CallSite {
  if (!site.invokesAgent || site.model.id !== null || !context.agents) return site;
  const index = context.agents.findIndex((agent) => agent.id === site.invokesAgent!.id || agent.id === "*");
  if (index < 0) return site;
  const agent = context.agents[index]!;
  const where = `${context.configPath} agents[${index}]`;
  return { ...site, model: { id: agent.model, source: "constant", origin: `the foundation model ${where} gives agent ${agent.id === "*" ? "*" : agent.id}` }, notes: [...site.notes, `agent model from ${where}`] };
}

/** The same site with some facts changed, priced under the same usage: how rules compute savings. */
export function repriceSite(priced: PricedSite, variant: SiteVariant, context: PricingContext) {
  const site: CallSite = {
    ...priced.site,
    ...(variant.modelId !== undefined ? { model: { ...priced.site.model, id: variant.modelId } } : {}),
    ...(variant.maxTokens !== undefined ? { maxTokens: variant.maxTokens } : {}),
    ...(variant.cachePoints !== undefined ? { cachePoints: variant.cachePoints } : {}),
    ...(variant.serviceTier !== undefined ? { serviceTier: { ...priced.site.serviceTier, tier: variant.serviceTier } } : {}),
  };
  const usage =
    variant.outputTokens === undefined
      ? priced.usage
      : { ...priced.usage, outputTokens: { value: variant.outputTokens, origin: { kind: "default" as const, where: "what-if" } } };
  const resolution = site.model.id === null ? null : context.catalog.resolve(site.model.id);
  return estimateSite({ site, usage, resolution, systemPromptTokens: priced.systemPromptTokens }, context.catalog);
}

function modelFacts(resolution: Extract<Resolution, { ok: true }>): ModelFacts {
  const m = resolution.model;
  // A model billed per unit has no output cap, cache or regional premium for rules to weigh.
  if (isMediaModel(m)) return { id: m.id, name: m.name, kind: m.kind, maxOutputTokens: null, cacheMinTokens: null, regionalPremium: false };
  return {
    id: m.id,
    name: m.name,
    kind: m.kind,
    maxOutputTokens: m.max_output_tokens ?? null,
    cacheMinTokens: m.cache ? m.cache.min_tokens : null,
    regionalPremium: m.regional_premium,
  };
}
