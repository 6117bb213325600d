import { isEmbeddingModelId } from "../embedding.js";
import type { CacheLocation, CachePoints, MaxTokens, ResolvedModel, ServiceTier, ServiceTierValue, SystemPrompt } from "../../model/call-site.js";
import { getProperty, itemsOf, type StringValue, type Value } from "./value.js";

/** Turns the evaluated values of request fields into CallSite fields. Shared by every SDK. */

export function modelFrom(value: Value | undefined, what: string): ResolvedModel {
  if (value?.kind === "string") {
    const model: ResolvedModel = { id: value.value, source: value.source };
    if (value.env !== undefined) model.env = value.env;
    if (value.origin !== undefined) model.origin = value.origin;
    return model;
  }
  if (value?.kind === "dynamic") {
    const model: ResolvedModel = { id: null, source: "dynamic", origin: value.origin };
    if (value.env !== undefined) model.env = value.env;
    return model;
  }
  return { id: null, source: "dynamic", origin: value === undefined || value.kind === "nullish" ? `no ${what} given` : `${what} is not a string` };
}

export function maxTokensFrom(value: Value | undefined): MaxTokens {
  if (value === undefined || value.kind === "nullish") return { kind: "absent" };
  if (value.kind === "number") {
    const max: MaxTokens = { kind: "static", value: value.value, source: value.source };
    if (value.env !== undefined) max.env = value.env;
    return max;
  }
  if (value.kind === "dynamic") return { kind: "dynamic", origin: value.origin };
  return { kind: "dynamic", origin: `a ${value.kind} where a number of tokens belongs` };
}

const TIERS: Record<string, ServiceTier> = { default: "standard", standard: "standard", priority: "priority", flex: "flex", reserved: "reserved" };

/** A tier name as the API spells it ("default" is Standard). Absent: the SDK's default, Standard. */
export function serviceTierFrom(value: Value | undefined): ServiceTierValue {
  if (value === undefined || value.kind === "nullish") return { tier: "standard", source: "sdk-default" };
  if (value.kind === "string") {
    const tier = Object.hasOwn(TIERS, value.value) ? TIERS[value.value] : undefined;
    return tier ? { tier, source: value.source } : { tier: null, source: "dynamic", origin: `unrecognised service tier "${value.value}"` };
  }
  const origin = value.kind === "dynamic" ? value.origin : `a ${value.kind} where a service tier name belongs`;
  return { tier: null, source: "dynamic", origin };
}

/** Blocks that may carry a cache point, grouped by where they sit in the request. */
export interface CacheSection {
  location: CacheLocation;
  blocks: Value[];
}

/**
 * Extended thinking turned on in a request's fields, and its budget: Claude's `thinking`
 * (`{ type: "enabled", budget_tokens }`), the older `reasoning_config`, `reasoningConfig` (the AI SDK's
 * `budgetTokens`; Nova 2's `maxReasoningEffort`, no number: dynamic). Undefined when off or absent.
 */
export function thinkingFrom(fields: Value | undefined): MaxTokens | undefined {
  const config = getProperty(fields, "thinking") ?? getProperty(fields, "reasoning_config") ?? getProperty(fields, "reasoningConfig");
  if (config === undefined || config.kind === "nullish") return undefined;
  if (config.kind !== "object") return { kind: "dynamic", origin: config.kind === "dynamic" ? config.origin : "reasoning settings that are not an object" };
  const type = getProperty(config, "type");
  if (type?.kind === "string" && type.value === "disabled") return undefined;
  const budget = getProperty(config, "budget_tokens") ?? getProperty(config, "budgetTokens");
  if (budget !== undefined) return maxTokensFrom(budget);
  const effort = getProperty(config, "maxReasoningEffort");
  return { kind: "dynamic", origin: `reasoning on without a token budget${effort?.kind === "string" ? ` (effort "${effort.value}")` : ""}` };
}

export function noCachePoints(): CachePoints {
  return { count: 0, locations: [], ttl: "5m" };
}

