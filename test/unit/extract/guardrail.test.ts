import { describe, expect, it } from "vitest";
import type { CallSite } from "../../../src/model/call-site.js";
import { extract, lines } from "./python/extract-helper.js";
import { sitesOf as typescriptSites } from "./typescript/extract-helper.js";

const pythonSites = (code: string): CallSite[] => extract(code).sites;
const row = (site: CallSite) => ({ line: site.location.line, api: site.api, sdk: site.sdk, model: site.model.id, guardrail: site.guardrail });

/** Guardrails a call applies or checks text with (issue #10): found, not found, dynamic; the line and what is read. */
describe("guardrails at call sites", () => {
  it.each([
    {
      name: "Converse guardrailConfig with a literal id: it checks the prompt and the answer",
      python: lines("import boto3", 'rt = boto3.client("bedrock-runtime")', 'rt.converse(modelId="amazon.nova-lite-v1:0", messages=[], guardrailConfig={"guardrailIdentifier": "gr-1a2b3c", "guardrailVersion": "1"})'),
      typescript: `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const rt = new BedrockRuntimeClient({});
export const go = () => rt.send(new ConverseCommand({ modelId: "amazon.nova-lite-v1:0", messages: [], guardrailConfig: { guardrailIdentifier: "gr-1a2b3c", guardrailVersion: "1" } }));`,
      expected: { line: 3, api: "converse", model: "amazon.nova-lite-v1:0", guardrail: { id: "gr-1a2b3c", checks: ["input", "output"] } },
    },
    {
      name: "InvokeModel guardrailIdentifier from an environment variable: dynamic, with where it comes from",
      python: lines("import boto3, json, os", 'rt = boto3.client("bedrock-runtime")', 'rt.invoke_model(modelId="amazon.nova-lite-v1:0", body=json.dumps({"messages": []}), guardrailIdentifier=os.environ["GUARDRAIL_ID"], guardrailVersion="1")'),
      typescript: `import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
const rt = new BedrockRuntimeClient({});
export const go = () => rt.send(new InvokeModelCommand({ modelId: "amazon.nova-lite-v1:0", body: JSON.stringify({ messages: [] }), guardrailIdentifier: process.env.GUARDRAIL_ID, guardrailVersion: "1" }));`,
      expected: { line: 3, api: "invoke_model", guardrail: { id: null, origin: expect.stringContaining("GUARDRAIL_ID"), checks: ["input", "output"] } },
    },
    {
      name: "ApplyGuardrail on OUTPUT: a site of its own, no model, the answer checked",
      python: lines("import boto3", 'rt = boto3.client("bedrock-runtime")', 'rt.apply_guardrail(guardrailIdentifier="gr-1a2b3c", guardrailVersion="DRAFT", source="OUTPUT", content=[{"text": {"text": "x"}}])'),
      typescript: `import { BedrockRuntimeClient, ApplyGuardrailCommand } from "@aws-sdk/client-bedrock-runtime";
const rt = new BedrockRuntimeClient({});
export const go = () => rt.send(new ApplyGuardrailCommand({ guardrailIdentifier: "gr-1a2b3c", guardrailVersion: "DRAFT", source: "OUTPUT", content: [{ text: { text: "x" } }] }));`,
      expected: { line: 3, api: "apply_guardrail", model: null, guardrail: { id: "gr-1a2b3c", checks: ["output"] } },
    },
    {
      name: "ApplyGuardrail with a source only known at run time counts as a prompt check",
      python: lines("import boto3", 'rt = boto3.client("bedrock-runtime")', "def check(text, where):", '    return rt.apply_guardrail(guardrailIdentifier="gr-1", guardrailVersion="1", source=where, content=[])'),
      typescript: `import { BedrockRuntime } from "@aws-sdk/client-bedrock-runtime";
export const check = (where: "INPUT" | "OUTPUT") =>
  new BedrockRuntime({}).applyGuardrail({ guardrailIdentifier: "gr-1", guardrailVersion: "1", source: where, content: [] });`,
      expected: { line: 4, api: "apply_guardrail", guardrail: { id: "gr-1", checks: ["input"] } },
    },
  ])("$name", ({ python, typescript, expected }) => {
    expect(pythonSites(python).map(row)).toMatchObject([expected]);
    const ts = typescriptSites(typescript).map(row);
    expect(ts).toMatchObject([{ ...expected, line: typescript.split("\n").length }]);
  });

  it("no guardrail written: no guardrail fact (nor from a guardrailVersion alone)", () => {
    const [site] = pythonSites(lines("import boto3", 'rt = boto3.client("bedrock-runtime")', 'rt.converse(modelId="amazon.nova-lite-v1:0", messages=[], guardrailConfig={"guardrailVersion": "1"})'));
    expect(site!.guardrail).toBeUndefined();
    expect(pythonSites(lines("import boto3", 'rt = boto3.client("bedrock-runtime")', 'rt.converse(modelId="amazon.nova-lite-v1:0", messages=[])'))[0]!.guardrail).toBeUndefined();
  });

  it("an empty fallback identifier is not an id: set at run time", () => {
    const [site] = pythonSites(lines("import boto3, os", 'rt = boto3.client("bedrock-runtime")', 'rt.converse(modelId="amazon.nova-lite-v1:0", messages=[], guardrailConfig={"guardrailIdentifier": os.environ.get("GUARDRAIL_ID", "")})'));
    expect(site!.guardrail).toEqual({ id: null, origin: "an empty identifier, set at run time", checks: ["input", "output"] });
  });

  it("a guardrail config built elsewhere is dynamic, not absent", () => {
    const [site] = pythonSites(lines("import boto3", 'rt = boto3.client("bedrock-runtime")', "def ask(cfg):", '    return rt.converse(modelId="amazon.nova-lite-v1:0", messages=[], guardrailConfig=cfg)'));
    expect(site!.guardrail).toMatchObject({ id: null, origin: expect.stringContaining("cfg"), checks: ["input", "output"] });
  });

  it("LangChain: ChatBedrockConverse guardrail_config and ChatBedrock guardrails (Python), ChatBedrockConverse guardrailConfig (JS)", () => {
    const sites = pythonSites(lines(
      "from langchain_aws import ChatBedrock, ChatBedrockConverse",
      'a = ChatBedrockConverse(model="amazon.nova-lite-v1:0", guardrail_config={"guardrailIdentifier": "gr-a", "guardrailVersion": "1"})',
      'b = ChatBedrock(model_id="amazon.nova-lite-v1:0", guardrails={"guardrailIdentifier": "gr-b", "guardrailVersion": "1", "trace": True})',
      'c = ChatBedrock(model_id="amazon.nova-lite-v1:0")',
    ));
    expect(sites.map((s) => [s.location.line, s.guardrail?.id])).toEqual([[2, "gr-a"], [3, "gr-b"], [4, undefined]]);
    const [js] = typescriptSites(`import { ChatBedrockConverse } from "@langchain/aws";
export const llm = new ChatBedrockConverse({ model: "amazon.nova-lite-v1:0", guardrailConfig: { guardrailIdentifier: "gr-js", guardrailVersion: "1" } });`);
    expect(js!.guardrail).toEqual({ id: "gr-js", checks: ["input", "output"] });
  });
});
