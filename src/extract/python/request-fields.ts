import type {
  CacheLocation, CachePoints, MaxTokens, ResolvedModel, ServiceTier, ServiceTierValue, SystemPrompt,
} from "../../model/call-site.js";
import { type PyValue, type Slot, present, read } from "./values.js";

/**
 * Turning evaluated request arguments into CallSite fields. Shared by every library recogniser so that
 * the same argument shape always yields the same fact.
 */

export const STANDARD_TIER: ServiceTierValue = { tier: "standard", source: "sdk-default" };
export const NO_CACHE: CachePoints = { count: 0, locations: [], ttl: "5m" };

export function modelFrom(slot: Slot, whenAbsent: ResolvedModel): ResolvedModel {
  if (slot.state === "absent") return whenAbsent;
  if (slot.state === "unknown") return { id: null, source: "dynamic", origin: slot.origin };
  const value = slot.value;
  if (value.kind === "str") {
    return {
      id: value.value,
      source: value.source,
      ...(value.env !== undefined && { env: value.env }),
      ...(value.origin !== undefined && { origin: value.origin }),
    };
  }
  if (value.kind === "dynamic") {
    return { id: null, source: "dynamic", origin: value.origin, ...(value.env !== undefined && { env: value.env }) };
  }
  return { id: null, source: "dynamic", origin: describeNonString(value) };
}

export function maxTokensFrom(slot: Slot): MaxTokens {
  if (slot.state === "absent") return { kind: "absent" };
  if (slot.state === "unknown") return { kind: "dynamic", origin: slot.origin };
  const value = slot.value;
  if (value.kind === "num" && Number.isInteger(value.value)) {
    return { kind: "static", value: value.value, source: value.source, ...(value.env !== undefined && { env: value.env }) };
  }
  if (value.kind === "none") return { kind: "absent" };
  return { kind: "dynamic", origin: value.kind === "dynamic" ? value.origin : describeNonString(value) };
}

/** The first of several possible keys that is written (or may be); absent when none is. */
export function firstOf(container: Slot, paths: string[][]): Slot {
  let unknown: Slot | undefined;
  for (const path of paths) {
    const slot = read(container, ...path);
    if (slot.state === "present") return slot;
    if (slot.state === "unknown") unknown ??= slot;
  }
  return unknown ?? { state: "absent" };
}

/**
 * Extended thinking turned on in a request's fields, and its budget: Claude's `thinking`
 * (`{"type": "enabled", "budget_tokens": N}`), the older `reasoning_config`, Nova 2's `reasoningConfig`
 * (a `maxReasoningEffort`, no number: dynamic). Undefined when off, absent, or not readable (a
 * `**kwargs` may hold anything; nothing is invented).
 */
export function thinkingFrom(fields: Slot): MaxTokens | undefined {
  for (const key of ["thinking", "reasoning_config", "reasoningConfig"]) {
    const config = read(fields, key);
    if (config.state !== "present") continue;
    if (config.value.kind === "none") return undefined;
    const type = read(config, "type");
    if (type.state === "present" && type.value.kind === "str" && type.value.value === "disabled") return undefined;
    const budget = firstOf(config, [["budget_tokens"], ["budgetTokens"]]);
    if (budget.state !== "absent") return maxTokensFrom(budget);
    const effort = read(config, "maxReasoningEffort");
    const level = effort.state === "present" && effort.value.kind === "str" ? ` (effort "${effort.value.value}")` : "";
    return { kind: "dynamic", origin: `reasoning on without a token budget${level}` };
  }
  return undefined;
}

const TIERS: Record<string, ServiceTier> = {
  default: "standard",
  standard: "standard",
  priority: "priority",
  flex: "flex",
  reserved: "reserved",
};

/** A tier given as a string (`serviceTier="flex"` on invoke_model, `service_tier=` in LangChain/Strands). */
export function tierFrom(slot: Slot): ServiceTierValue {
  if (slot.state === "absent") return STANDARD_TIER;
  if (slot.state === "unknown") return { tier: null, source: "dynamic", origin: slot.origin };
  const value = slot.value;
  if (value.kind === "none") return STANDARD_TIER;
  if (value.kind === "str") {
    const tier = TIERS[value.value];
    if (tier) return { tier, source: value.source };
    return { tier: null, source: "dynamic", origin: `unknown service tier "${value.value}"` };
  }
  return { tier: null, source: "dynamic", origin: value.kind === "dynamic" ? value.origin : describeNonString(value) };
}

