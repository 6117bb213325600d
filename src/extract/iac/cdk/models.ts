/**
 * `BedrockFoundationModel.X` static members of `@aws-cdk/aws-bedrock-alpha` (also re-exported by
 * `@cdklabs/generative-ai-cdk-constructs`) and the model ids they stand for, copied from
 * aws/aws-cdk:packages/@aws-cdk/aws-bedrock-alpha/bedrock/models.ts (commit f5d121d). A member not
 * listed here is reported as dynamic, never guessed.
 */
export const FOUNDATION_MODEL_MEMBERS: Readonly<Record<string, string>> = {
  AI21_JAMBA_1_5_LARGE_V1: "ai21.jamba-1-5-large-v1:0",
  AI21_JAMBA_1_5_MINI_V1: "ai21.jamba-1-5-mini-v1:0",
  AI21_JAMBA_INSTRUCT_V1: "ai21.jamba-instruct-v1:0",
  AMAZON_TITAN_TEXT_EXPRESS_V1: "amazon.titan-text-express-v1",
  AMAZON_TITAN_PREMIER_V1_0: "amazon.titan-text-premier-v1:0",
  AMAZON_NOVA_MICRO_V1: "amazon.nova-micro-v1:0",
  AMAZON_NOVA_LITE_V1: "amazon.nova-lite-v1:0",
  AMAZON_NOVA_PRO_V1: "amazon.nova-pro-v1:0",
  AMAZON_NOVA_PREMIER_V1: "amazon.nova-premier-v1:0",
  TITAN_EMBED_TEXT_V1: "amazon.titan-embed-text-v1",
  TITAN_EMBED_TEXT_V2_1024: "amazon.titan-embed-text-v2:0",
  TITAN_EMBED_TEXT_V2_512: "amazon.titan-embed-text-v2:0",
  TITAN_EMBED_TEXT_V2_256: "amazon.titan-embed-text-v2:0",
  ANTHROPIC_CLAUDE_3_7_SONNET_V1_0: "anthropic.claude-3-7-sonnet-20250219-v1:0",
  ANTHROPIC_CLAUDE_3_5_SONNET_V2_0: "anthropic.claude-3-5-sonnet-20241022-v2:0",
  ANTHROPIC_CLAUDE_3_5_SONNET_V1_0: "anthropic.claude-3-5-sonnet-20240620-v1:0",
  ANTHROPIC_CLAUDE_3_5_HAIKU_V1_0: "anthropic.claude-3-5-haiku-20241022-v1:0",
  ANTHROPIC_CLAUDE_OPUS_V1_0: "anthropic.claude-3-opus-20240229-v1:0",
  ANTHROPIC_CLAUDE_SONNET_V1_0: "anthropic.claude-3-sonnet-20240229-v1:0",
  ANTHROPIC_CLAUDE_HAIKU_V1_0: "anthropic.claude-3-haiku-20240307-v1:0",
  ANTHROPIC_CLAUDE_V2_1: "anthropic.claude-v2:1",
  ANTHROPIC_CLAUDE_V2: "anthropic.claude-v2",
  ANTHROPIC_CLAUDE_INSTANT_V1_2: "anthropic.claude-instant-v1",
  // Later than commit f5d121d; the member name is used in public CDK code and the id is the Sonnet 4.5 id of bedrock-pricing.md §1a.
  ANTHROPIC_CLAUDE_SONNET_4_5_V1_0: "anthropic.claude-sonnet-4-5-20250929-v1:0",
  COHERE_EMBED_ENGLISH_V3: "cohere.embed-english-v3",
  COHERE_EMBED_MULTILINGUAL_V3: "cohere.embed-multilingual-v3",
  DEEPSEEK_R1_V1: "deepseek.r1-v1:0",
  META_LLAMA_3_1_8B_INSTRUCT_V1: "meta.llama3-1-8b-instruct-v1:0",
  META_LLAMA_3_1_70B_INSTRUCT_V1: "meta.llama3-1-70b-instruct-v1:0",
  META_LLAMA_3_2_11B_INSTRUCT_V1: "meta.llama3-2-11b-instruct-v1:0",
  META_LLAMA_3_2_3B_INSTRUCT_V1: "meta.llama3-2-3b-instruct-v1:0",
  META_LLAMA_3_2_1B_INSTRUCT_V1: "meta.llama3-2-1b-instruct-v1:0",
  META_LLAMA_3_3_70B_INSTRUCT_V1: "meta.llama3-3-70b-instruct-v1:0",
  META_LLAMA_4_MAVERICK_17B_INSTRUCT_V1: "meta.llama4-maverick-17b-instruct-v1:0",
  META_LLAMA_4_SCOUT_17B_INSTRUCT_V1: "meta.llama4-scout-17b-instruct-v1:0",
  MISTRAL_7B_INSTRUCT_V0: "mistral.mistral-7b-instruct-v0:2",
  MISTRAL_MIXTRAL_8X7B_INSTRUCT_V0: "mistral.mixtral-8x7b-instruct-v0:1",
  MISTRAL_SMALL_2402_V1: "mistral.mistral-small-2402-v1:0",
  MISTRAL_LARGE_2402_V1: "mistral.mistral-large-2402-v1:0",
  MISTRAL_LARGE_2407_V1: "mistral.mistral-large-2407-v1:0",
  MISTRAL_PIXTRAL_LARGE_2502_V1: "mistral.pixtral-large-2502-v1:0",
};

/** `CrossRegionInferenceProfileRegion.X` -> the profile id prefix (bedrock-api.md §1.2). */
export const PROFILE_REGION_PREFIXES: Readonly<Record<string, string>> = {
  US: "us",
  EU: "eu",
  APAC: "apac",
  JP: "jp",
  AU: "au",
  US_GOV: "us-gov",
  GLOBAL: "global",
};
