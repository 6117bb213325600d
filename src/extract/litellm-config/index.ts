import { type CallSite, type MaxTokens, type ResolvedModel, siteKey } from "../../model/call-site.js";
import type { Problem } from "../../model/location.js";
import { annotationFor, scanDirectives } from "../directives.js";
import { isEmbeddingModelId } from "../embedding.js";
import { readYaml, type RawNode } from "../iac/cloudformation/yaml.js";
import { bedrockModel } from "../litellm-model.js";
import type { CallSiteExtractor, ExtractInput, ExtractResult } from "../types.js";

export const PROXY_NOTE = "LiteLLM proxy model: called once for each request the proxy routes to its model_name; set its usage under usage.sites (symbol: the model_name)";
/** LiteLLM also routes a bare Bedrock id (no `bedrock/`) to Bedrock, by its model map. */
const BARE_BEDROCK_ID = /^(?:arn:aws(?:-[a-z]+)?:bedrock:|(?:(?:us|eu|apac|jp|au|ca|us-gov|global)\.)?(?:anthropic|amazon|meta|mistral|cohere|ai21|deepseek|openai|qwen|writer|twelvelabs|stability|luma|google|nvidia|moonshot|minimax|zai)\.[\w.-]+(?::\d+)?$)/;
/** `os.environ/NAME`: LiteLLM reads the value from the environment at start-up. */
const ENV_REFERENCE = /^os\.environ\/([A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * LiteLLM proxy configs (`config.yaml`): each `model_list` entry whose `litellm_params.model` routes to
 * Bedrock is a model the proxy calls for every request sent to its `model_name`. The entry is the site,
 * at its `model:` line; `max_tokens` (or `max_completion_tokens`) in `litellm_params` is its cap.
 */
export const litellmConfigExtractor: CallSiteExtractor = {
  language: "yaml",
  handles: (path) => /\.ya?ml$/i.test(path),
  mayContainCalls: (text) => text.includes("litellm_params") && text.includes("model_list"),
  extract,
};

function extract(file: ExtractInput): ExtractResult {
  const read = readYaml(file);
  if ("problem" in read) return { sites: [], problems: [read.problem] };
  const list = read.root.kind === "map" ? read.root.entries.get("model_list") : undefined;
  if (list?.kind !== "seq") return { sites: [], problems: [] };
  const directives = scanDirectives(file.path, file.text);
  const problems: Problem[] = [...directives.problems];
  const ordinals = new Map<string, number>();
  const sites: CallSite[] = [];
  for (const entry of list.items) {
    const params = entry.kind === "map" ? entry.entries.get("litellm_params") : undefined;
    const written = params?.kind === "map" ? params.entries.get("model") : undefined;
    if (entry.kind !== "map" || params?.kind !== "map" || written === undefined) continue;
    const routed = routedModel(written);
    if (!routed) continue;
    const name = entry.entries.get("model_name");
    const symbol = name?.kind === "scalar" && name.value !== null ? String(name.value) : "";
    const mode = entry.entries.get("model_info");
    const embedding = isEmbeddingModelId(routed.model.id) || (mode?.kind === "map" && scalarText(mode.entries.get("mode")) === "embedding");
    const ordinal = ordinals.get(symbol) ?? 0;
    ordinals.set(symbol, ordinal + 1);
    const line = params.keyLines.get("model") ?? written.line;
    const annotation = annotationFor(directives, entry.line);
    sites.push({
      key: siteKey(file.path, symbol, routed.api, ordinal),
      location: { path: file.path, line, column: 1, endLine: line, endColumn: 1 },
      language: "yaml",
      sdk: "litellm",
      api: embedding ? "invoke_model" : routed.api,
      symbol,
      ordinal,
      model: routed.model,
      maxTokens: embedding ? { kind: "absent" } : capOf(params),
      cachePoints: { count: 0, locations: [], ttl: "5m" },
      systemPrompt: null,
      serviceTier: { tier: "standard", source: "sdk-default" },
      embedding,
      notes: [PROXY_NOTE, ...(routed.bare ? ["a bare Bedrock model id: LiteLLM routes it to Bedrock by its model map"] : [])],
      ...(annotation ? { annotation } : {}),
    });
  }
  return { sites, problems };
}

/** The Bedrock model an entry routes to; null for another provider. */
function routedModel(node: RawNode): { model: ResolvedModel; api: CallSite["api"]; bare: boolean } | null {
  const text = scalarText(node);
  if (text === undefined) return null;
  const env = ENV_REFERENCE.exec(text)?.[1];
  if (env) return { model: { id: null, source: "dynamic", env, origin: `os.environ/${env} in the proxy config` }, api: "converse", bare: false };
  const routed = bedrockModel({ id: text, source: "literal" }, "bedrock/");
  if (routed) return { ...routed, bare: false };
  return BARE_BEDROCK_ID.test(text) ? { model: { id: text, source: "literal" }, api: "converse", bare: true } : null;
}

function capOf(params: Extract<RawNode, { kind: "map" }>): MaxTokens {
  const cap = params.entries.get("max_tokens") ?? params.entries.get("max_completion_tokens");
  if (cap === undefined) return { kind: "absent" };
  if (cap.kind === "scalar" && typeof cap.value === "number") return { kind: "static", value: cap.value, source: "literal" };
  const env = ENV_REFERENCE.exec(scalarText(cap) ?? "")?.[1];
  return { kind: "dynamic", origin: env ? `environment variable ${env}` : "max_tokens is not a number" };
}

function scalarText(node: RawNode | undefined): string | undefined {
  return node?.kind === "scalar" && typeof node.value === "string" ? node.value : undefined;
}
