import type { Api, ResolvedModel } from "../model/call-site.js";

/**
 * LiteLLM's Bedrock routes: `bedrock/<id>`, or `bedrock/<route>/<id>` where the route picks the API
 * (`converse`, `invoke`) or an imported model's body format (docs.litellm.ai/docs/providers/bedrock).
 */
const ROUTE = /^bedrock\/(?:(converse|invoke|llama|deepseek_r1|qwen2|qwen3|openai|moonshot|twelvelabs|nova|nova-2|cohere|mistral)\/)?(.+)$/;

/**
 * The Bedrock model id in a framework's model string (`bedrock/converse/us.anthropic.…` for LiteLLM,
 * `bedrock:us.anthropic.…` for PydanticAI), with the API its route takes; null when the string names
 * another provider or cannot be read.
 */
export function bedrockModel(model: ResolvedModel, prefix: "bedrock/" | "bedrock:"): { model: ResolvedModel; api: Api } | null {
  if (model.id === null || !model.id.startsWith(prefix)) return null;
  if (prefix === "bedrock:") return { model: { ...model, id: model.id.slice(prefix.length) }, api: "converse" };
  const [, route, id] = ROUTE.exec(model.id) ?? [];
  if (!id) return null;
  return { model: { ...model, id }, api: route === "invoke" ? "invoke_model" : "converse" };
}
