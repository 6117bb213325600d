import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { estimateResource, isPricedResource, type ResourcePricingContext } from "../../../../src/cost/resources.js";
import { loadIacExtractor, type IacExtractor } from "../../../../src/extract/iac/index.js";
import type { ExtractInput } from "../../../../src/extract/types.js";

const PR = join(import.meta.dirname, "../../../../fixtures/prs/provisioned-throughput");

function side(name: "base" | "head"): ExtractInput[] {
  const root = join(PR, name, "infra");
  return readdirSync(root)
    .sort()
    .map((file) => ({ path: relative(join(PR, name), join(root, file)), text: readFileSync(join(root, file), "utf8") }));
}

let iac: IacExtractor;
beforeAll(async () => {
  iac = await loadIacExtractor();
});

describe("fixture PR: provisioned throughput, a knowledge base and an agent added in Terraform", () => {
  test("base: no cost-bearing resource, one model env binding", () => {
    const base = iac.extract(side("base"));
    expect(base.resources).toEqual([]);
    expect(base.envBindings.map((b) => [b.env, b.model.id, `${b.location.path}:${b.location.line}`])).toEqual([
      ["BEDROCK_MODEL_ID", "global.anthropic.claude-haiku-4-5-20251001-v1:0", "infra/main.tf:19"],
    ]);
  });

  test("head: the three additions, priced with the head config's rate", () => {
    const head = iac.extract(side("head"));
    expect(head.problems).toEqual([]);
    const config = parse(readFileSync(join(PR, "head/.github/bedrock-cost.yml"), "utf8")) as { pricing: ResourcePricingContext["pricing"] };
    const ctx: ResourcePricingContext = { pricing: config.pricing, collections: new Map(head.resources.map((r) => [r.key, r])) };
    const rows = head.resources.map((r) => {
      const estimate = isPricedResource(r) ? estimateResource(r, ctx) : undefined;
      return [
        `${r.location.path}:${r.location.line}`,
        r.kind,
        r.model?.id ?? null,
        estimate?.priced ? estimate.monthlyCost : estimate ? "unpriced" : "not priced here",
        estimate?.priced ? estimate.commitmentTotal : null,
      ];
    });
    expect(rows).toEqual([
      // 12.0 $/MU-hour × 2 MU × 730 h = 17,520 a month; × 4,380 h = 105,120 owed over the 6 months.
      ["infra/bedrock.tf:2", "provisioned_throughput", "anthropic.claude-3-haiku-20240307-v1:0", 17_520, 105_120],
      ["infra/bedrock.tf:9", "vector_store", null, "not priced here", null],
      // standby_replicas left at ENABLED: 2 OCU × $0.24 × 730 h = $350.40 a month.
      ["infra/bedrock.tf:14", "knowledge_base", "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0", 350.4, null],
      ["infra/bedrock.tf:39", "agent", "global.anthropic.claude-haiku-4-5-20251001-v1:0", "not priced here", null],
    ]);
  });
});
