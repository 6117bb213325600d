import { describe, expect, it } from "vitest";
import { parseModelRef, versionsAgree, type ModelRef } from "../../../src/cost/model-id.js";

type Expected = Pick<ModelRef, "kind" | "profile" | "geo" | "baseId"> & { region?: string; trainedFrom?: string };

const cases: Array<[string, Expected]> = [
  // bare ids, every version shape
  ["anthropic.claude-sonnet-4-6", { kind: "base", profile: "none", geo: null, baseId: "anthropic.claude-sonnet-4-6" }],
  ["anthropic.claude-sonnet-4-5-20250929-v1:0", { kind: "base", profile: "none", geo: null, baseId: "anthropic.claude-sonnet-4-5-20250929-v1:0" }],
  ["anthropic.claude-opus-4-6-v1", { kind: "base", profile: "none", geo: null, baseId: "anthropic.claude-opus-4-6-v1" }],
  ["openai.gpt-oss-120b-1:0", { kind: "base", profile: "none", geo: null, baseId: "openai.gpt-oss-120b-1:0" }],
  ["deepseek.v3.2", { kind: "base", profile: "none", geo: null, baseId: "deepseek.v3.2" }],
  ["mistral.mistral-7b-instruct-v0:2", { kind: "base", profile: "none", geo: null, baseId: "mistral.mistral-7b-instruct-v0:2" }],
  ["  amazon.nova-lite-v1:0  ", { kind: "base", profile: "none", geo: null, baseId: "amazon.nova-lite-v1:0" }],
  // system profiles, every prefix
  ["global.anthropic.claude-haiku-4-5-20251001-v1:0", { kind: "system-profile", profile: "global", geo: "global", baseId: "anthropic.claude-haiku-4-5-20251001-v1:0" }],
  ["us.anthropic.claude-sonnet-4-5-20250929-v1:0", { kind: "system-profile", profile: "geo", geo: "us", baseId: "anthropic.claude-sonnet-4-5-20250929-v1:0" }],
  ["eu.amazon.nova-pro-v1:0", { kind: "system-profile", profile: "geo", geo: "eu", baseId: "amazon.nova-pro-v1:0" }],
  ["apac.anthropic.claude-sonnet-4-6", { kind: "system-profile", profile: "geo", geo: "apac", baseId: "anthropic.claude-sonnet-4-6" }],
  ["jp.anthropic.claude-haiku-4-5-20251001-v1:0", { kind: "system-profile", profile: "geo", geo: "jp", baseId: "anthropic.claude-haiku-4-5-20251001-v1:0" }],
  ["au.anthropic.claude-sonnet-4-6", { kind: "system-profile", profile: "geo", geo: "au", baseId: "anthropic.claude-sonnet-4-6" }],
  ["us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0", { kind: "system-profile", profile: "geo", geo: "us-gov", baseId: "anthropic.claude-sonnet-4-5-20250929-v1:0" }],
  ["ca.amazon.nova-lite-v1:0", { kind: "system-profile", profile: "geo", geo: "ca", baseId: "amazon.nova-lite-v1:0" }],
  // ARNs naming the model
  ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", { kind: "foundation-model-arn", profile: "none", geo: null, baseId: "anthropic.claude-3-haiku-20240307-v1:0", region: "us-east-1" }],
  ["arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0", { kind: "foundation-model-arn", profile: "none", geo: null, baseId: "anthropic.claude-sonnet-4-5-20250929-v1:0" }],
  ["arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/amazon.nova-pro-v1:0", { kind: "foundation-model-arn", profile: "none", geo: null, baseId: "amazon.nova-pro-v1:0", region: "us-gov-west-1" }],
  ["arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-6", { kind: "inference-profile-arn", profile: "geo", geo: "eu", baseId: "anthropic.claude-sonnet-4-6", region: "eu-west-1" }],
  ["arn:aws:bedrock:us-west-2:123456789012:inference-profile/global.anthropic.claude-opus-4-6-v1", { kind: "inference-profile-arn", profile: "global", geo: "global", baseId: "anthropic.claude-opus-4-6-v1", region: "us-west-2" }],
  // ARNs that hide the model
  ["arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/fm16bt65tzgx", { kind: "application-inference-profile", profile: "application", geo: null, baseId: null, region: "us-east-1" }],
  ["arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdefghij12", { kind: "provisioned-model", profile: "provisioned", geo: null, baseId: null, region: "us-east-1" }],
  ["arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.nova-lite-v1:0:300k/abcdefghij12", { kind: "custom-model", profile: "provisioned", geo: null, baseId: null, region: "us-east-1", trainedFrom: "amazon.nova-lite-v1:0:300k" }],
  ["arn:aws:bedrock:us-east-1:123456789012:imported-model/abcdefghij12", { kind: "imported-model", profile: "provisioned", geo: null, baseId: null, region: "us-east-1" }],
  ["arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/abcdefghij12", { kind: "custom-model-deployment", profile: "application", geo: null, baseId: null, region: "us-east-1" }],
  ["arn:aws:bedrock:us-east-1:123456789012:prompt/PROMPT1234:2", { kind: "prompt", profile: "application", geo: null, baseId: null, region: "us-east-1" }],
  ["arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1", { kind: "prompt-router", profile: "application", geo: null, baseId: null, region: "us-east-1" }],
  // not Bedrock ids
  ["gpt-4o", { kind: "unknown", profile: "none", geo: null, baseId: null }],
  ["config.json", { kind: "unknown", profile: "none", geo: null, baseId: null }],
  ["ug.anthropic.claude-sonnet-4-5-20250929-v1:0", { kind: "unknown", profile: "none", geo: null, baseId: null }],
  ["Anthropic.Claude-Sonnet-4-6", { kind: "unknown", profile: "none", geo: null, baseId: null }],
  ["arn:aws:bedrock:us-east-1::foundation-model/us.anthropic.claude-sonnet-4-6", { kind: "unknown", profile: "none", geo: null, baseId: null }],
  ["arn:aws:s3:::my-bucket/anthropic.claude-sonnet-4-6", { kind: "unknown", profile: "none", geo: null, baseId: null }],
];

