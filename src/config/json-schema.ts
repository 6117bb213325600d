import { z } from "zod";
import { RepoConfigSchema } from "./schema.js";

/** Where the schema is published: the file in the repository's default branch, so the URL is stable. */
export const CONFIG_SCHEMA_ID = "https://raw.githubusercontent.com/bedrock-cost-review/bedrock-cost-review/main/src/config/bedrock-cost.schema.json";

/**
 * The published JSON Schema of `.github/bedrock-cost.yml` (committed as bedrock-cost.schema.json; a test
 * fails when they drift). It describes what a file may contain, so defaults show and are not required.
 */
export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(RepoConfigSchema, { target: "draft-2020-12", io: "input" });
  const { $schema, ...body } = generated;
  return {
    $schema,
    $id: CONFIG_SCHEMA_ID,
    title: "bedrock-cost-review configuration (.github/bedrock-cost.yml)",
    description:
      "Usage assumptions, prices, policy, rule levels, paths and comment behaviour for bedrock-cost-review. " +
      "Every section is optional; an empty file means all defaults. Rule options are open here (any keys) " +
      "because rules register their option schemas at run time; the app and CLI check them when they load the file.",
    ...body,
  };
}
