/** Real-looking Bedrock call sites planted in benchmark corpora, one per SDK the extractors know. */

/** Plain JavaScript, so they fit .js and .ts files alike. */
export const TYPESCRIPT_SNIPPETS = [
  `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const bedrockClient = new BedrockRuntimeClient({ region: "us-east-1" });
export async function askBedrock(question) {
  return bedrockClient.send(new ConverseCommand({
    modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    messages: [{ role: "user", content: [{ text: question }] }],
    inferenceConfig: { maxTokens: 800 },
  }));
}
`,
  `import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
const runtime = new BedrockRuntimeClient({});
export async function summarise(text) {
  return runtime.send(new InvokeModelCommand({
    modelId: process.env.SUMMARY_MODEL ?? "anthropic.claude-3-5-haiku-20241022-v1:0",
    body: JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 512, messages: [{ role: "user", content: text }] }),
  }));
}
`,
  `import { bedrock } from "@ai-sdk/amazon-bedrock";
import { generateText } from "ai";
export async function draftReply(prompt) {
  return generateText({ model: bedrock("global.anthropic.claude-haiku-4-5-20251001-v1:0"), prompt, maxOutputTokens: 600 });
}
`,
  `import { ChatBedrockConverse } from "@langchain/aws";
export const chatModel = new ChatBedrockConverse({ model: "amazon.nova-pro-v1:0", maxTokens: 1024 });
`,
  `import AnthropicBedrock from "@anthropic-ai/bedrock-sdk";
const anthropic = new AnthropicBedrock({ awsRegion: "us-west-2" });
export async function classify(ticket) {
  return anthropic.messages.create({ model: "global.anthropic.claude-sonnet-4-6", max_tokens: 256, messages: [{ role: "user", content: ticket }] });
}
`,
];

/** Python, one per library. */
export const PYTHON_SNIPPETS = [
  `import boto3 as _bedrock_boto3

_bedrock_runtime = _bedrock_boto3.client("bedrock-runtime", region_name="us-east-1")


def ask_bedrock(question):
    return _bedrock_runtime.converse(
        modelId="us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        messages=[{"role": "user", "content": [{"text": question}]}],
        inferenceConfig={"maxTokens": 800},
    )
`,
  `import json as _bedrock_json
import os as _bedrock_os
import boto3 as _bedrock_boto3


def summarise_with_bedrock(text):
    body = {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 512, "messages": [{"role": "user", "content": text}]}
    return _bedrock_boto3.client("bedrock-runtime").invoke_model(
        modelId=_bedrock_os.environ.get("SUMMARY_MODEL", "anthropic.claude-3-5-haiku-20241022-v1:0"),
        body=_bedrock_json.dumps(body),
    )
`,
  `from anthropic import AnthropicBedrock as _AnthropicBedrock

_anthropic = _AnthropicBedrock(aws_region="us-west-2")


def classify_ticket(ticket):
    return _anthropic.messages.create(model="global.anthropic.claude-haiku-4-5-20251001-v1:0", max_tokens=256,
                                      messages=[{"role": "user", "content": ticket}])
`,
  `from langchain_aws import ChatBedrockConverse as _ChatBedrockConverse

chat_model = _ChatBedrockConverse(model="amazon.nova-pro-v1:0", max_tokens=1024)
`,
  `from strands import Agent as _Agent

triage_agent = _Agent(model="us.anthropic.claude-sonnet-4-5-20250929-v1:0", system_prompt="Triage the ticket.")
`,
];