const SECTION_ORDER: CacheLocation[] = ["tools", "system", "messages"];

/**
 * Counts explicit cache points: Converse `{ cachePoint: { type, ttl? } }` blocks and Anthropic
 * `cache_control: { type, ttl? }` on a block; the request order is tools → system → messages.
 */
export function cachePointsIn(sections: CacheSection[]): CachePoints {
  const locations: CacheLocation[] = [];
  let ttl: CachePoints["ttl"] = "5m";
  for (const location of SECTION_ORDER) {
    for (const section of sections.filter((s) => s.location === location)) {
      for (const block of section.blocks) {
        const marker = present(getProperty(block, "cachePoint")) ?? present(getProperty(block, "cache_control"));
        if (!marker) continue;
        locations.push(location);
        const blockTtl = getProperty(marker, "ttl");
        if (blockTtl?.kind === "string" && blockTtl.value === "1h") ttl = "1h";
      }
    }
  }
  return { count: locations.length, locations, ttl };
}

/** The content blocks of every message of a `messages` array (string contents carry none). */
export function messageBlocks(messages: Value | undefined): Value[] {
  return itemsOf(messages).flatMap((message) => itemsOf(getProperty(message, "content")));
}

/** The parts of a system prompt: known text, and what the rest depends on. */
export interface PromptText {
  known: StringValue[];
  unknown: string[];
}

export function emptyPrompt(): PromptText {
  return { known: [], unknown: [] };
}

/** Adds one piece of prompt text (a string value, or something that should have been one). */
export function addText(prompt: PromptText, value: Value | undefined): void {
  if (value === undefined || value.kind === "nullish") return;
  if (value.kind === "string") prompt.known.push(value);
  else prompt.unknown.push(value.kind === "dynamic" ? value.origin : `a ${value.kind} where text belongs`);
}

/**
 * Adds a system field that is either a string or an array of blocks with `text` (Converse, Anthropic,
 * Nova); cache-point and guard blocks carry no text.
 */
export function addSystemField(prompt: PromptText, system: Value | undefined): void {
  if (system?.kind !== "array") {
    addText(prompt, system);
    return;
  }
  prompt.unknown.push(...system.unknownParts);
  for (const block of system.items) {
    if (block.kind === "string") prompt.known.push(block);
    else if (block.kind === "dynamic") prompt.unknown.push(block.origin);
    else addText(prompt, getProperty(block, "text"));
  }
}

/** Adds the text of messages whose role is one of `roles` (AI SDK system messages, OpenAI-style bodies). */
export function addRoleMessages(prompt: PromptText, messages: Value | undefined, roles: string[]): void {
  if (messages?.kind !== "array") return;
  for (const message of messages.items) {
    const role = getProperty(message, "role");
    if (role?.kind !== "string" || !roles.includes(role.value)) continue;
    addSystemField(prompt, getProperty(message, "content"));
  }
}

/** null when the call carries no system prompt at all; chars null when any part is not static. */
export function systemPromptFrom(prompt: PromptText): SystemPrompt | null {
  if (prompt.known.length === 0 && prompt.unknown.length === 0) return null;
  if (prompt.unknown.length > 0) return { chars: null, origin: prompt.unknown[0]! };
  const origins = [...new Set(prompt.known.map(textOrigin))];
  return { chars: prompt.known.reduce((sum, part) => sum + part.value.length, 0), origin: origins.join(" + ") };
}

function textOrigin(part: StringValue): string {
  if (part.file !== undefined) return `file ${part.file}`;
  const [name] = part.names;
  return name === undefined ? "literal" : `constant ${name}`;
}

/** Embedding models are priced on input only. */
export function isEmbeddingModel(model: ResolvedModel): boolean {
  return isEmbeddingModelId(model.id);
}

function present(value: Value | undefined): Value | undefined {
  return value === undefined || value.kind === "nullish" ? undefined : value;
}
