import { type CallSite, siteKey } from "../../model/call-site.js";
import type { Problem } from "../../model/location.js";
import type { BodyReader } from "../body-field.js";
import { annotationFor, scanDirectives } from "../directives.js";
import { readYaml, type RawNode } from "../iac/cloudformation/yaml.js";
import { litellmDeployment } from "../litellm-model.js";
import type { CallSiteExtractor, ExtractInput, ExtractResult } from "../types.js";

export const PROXY_NOTE = "LiteLLM proxy model: called once for each request the proxy routes to its model_name; set its usage under usage.sites (symbol: the model_name)";

/**
 * LiteLLM proxy configs (`config.yaml`): each `model_list` entry whose `litellm_params.model` routes to
 * Bedrock is a model the proxy calls for every request sent to its `model_name`. The entry is the site,
 * at its `model:` line (see litellmDeployment for what is read).
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
    const deployment = litellmDeployment(rawReader(entry));
    const params = entry.kind === "map" ? entry.entries.get("litellm_params") : undefined;
    if (!deployment || params?.kind !== "map") continue;
    const { alias: symbol } = deployment;
    const group = `${symbol}\u0000${deployment.api}`;
    const ordinal = ordinals.get(group) ?? 0;
    ordinals.set(group, ordinal + 1);
    const line = params.keyLines.get("model") ?? params.line;
    const annotation = annotationFor(directives, entry.line);
    sites.push({
      key: siteKey(file.path, symbol, deployment.api, ordinal),
      location: { path: file.path, line, column: 1, endLine: line, endColumn: 1 },
      language: "yaml",
      sdk: "litellm",
      api: deployment.api,
      symbol,
      ordinal,
      model: deployment.model,
      maxTokens: deployment.maxTokens,
      cachePoints: { count: 0, locations: [], ttl: "5m" },
      systemPrompt: null,
      serviceTier: { tier: "standard", source: "sdk-default" },
      embedding: deployment.embedding,
      notes: [PROXY_NOTE, ...deployment.notes],
      ...(annotation ? { annotation } : {}),
    });
  }
  return { sites, problems };
}

/** A YAML node's fields as the shared request reading asks for them. */
function rawReader(root: RawNode): BodyReader {
  return (...path) => {
    let node: RawNode | undefined = root;
    for (const key of path) node = node?.kind === "map" ? node.entries.get(key) : undefined;
    if (node === undefined || (node.kind === "scalar" && node.value === null)) return { kind: "absent" };
    if (node.kind === "map") return { kind: "object" };
    if (node.kind === "seq") return { kind: "list", length: node.items.length };
    const { value } = node;
    if (typeof value === "number") return { kind: "number", value, source: "literal" };
    if (typeof value === "string") return { kind: "string", value };
    return { kind: "unknown", origin: `a ${typeof value} where a value belongs` };
  };
}