/** Converse's `serviceTier={"type": "flex"}`. */
export function converseTierFrom(slot: Slot): ServiceTierValue {
  if (slot.state === "present" && slot.value.kind === "none") return STANDARD_TIER;
  return slot.state === "absent" ? STANDARD_TIER : tierFrom(read(slot, "type"));
}

/** Cache points of two parts of one request (a Strands model and the Agent around it), in Bedrock's order. */
export function mergeCache(a: CachePoints, b: CachePoints): CachePoints {
  const order: CacheLocation[] = ["tools", "system", "messages"];
  const locations = [...a.locations, ...b.locations].sort((x, y) => order.indexOf(x) - order.indexOf(y));
  return { count: locations.length, locations, ttl: a.ttl === "1h" || b.ttl === "1h" ? "1h" : "5m" };
}

/** Counts cache markers while a request is read, and keeps them in Bedrock's order: tools -> system -> messages. */
export class CacheTally {
  private readonly counts: Record<CacheLocation, number> = { tools: 0, system: 0, messages: 0 };
  private oneHour = false;

  /** A list of blocks (system, tools, one message's content): Converse `cachePoint` or Anthropic `cache_control` blocks. */
  addBlocks(location: CacheLocation, blocks: Slot): void {
    if (blocks.state !== "present" || blocks.value.kind !== "list") return;
    for (const block of blocks.value.items) {
      if (block.kind !== "dict") continue;
      const marker = firstOf(present(block), [["cachePoint"], ["cache_control"]]);
      if (marker.state !== "present" || marker.value.kind === "none") continue;
      this.add(location, read(marker, "ttl"));
    }
  }

  /** `messages=[{"role": …, "content": [blocks]}]`. */
  addMessages(messages: Slot): void {
    if (messages.state !== "present" || messages.value.kind !== "list") return;
    for (const message of messages.value.items) this.addBlocks("messages", read(present(message), "content"));
  }

  /** One cache point set by a flag (Strands `cache_prompt`, `cache_tools`). */
  add(location: CacheLocation, ttl?: Slot): void {
    this.counts[location]++;
    if (ttl?.state === "present" && ttl.value.kind === "str" && ttl.value.value === "1h") this.oneHour = true;
  }

  result(): CachePoints {
    const order: CacheLocation[] = ["tools", "system", "messages"];
    const locations = order.flatMap((location) => Array<CacheLocation>(this.counts[location]).fill(location));
    return { count: locations.length, locations, ttl: this.oneHour ? "1h" : "5m" };
  }
}

/**
 * A system prompt given as a string, a file read, or a list of blocks (`{"text": …}` dicts or strings).
 * Cache-point blocks carry no text and are skipped.
 */
export function systemPromptFrom(slot: Slot): SystemPrompt | null {
  if (slot.state === "absent") return null;
  if (slot.state === "unknown") return { chars: null, origin: slot.origin };
  const value = slot.value;
  if (value.kind === "none") return null;
  if (value.kind !== "list") return textOf(value);
  if (value.unknownItems) return { chars: null, origin: value.unknownItems };
  let chars = 0;
  const origins = new Set<string>();
  for (const block of value.items) {
    const text = block.kind === "dict" ? read(present(block), "text") : present(block);
    if (text.state === "absent") continue;
    const part = text.state === "unknown" ? { chars: null, origin: text.origin } : textOf(text.value);
    if (part.chars === null) return part;
    chars += part.chars;
    origins.add(part.origin);
  }
  if (origins.size === 0) return null;
  return { chars, origin: [...origins].join(" + ") };
}

function textOf(value: PyValue): SystemPrompt {
  switch (value.kind) {
    case "str":
      return { chars: value.value.length, origin: textOrigin(value) };
    case "file":
      return { chars: value.text?.length ?? null, origin: `read from ${value.path}` };
    case "dynamic":
      return { chars: null, origin: value.origin };
    default:
      return { chars: null, origin: describeNonString(value) };
  }
}

function textOrigin(value: Extract<PyValue, { kind: "str" }>): string {
  if (value.origin !== undefined) return value.origin;
  if (value.source === "env-default") return `default of environment variable ${value.env}`;
  return value.name === undefined ? value.source : `constant ${value.name}`;
}

function describeNonString(value: PyValue): string {
  switch (value.kind) {
    case "ref":
      return `value of \`${value.path}\` from another module`;
    case "object":
      return `result of calling \`${value.type}\``;
    default:
      return `not a static value (${value.kind})`;
  }
}
