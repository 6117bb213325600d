import { describe, expect, it } from "vitest";
import { scanFiles } from "../../helpers/analyze.js";

const PER_MONTH = (1000 * 730) / 24;
const guardrail = (name: string, policies: string) => `resource "aws_bedrock_guardrail" "${name}" {
  name                      = "${name}"
  blocked_input_messaging   = "no"
  blocked_outputs_messaging = "no"
${policies}}
`;
const CONTENT = "  content_policy_config {\n    filters_config {\n      type            = \"HATE\"\n      input_strength  = \"HIGH\"\n      output_strength = \"HIGH\"\n    }\n  }\n";
const PII = "  sensitive_information_policy_config {\n    pii_entities_config {\n      type   = \"EMAIL\"\n      action = \"ANONYMIZE\"\n    }\n  }\n";
const WORDS = "  word_policy_config {\n    managed_word_lists_config {\n      type = \"PROFANITY\"\n    }\n  }\n";
const app = `import os, boto3
rt = boto3.client("bedrock-runtime")
GUARDRAIL = os.environ["GUARDRAIL_ID"]

def ask(q):
    return rt.converse(modelId="amazon.nova-lite-v1:0", messages=[], inferenceConfig={"maxTokens": 500}, guardrailConfig={"guardrailIdentifier": GUARDRAIL, "guardrailVersion": "1"})

def check(text):
    return rt.apply_guardrail(guardrailIdentifier=GUARDRAIL, guardrailVersion="1", source="INPUT", content=[{"text": {"text": text}}])
`;

/** Guardrails priced per text unit of the policies the repository's IaC declares (issue #10). */
describe("guardrails priced through the declaration in the IaC", () => {
  it("one guardrail declared: calls that apply it pay its paid policies per 1,000 text units; the resource says it is priced at its calls", async () => {
    const report = await scanFiles({ "app.py": app, "infra/guardrail.tf": guardrail("support", CONTENT + PII + WORDS) });
    const ask = report.sites.find((s) => s.key === "app.py#ask#converse#0")!.head!;
    // Built-in usage: 1,500 input tokens (6,000 characters: 6 units) + 400 output (1,600: 2 units) = 8 units a call,
    // at $0.15 + $0.10 (word filters free) per 1,000 units.
    expect(ask.components.find((c) => c.name === "guardrail")).toEqual({ name: "guardrail", unit: "1K text units", quantityPerMonth: (PER_MONTH * 8) / 1000, unitPrice: 0.25, monthlyCost: 60.83 });
    expect(ask.guardrail).toEqual({ id: null, origin: expect.stringContaining("GUARDRAIL_ID"), checks: ["input", "output"], declared: { name: "support", path: "infra/guardrail.tf", line: 1 } });
    expect(ask.costNotes).toContain("guardrail `support` (infra/guardrail.tf:1): content filters $0.15 per 1,000 text units, sensitive information (PII) filters $0.10 per 1,000 text units, word and regex filters free, on the prompt and answer; 8 text units per call (~4 characters per token, 1,000 characters per unit)");
    const check = report.sites.find((s) => s.key === "app.py#check#apply_guardrail#0")!.head!;
    // The prompt only: 6 units a call.
    expect(check.monthlyCost).toBe(Math.round(((PER_MONTH * 6) / 1000) * 0.25 * 100) / 100);
    expect(check.components).toHaveLength(1);
    const resource = report.resources.find((r) => r.key.includes("aws_bedrock_guardrail"))!.head!;
    expect([resource.monthlyCost, resource.pricedThrough]).toEqual([0, "at its calls"]);
    expect(report.unpriced.some((u) => u.path === "infra/guardrail.tf")).toBe(false);
  });

  it("no guardrail declared: ApplyGuardrail cannot be priced and says why; a model call is priced without it, and says so", async () => {
    const report = await scanFiles({ "app.py": app });
    const check = report.sites.find((s) => s.key === "app.py#check#apply_guardrail#0")!.head!;
    expect(check.monthlyCost).toBeNull();
    expect(check.unpriced).toMatch(/^guardrail \(identifier .*GUARDRAIL_ID.*\): its policies are not known \(the repository's IaC declares no guardrail\); declare it in this repository's IaC to price it$/);
    const ask = report.sites.find((s) => s.key === "app.py#ask#converse#0")!.head!;
    expect(ask.components.map((c) => c.name)).toEqual(["input", "output"]);
    expect(ask.costNotes).toContainEqual(expect.stringMatching(/^not in this figure: guardrail .*its policies are not known/));
  });

  it("two guardrails declared: the identifier does not say which, so neither is assumed", async () => {
    const report = await scanFiles({ "app.py": app, "infra/guardrail.tf": guardrail("support", CONTENT) + guardrail("billing", PII) });
    const check = report.sites.find((s) => s.key === "app.py#check#apply_guardrail#0")!.head!;
    expect(check.unpriced).toMatch(/the repository declares 2 guardrails \(support, billing\) and the identifier does not say which/);
    const resources = report.resources.map((r) => r.head!.unpriced);
    expect(resources).toEqual([expect.stringMatching(/^depends on usage/), expect.stringMatching(/^depends on usage/)]);
  });

  it("a guardrail with only free policies costs its calls nothing, said", async () => {
    const report = await scanFiles({ "app.py": app, "infra/guardrail.tf": guardrail("support", WORDS) });
    const check = report.sites.find((s) => s.key === "app.py#check#apply_guardrail#0")!.head!;
    expect(check.monthlyCost).toBe(0);
    expect(check.costNotes[0]).toMatch(/word and regex filters free/);
  });
});