describe("parseModelRef", () => {
  it.each(cases)("%s", (input, expected) => {
    const ref = parseModelRef(input);
    expect({
      kind: ref.kind,
      profile: ref.profile,
      geo: ref.geo,
      baseId: ref.baseId,
      ...(ref.region ? { region: ref.region } : {}),
      ...(ref.trainedFrom ? { trainedFrom: ref.trainedFrom } : {}),
    }).toEqual(expected);
  });

  it("flags the unverified ca. prefix and nothing else", () => {
    expect(parseModelRef("ca.amazon.nova-lite-v1:0").warnings).toEqual([
      "`ca.` is not a confirmed cross-Region profile prefix; priced like the other geographic profiles",
    ]);
    expect(parseModelRef("us.amazon.nova-lite-v1:0").warnings).toEqual([]);
  });
});

describe("versionsAgree", () => {
  const table: Array<[string, string, boolean]> = [
    ["anthropic.claude-haiku-4-5", "anthropic.claude-haiku-4-5-20251001-v1:0", true],
    ["anthropic.claude-sonnet-4-5-20250929", "anthropic.claude-sonnet-4-5-20250929-v1:0", true],
    ["anthropic.claude-opus-4-6", "anthropic.claude-opus-4-6-v1", true],
    // The request may be the longer one: a version suffix on an id the catalog keeps without one.
    ["anthropic.claude-opus-4-6-v1:0", "anthropic.claude-opus-4-6-v1", true],
    ["anthropic.claude-sonnet-4-6-v1:0", "anthropic.claude-sonnet-4-6", true],
    ["anthropic.claude-sonnet-5-v1:0", "anthropic.claude-sonnet-5", true],
    ["anthropic.claude-haiku-4-5-v1:0", "anthropic.claude-haiku-4-5-20251001-v1:0", true],
    ["openai.gpt-oss-120b", "openai.gpt-oss-120b-1:0", true],
    ["amazon.titan-embed-text-v2", "amazon.titan-embed-text-v2:0", true],
    ["anthropic.claude-opus-4", "anthropic.claude-opus-4-20250514-v1:0", true],
    ["anthropic.claude-sonnet-4-6", "anthropic.claude-sonnet-4-6", true],
    // Versions that contradict name different models.
    ["amazon.titan-embed-text-v2:0", "amazon.titan-embed-text-v1", false],
    ["amazon.nova-reel-v1:0", "amazon.nova-reel-v1:1", false],
    ["anthropic.claude-sonnet-4-20250514-v1:0", "anthropic.claude-sonnet-4-20250101-v1:0", false],
    ["anthropic.claude-opus-4", "anthropic.claude-opus-4-7", false],
    ["anthropic.claude-opus-4", "anthropic.claude-opus-4-1-20250805-v1:0", false],
    ["anthropic.claude-sonnet", "anthropic.claude-sonnet-4-6", false],
    ["mistral.mistral-large-2402-v1:0", "mistral.mistral-large-2407-v1:0", false],
    // `-N:M` after a `-vK` name belongs to the name (Rerank v3.5), not to the version.
    ["cohere.rerank-v3-5", "cohere.rerank-v3-5:0", true],
    ["cohere.rerank-v3", "cohere.rerank-v3-5:0", false],
  ];
  it.each(table)("%s ~ %s: %s", (a, b, expected) => {
    expect(versionsAgree(a, b)).toBe(expected);
    expect(versionsAgree(b, a)).toBe(expected);
  });
});
