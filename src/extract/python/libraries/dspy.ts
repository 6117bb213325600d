import type { MaxTokens, ResolvedModel } from "../../../model/call-site.js";
import { NO_CACHE, STANDARD_TIER, maxTokensFrom, modelFrom } from "../request-fields.js";
import { type CallContext, type Recognition, type Recogniser, argument, site } from "../site-facts.js";

/** DSPy before 2.5: `dspy.AWSAnthropic(dspy.Bedrock(…), model, max_new_tokens=…)` and its Mistral and Meta siblings (dsp/modules/aws_models.py). */
const MODEL_CLASS = /^(?:dspy|dsp(?:\.modules(?:\.aws_models)?)?)\.AWS(?:Anthropic|Mistral|Meta)$/;
const BEDROCK_PROVIDER = /^(?:dspy|dsp(?:\.modules(?:\.aws_providers)?)?)\.Bedrock$/;
/** AWSModel's max_new_tokens default (dsp/modules/aws_models.py). */
const DEFAULT_MAX_TOKENS: MaxTokens = { kind: "static", value: 1500, source: "sdk-default" };
const NOTE = "DSPy AWS model object: invoked where it is used; usage counted at its construction";

/** dspy.LM takes a LiteLLM model string: see litellm.ts. The legacy AWS classes are Bedrock when their provider is `dspy.Bedrock` (not Sagemaker). */
export const dspyLegacy: Recogniser = { names: ["AWSAnthropic", "AWSMistral", "AWSMeta"], recognise };

function recognise({ callee, args }: CallContext): Recognition | null {
  if (callee.kind !== "ref" || !MODEL_CLASS.test(callee.path)) return null;
  const provider = argument(args, "aws_provider", 0);
  if (provider.state !== "present" || provider.value.kind !== "object" || !BEDROCK_PROVIDER.test(provider.value.type)) return null;
  const written = argument(args, "max_new_tokens");
  const model: ResolvedModel = modelFrom(argument(args, "model", 1), { id: null, source: "dynamic", origin: "no model given" });
  return site({
    sdk: "dspy",
    api: "invoke_model",
    model,
    maxTokens: written.state === "absent" ? DEFAULT_MAX_TOKENS : maxTokensFrom(written),
    cachePoints: NO_CACHE,
    systemPrompt: null,
    serviceTier: STANDARD_TIER,
    embedding: false,
    notes: [NOTE],
  });
}
