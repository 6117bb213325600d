import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_SCHEMA_ID, configJsonSchema } from "../../../src/config/json-schema.js";

const SCHEMA_FILE = new URL("../../../src/config/bedrock-cost.schema.json", import.meta.url);
const REGENERATE = "UPDATE_SCHEMA=1 npx vitest run test/unit/config/json-schema.test.ts";

/** The committed file must equal the generated schema; UPDATE_SCHEMA=1 rewrites it instead of failing. */
function committedSchemaText(): string {
  const generated = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
  if (process.env.UPDATE_SCHEMA === "1") writeFileSync(SCHEMA_FILE, generated);
  return generated;
}

describe("published JSON Schema", () => {
  it("matches the zod schema (regenerate with the command in the failure message)", () => {
    const generated = committedSchemaText();
    const committed = readFileSync(SCHEMA_FILE, "utf8");
    expect(committed, `src/config/bedrock-cost.schema.json is stale; run: ${REGENERATE}`).toBe(generated);
  });

  it("is a draft 2020-12 schema with the published $id, a title and closed sections", () => {
    const schema = configJsonSchema() as {
      $schema: string;
      $id: string;
      title: string;
      additionalProperties: boolean;
      properties: Record<string, { additionalProperties?: unknown; description?: string }>;
    };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    // Published as the file itself on the default branch: the URL resolves to what is committed here.
    expect(schema.$id).toBe("https://raw.githubusercontent.com/bedrock-cost-review/bedrock-cost-review/main/src/config/bedrock-cost.schema.json");
    expect(schema.$id.endsWith(`/main/${SCHEMA_FILE.pathname.split("/").slice(-3).join("/")}`)).toBe(true);
    expect(CONFIG_SCHEMA_ID).toBe(schema.$id);
    expect(schema.title).toBe("bedrock-cost-review configuration (.github/bedrock-cost.yml)");
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(["$schema", "_extends", "usage", "pricing", "agents", "policy", "rules", "paths", "comment"]);
    expect(schema.properties.usage!.additionalProperties).toBe(false);
  });

  it("leaves rule options open, since rules register them at run time", () => {
    const schema = configJsonSchema() as { description: string; properties: { rules: unknown } };
    expect(schema.properties.rules).toMatchObject({
      type: "object",
      additionalProperties: {
        anyOf: [
          { type: "string", enum: ["error", "warning", "notice", "off"] },
          { type: "object", additionalProperties: {} },
        ],
      },
    });
    expect(schema.description).toContain("Rule options are open here");
  });

  it("restates the refinements: not both request rates; a site entry needs a matcher and a usage key", () => {
    const schema = configJsonSchema() as {
      properties: { usage: { properties: { defaults: unknown; sites: { items: unknown } } } };
    };
    const notBoth = { not: { required: ["requests_per_day", "requests_per_month"] } };
    expect(schema.properties.usage.properties.defaults).toMatchObject(notBoth);
    expect(schema.properties.usage.properties.sites.items).toMatchObject({
      allOf: [
        { anyOf: [{ required: ["path"] }, { required: ["symbol"] }, { required: ["model"] }] },
        {
          anyOf: [
            { required: ["requests_per_day"] },
            { required: ["requests_per_month"] },
            { required: ["input_tokens"] },
            { required: ["output_tokens"] },
            { required: ["cache_hit_rate"] },
            { required: ["calls_per_request"] },
            { required: ["thinking_tokens"] },
            { required: ["images_per_call"] },
            { required: ["video_seconds_per_call"] },
            { required: ["queries_per_call"] },
          ],
        },
        notBoth,
      ],
    });
  });
});
