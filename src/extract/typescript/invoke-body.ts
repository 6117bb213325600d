import { withThinking } from "../optional-facts.js";
import type { MaxTokens, MediaRequest, SystemPrompt, CachePoints } from "../../model/call-site.js";
import type { BodyReader } from "../body-field.js";
import { mediaRequestFrom } from "../media-request.js";
import { withMedia } from "../optional-facts.js";
import { addRoleMessages, addSystemField, cachePointsIn, emptyPrompt, maxTokensFrom, messageBlocks, noCachePoints, systemPromptFrom, thinkingFrom } from "./fields.js";
import { fromJson } from "./json.js";
import { dynamic, getPath, getProperty, itemsOf, type ObjectValue, type Value } from "./value.js";

/** What a native InvokeModel body (or an async/batch `modelInput`) says about cost. */
export interface BodyFacts {
  maxTokens: MaxTokens;
  cachePoints: CachePoints;
  systemPrompt: SystemPrompt | null;
  thinkingBudget?: MaxTokens;
  media?: MediaRequest;
}

/**
 * Reads a request body: `JSON.stringify({...})` (possibly through Buffer.from / TextEncoder, which the
 * evaluator sees through), a JSON string literal, or an object document.
 */
export function bodyFacts(body: Value | undefined, modelId: string | null): BodyFacts {
  const decoded = decodeBody(body);
  if (decoded.kind === "dynamic") {
    return { maxTokens: { kind: "dynamic", origin: decoded.origin }, cachePoints: noCachePoints(), systemPrompt: null };
  }
  const prompt = emptyPrompt();
  addSystemField(prompt, getProperty(decoded, "system")); // Anthropic, Nova
  addSystemField(prompt, getProperty(decoded, "preamble")); // Cohere
  addRoleMessages(prompt, getProperty(decoded, "messages"), ["system", "developer"]); // OpenAI-style chat bodies
  return {
    maxTokens: maxTokensOf(decoded, modelId),
    cachePoints: cachePointsIn([
      { location: "tools", blocks: [...itemsOf(getProperty(decoded, "tools")), ...itemsOf(getPath(decoded, "toolConfig", "tools"))] },
      { location: "system", blocks: itemsOf(getProperty(decoded, "system")) },
      { location: "messages", blocks: messageBlocks(getProperty(decoded, "messages")) },
    ]),
    systemPrompt: systemPromptFrom(prompt),
    ...withThinking(thinkingFrom(decoded)),
    ...withMedia(mediaRequestFrom(bodyReader(decoded))),
  };
}

/** A body's (or a command input's) fields as the shared media reading asks for them. */
export function bodyReader(body: Value | undefined): BodyReader {
  return (...path) => {
    const value = getPath(body, ...path);
    if (value === undefined || value.kind === "nullish") return { kind: "absent" };
    switch (value.kind) {
      case "number":
        return { kind: "number", value: value.value, source: value.source, ...(value.env !== undefined ? { env: value.env } : {}) };
      case "string":
        return { kind: "string", value: value.value, source: value.source, ...(value.env !== undefined ? { env: value.env } : {}) };
      case "array":
        return { kind: "list", length: value.unknownParts.length > 0 ? null : value.items.length };
      case "object":
        return { kind: "object" };
      case "dynamic":
        return { kind: "unknown", origin: value.origin };
      default:
        return { kind: "unknown", origin: `a ${value.kind}` };
    }
  };
}

function decodeBody(body: Value | undefined): ObjectValue | { kind: "dynamic"; origin: string } {
  const value = body?.kind === "json" ? body.value : body;
  if (value === undefined || value.kind === "nullish") return dynamic("no request body given");
  if (value.kind === "object") return value;
  if (value.kind === "dynamic") return dynamic(`request body built elsewhere (${value.origin})`);
  if (value.kind === "string") {
    const parsed = parseJson(value.value);
    if (parsed) return fromJson(parsed, value) as ObjectValue;
    return dynamic("request body is a string that is not a JSON object");
  }
  return dynamic(`request body is a ${value.kind}, not a JSON object`);
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

type KeyPath = readonly string[];

const MAX_TOKEN_KEYS: ReadonlyArray<{ family: RegExp; paths: KeyPath[] }> = [
  { family: /^anthropic\./, paths: [["max_tokens"]] },
  { family: /^amazon\.nova/, paths: [["inferenceConfig", "max_new_tokens"], ["inferenceConfig", "maxTokens"]] },
  { family: /^amazon\.titan-(text|tg1)/, paths: [["textGenerationConfig", "maxTokenCount"]] },
  { family: /^meta\./, paths: [["max_gen_len"]] },
  { family: /^(mistral|cohere|deepseek|ai21)\./, paths: [["max_tokens"]] },
  { family: /^openai\./, paths: [["max_completion_tokens"], ["max_tokens"]] },
];
const ALL_PATHS: KeyPath[] = [...new Map(MAX_TOKEN_KEYS.flatMap((f) => f.paths).map((p) => [p.join("."), p])).values()];

const GEO_PREFIX = /^(?:us|eu|apac|jp|au|ca|us-gov|global)\./;

/** The base model id behind a profile id or ARN, or null when it is hidden (application profiles). */
export function baseModelId(id: string): string | null {
  let rest = id;
  if (rest.startsWith("arn:")) {
    const match = /:(foundation-model|inference-profile)\/(.+)$/.exec(rest);
    if (!match) return null;
    rest = match[2]!;
  }
  return rest.replace(GEO_PREFIX, "");
}

function maxTokensOf(body: ObjectValue, modelId: string | null): MaxTokens {
  const base = modelId === null ? null : baseModelId(modelId);
  // Unknown family: any of the known keys counts.
  const paths = (base !== null && MAX_TOKEN_KEYS.find((f) => f.family.test(base))?.paths) || ALL_PATHS;
  for (const path of paths) {
    const value = getPath(body, ...path);
    if (value !== undefined && value.kind !== "nullish") return maxTokensFrom(value);
  }
  return { kind: "absent" };
}
