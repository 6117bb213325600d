/**
 * A Bedrock ARN written with its Region or account from a variable — `arn:aws:bedrock:${region}::foundation-model/…`,
 * `f"arn:aws:bedrock:{REGION}:{ACCOUNT}:inference-profile/…"` — still names its model. Given the text
 * before a part that cannot be read and the literal after it: the ARN field the part fills whole, or
 * undefined. Extractors read such a part as `*`, which the catalog's ARN parser accepts (model-id.ts).
 */
export function arnWildcardField(before: string, after: string): "Region" | "account" | undefined {
  if (!after.startsWith(":")) return undefined;
  if (/^arn:aws(?:-[a-z-]+)?:bedrock:$/.test(before)) return "Region";
  if (/^arn:aws(?:-[a-z-]+)?:bedrock:[a-z0-9*-]*:$/.test(before)) return "account";
  return undefined;
}
