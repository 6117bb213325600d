import type { Api, MaxTokens, ResolvedModel } from "../model/call-site.js";
import { isEmbeddingModelId } from "./embedding.js";
import type { BodyField, BodyReader } from "./body-field.js";

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

/** LiteLLM also routes a bare Bedrock id (no `bedrock/`) to Bedrock, by its model map. */
const BARE_BEDROCK_ID = /^(?:arn:aws(?:-[a-z]+)?:bedrock:|(?:(?:us|eu|apac|jp|au|ca|us-gov|global)\.)?(?:anthropic|amazon|meta|mistral|cohere|ai21|deepseek|openai|qwen|writer|twelvelabs|stability|luma|google|nvidia|moonshot|minimax|zai)\.[\w.-]+(?::\d+)?$)/;
/** `os.environ/NAME`: LiteLLM reads the value from the environment at start-up. */
const ENV_REFERENCE = /^os\.environ\/([A-Za-z_][A-Za-z0-9_]*)$/;

/** One `model_list` deployment routed to Bedrock, as a Router or a proxy config declares it. */
export interface LitellmDeployment {
  /** Its `model_name`: the alias requests are routed by ("" when not written). */
  alias: string;
  model: ResolvedModel;
  api: Api;
  maxTokens: MaxTokens;
  embedding: boolean;
  notes: string[];
}

/**
 * A `model_list` entry — `{model_name, litellm_params: {model, max_tokens}, model_info: {mode}}` —
 * read alike from a Python `Router(model_list=[…])` and a proxy `config.yaml`; null when it routes to
 * another provider or its model cannot be read (then it is as likely another provider's).
 */
export function litellmDeployment(field: BodyReader): LitellmDeployment | null {
  const written = field("litellm_params", "model");
  if (written.kind !== "string") return null;
  const routed = routedModel(written.value, { source: written.source ?? "literal", ...(written.env !== undefined ? { env: written.env } : {}) });
  if (!routed) return null;
  const name = field("model_name");
  const mode = field("model_info", "mode");
  const embedding = isEmbeddingModelId(routed.model.id) || (mode.kind === "string" && mode.value === "embedding");
  const cap = field("litellm_params", "max_tokens");
  const capField = cap.kind === "absent" ? field("litellm_params", "max_completion_tokens") : cap;
  return {
    alias: name.kind === "string" ? name.value : name.kind === "number" ? String(name.value) : "",
    model: routed.model,
    api: embedding ? "invoke_model" : routed.api,
    maxTokens: embedding ? { kind: "absent" } : capOf(capField),
    embedding,
    notes: routed.bare ? ["a bare Bedrock model id: LiteLLM routes it to Bedrock by its model map"] : [],
  };
}

function routedModel(text: string, provenance: Pick<ResolvedModel, "source" | "env">): { model: ResolvedModel; api: Api; bare: boolean } | null {
  const env = ENV_REFERENCE.exec(text)?.[1];
  if (env) return { model: { id: null, source: "dynamic", env, origin: `os.environ/${env} in the LiteLLM config` }, api: "converse", bare: false };
  const routed = bedrockModel({ id: text, ...provenance }, "bedrock/");
  if (routed) return { ...routed, bare: false };
  return BARE_BEDROCK_ID.test(text) ? { model: { id: text, ...provenance }, api: "converse", bare: true } : null;
}

function capOf(cap: BodyField): MaxTokens {
  if (cap.kind === "absent") return { kind: "absent" };
  if (cap.kind === "number") return { kind: "static", value: cap.value, source: cap.source, ...(cap.env !== undefined ? { env: cap.env } : {}) };
  const env = cap.kind === "string" ? ENV_REFERENCE.exec(cap.value)?.[1] : undefined;
  return { kind: "dynamic", origin: env ? `environment variable ${env}` : cap.kind === "unknown" ? cap.origin : "max_tokens is not a number" };
}
