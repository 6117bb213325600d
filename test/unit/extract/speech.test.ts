import { describe, expect, it } from "vitest";
import { extract, lines } from "./python/extract-helper.js";
import { sitesOf as typescriptSites } from "./typescript/extract-helper.js";
import { scanFiles } from "../../helpers/analyze.js";

const PYTHON_SESSION = lines(
  "from aws_sdk_bedrock_runtime.client import BedrockRuntimeClient, InvokeModelWithBidirectionalStreamOperationInput",
  "from aws_sdk_bedrock_runtime.config import Config",
  "",
  "class Session:",
  '    def __init__(self, model_id="amazon.nova-sonic-v1:0"):',
  "        self.model_id = model_id",
  '        self.client = BedrockRuntimeClient(config=Config(endpoint_uri="https://bedrock-runtime.us-east-1.amazonaws.com"))',
  "",
  "    async def start(self):",
  "        request = InvokeModelWithBidirectionalStreamOperationInput(model_id=self.model_id)",
  "        self.stream = await self.client.invoke_model_with_bidirectional_stream(request)",
);

/** Nova Sonic speech sessions (issue #10): InvokeModelWithBidirectionalStream, found in both languages. */
describe("speech-to-speech sessions", () => {
  it("Python (aws_sdk_bedrock_runtime): the request built on the line before and passed positionally; the model a constructor default", () => {
    const sites = extract(PYTHON_SESSION).sites;
    expect(sites).toMatchObject([{ location: { line: 11 }, sdk: "aws-sdk-python", api: "bidirectional_stream", model: { id: "amazon.nova-sonic-v1:0" }, maxTokens: { kind: "absent" } }]);
  });

  it("Python: a request built elsewhere leaves the model dynamic, not a guess", () => {
    const [site] = extract(lines("from aws_sdk_bedrock_runtime.client import BedrockRuntimeClient", "async def go(client, request):", "    return await client.invoke_model_with_bidirectional_stream(request)")).sites;
    expect(site).toMatchObject({ api: "bidirectional_stream", model: { id: null, source: "dynamic" } });
  });

  it("Strands BidiNovaSonicModel and Pipecat AWSNovaSonicLLMService open a session: their model_id / model; unset, the version's default is not guessed", () => {
    const sites = extract(lines(
      "from strands.experimental.bidi.models import BidiNovaSonicModel",
      "from pipecat.services.aws.nova_sonic.llm import AWSNovaSonicLLMService",
      'a = BidiNovaSonicModel(model_id="amazon.nova-2-sonic-v1:0", provider_config={"audio": {"voice": "tiffany"}})',
      'b = AWSNovaSonicLLMService(secret_access_key="s", access_key_id="k", region="us-east-1")',
    )).sites;
    expect(sites.map((s) => [s.location.line, s.sdk, s.api, s.model.id])).toEqual([[3, "strands", "bidirectional_stream", "amazon.nova-2-sonic-v1:0"], [4, "pipecat", "bidirectional_stream", null]]);
    expect(sites[1]!.model.origin).toBe("no model given: the default (Nova Sonic or Nova 2 Sonic) depends on the installed pipecat version");
  });

  it("JavaScript: InvokeModelWithBidirectionalStreamCommand on its modelId", () => {
    const sites = typescriptSites(`import { BedrockRuntimeClient, InvokeModelWithBidirectionalStreamCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({ region: "us-east-1" });
export async function talk(events: AsyncIterable<{ chunk: { bytes: Uint8Array } }>) {
  return client.send(new InvokeModelWithBidirectionalStreamCommand({ modelId: "amazon.nova-2-sonic-v1:0", body: events }));
}`);
    expect(sites).toMatchObject([{ location: { line: 4 }, sdk: "aws-sdk-js-v3", api: "bidirectional_stream", model: { id: "amazon.nova-2-sonic-v1:0" } }]);
  });

  it("priced on speech tokens only when the user states them: AWS publishes no tokens per minute", async () => {
    const unstated = await scanFiles({ "app/voice.py": PYTHON_SESSION });
    expect(unstated.sites[0]!.head!.unpriced).toBe("Amazon Nova Sonic bills speech tokens and AWS publishes no speech tokens per minute: set input_tokens and output_tokens to a session's speech tokens (usage in .github/bedrock-cost.yml or a bedrock-cost: comment)");
    const stated = await scanFiles({ "app/voice.py": PYTHON_SESSION.replace("        self.stream =", "        # bedrock-cost: requests_per_day=300 input_tokens=20000 output_tokens=15000\n        self.stream =") });
    const session = stated.sites[0]!.head!;
    // 300 sessions a day: 20,000 speech tokens in at $3.40/1M and 15,000 out at $13.60/1M.
    const perMonth = (300 * 730) / 24;
    expect(session.monthlyCost).toBe(Math.round(perMonth * (20000 * 3.4 + 15000 * 13.6) / 1e6 * 100) / 100);
    expect(session.monthlyCost).toBe(2482); // 9,125 sessions × ($0.068 + $0.204)
    expect(session.costNotes[0]).toBe("Amazon Nova Sonic: input and output are speech tokens; its text tokens (system prompt, transcripts) are not counted");
  });
});
