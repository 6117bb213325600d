import type { MaxTokens, MediaRequest, SystemPrompt } from "../../model/call-site.js";
import { isEmbeddingModelId } from "../embedding.js";
import type { BodyReader } from "../body-field.js";
import { mediaRequestFrom } from "../media-request.js";
import { withMedia } from "../optional-facts.js";
import { type CacheTally, firstOf, maxTokensFrom, systemPromptFrom } from "./request-fields.js";
import { type PyValue, type Slot, present, read } from "./values.js";

/** Native InvokeModel body formats, by model provider (bedrock-api.md §3). */
export type BodyFamily =
  | "anthropic" | "nova" | "titan-text" | "meta" | "mistral" | "cohere" | "deepseek" | "ai21" | "openai" | "unknown";

const GEO_PREFIXES = new Set(["us", "eu", "apac", "jp", "au", "ca", "us-gov", "global"]);

/** The base model id inside a profile id or ARN: `arn:…:inference-profile/us.anthropic.x` -> `anthropic.x`. */
export function baseModelId(id: string): string {
  const resource = id.startsWith("arn:") ? id.slice(id.lastIndexOf("/") + 1) : id;
  const [first, ...rest] = resource.split(".");
  return first !== undefined && GEO_PREFIXES.has(first) && rest.length > 1 ? rest.join(".") : resource;
}

export function bodyFamily(modelId: string | null): BodyFamily {
  if (modelId === null) return "unknown";
  const base = baseModelId(modelId);
  if (base.startsWith("amazon.nova")) return "nova";
  if (base.startsWith("amazon.titan-text")) return "titan-text";
  const provider = base.split(".")[0];
  switch (provider) {
    case "anthropic": case "meta": case "mistral": case "cohere": case "deepseek": case "ai21": case "openai":
      return provider;
    default:
      return "unknown";
  }
}

export const isEmbeddingModel = isEmbeddingModelId;

const MAX_TOKEN_KEYS: Record<Exclude<BodyFamily, "unknown">, string[][]> = {
  anthropic: [["max_tokens"]],
  nova: [["inferenceConfig", "max_new_tokens"], ["inferenceConfig", "maxTokens"]],
  "titan-text": [["textGenerationConfig", "maxTokenCount"]],
  meta: [["max_gen_len"]],
  mistral: [["max_tokens"]],
  cohere: [["max_tokens"]],
  deepseek: [["max_tokens"]],
  ai21: [["max_tokens"]],
  openai: [["max_completion_tokens"], ["max_tokens"]],
};
const ALL_MAX_TOKEN_KEYS = [...new Map(Object.values(MAX_TOKEN_KEYS).flat().map((p) => [p.join("."), p])).values()];

/** Families whose system prompt is a `role: "system"` (or "developer") message. */
const SYSTEM_MESSAGE_FAMILIES = new Set<BodyFamily>(["openai", "ai21", "mistral"]);

export interface BodyFacts {
  maxTokens: MaxTokens;
  systemPrompt: SystemPrompt | null;
  media?: MediaRequest;
}

/**
 * Reads a native request body (`body=json.dumps({...})`, LangChain `model_kwargs`) by the family of the
 * model it is sent to; an unknown model tries every family's key. Cache markers go into `cache`.
 */
export function readBody(body: Slot, family: BodyFamily, cache: CacheTally): BodyFacts {
  if (body.state === "present" && body.value.kind !== "dict") {
    const origin = body.value.kind === "dynamic" ? body.value.origin : "request body is not a static dict";
    return { maxTokens: { kind: "dynamic", origin }, systemPrompt: null };
  }
  const keys = family === "unknown" ? ALL_MAX_TOKEN_KEYS : MAX_TOKEN_KEYS[family];
  cache.addBlocks("tools", read(body, "tools"));
  cache.addBlocks("system", read(body, "system"));
  cache.addMessages(read(body, "messages"));
  return { maxTokens: maxTokensFrom(firstOf(body, keys)), systemPrompt: bodySystemPrompt(body, family), ...withMedia(mediaRequestFrom(bodyReader(body))) };
}

/** A body's (or a call's keyword arguments') fields as the shared media reading asks for them. */
export function bodyReader(body: Slot): BodyReader {
  return (...path) => {
    const slot = read(body, ...path);
    if (slot.state === "absent") return { kind: "absent" };
    if (slot.state === "unknown") return { kind: "unknown", origin: slot.origin };
    const value = slot.value;
    switch (value.kind) {
      case "num":
        return { kind: "number", value: value.value, source: value.source, ...(value.env !== undefined ? { env: value.env } : {}) };
      case "str":
        return { kind: "string", value: value.value, source: value.source, ...(value.env !== undefined ? { env: value.env } : {}) };
      case "list":
        return { kind: "list", length: value.unknownItems ? null : value.items.length };
      case "dict":
        return { kind: "object" };
      case "none":
        return { kind: "absent" };
      case "dynamic":
        return { kind: "unknown", origin: value.origin };
      default:
        return { kind: "unknown", origin: `a ${value.kind}` };
    }
  };
}

function bodySystemPrompt(body: Slot, family: BodyFamily): SystemPrompt | null {
  if (family === "cohere") return systemPromptFrom(read(body, "preamble"));
  if (SYSTEM_MESSAGE_FAMILIES.has(family)) return systemMessages(read(body, "messages"));
  const system = systemPromptFrom(read(body, "system"));
  if (system || family !== "unknown") return system;
  return systemPromptFrom(read(body, "preamble")) ?? systemMessages(read(body, "messages"));
}

/** The system prompt sent as `role: "system"` (or "developer") messages of an OpenAI-style message list. */
export function systemMessages(messages: Slot): SystemPrompt | null {
  if (messages.state !== "present" || messages.value.kind !== "list") return null;
  const system = messages.value.items.filter((message) => {
    const role = read(present(message), "role");
    return role.state === "present" && role.value.kind === "str" && (role.value.value === "system" || role.value.value === "developer");
  });
  if (system.length === 0) return null;
  // A message's content is a string or a list of blocks: the blocks are the prompt's parts.
  return systemPromptFrom(present({ kind: "list", source: "literal", items: system.flatMap((m): PyValue[] => {
    const content = read(present(m), "content");
    if (content.state !== "present") return [{ kind: "dynamic", origin: "system message content" }];
    return content.value.kind === "list" && !content.value.unknownItems ? content.value.items : [content.value];
  }) }));
}
