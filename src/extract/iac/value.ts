/**
 * The format-neutral value tree every IaC reader evaluates a resource's properties into
 * (HCL, CloudFormation YAML/JSON, CDK props). Values that depend on anything outside the files
 * at hand stay `dynamic` with where they come from — never guessed.
 */
export type IacValue =
  | {
      kind: "scalar";
      value: string | number | boolean | null;
      line: number;
      /** Set when the value was followed through a variable, local, parameter or constant, e.g. "var.model_id". */
      via?: string;
    }
  | {
      kind: "dynamic";
      /** What the value depends on, e.g. "var.region (no default)", "!GetAtt Role.Arn". */
      origin: string;
      line: number;
      /** Key of a resource in the same files this value points to (e.g. a collection's ARN). */
      ref?: string;
    }
  | { kind: "object"; entries: Map<string, IacValue>; line: number }
  | { kind: "list"; items: IacValue[]; line: number };

export type ScalarValue = Extract<IacValue, { kind: "scalar" }>;
export type DynamicValue = Extract<IacValue, { kind: "dynamic" }>;

export function scalar(value: ScalarValue["value"], line: number, via?: string): IacValue {
  return via === undefined ? { kind: "scalar", value, line } : { kind: "scalar", value, line, via };
}

export function dynamic(origin: string, line: number, ref?: string): IacValue {
  return ref === undefined ? { kind: "dynamic", origin, line } : { kind: "dynamic", origin, line, ref };
}

/** Property names compare across formats without case or underscores: `embedding_model_arn` = `EmbeddingModelArn` = `embeddingModelArn`. */
export function normalizeKey(key: string): string {
  return key.replace(/[_-]/g, "").toLowerCase();
}

/**
 * The value at a dotted property path, matching keys with `normalizeKey`. A list met on the way
 * (a nested HCL block, a `.tf.json` block array) is read through its first item.
 */
export function lookup(value: IacValue | undefined, path: string): IacValue | undefined {
  let current = value;
  for (const part of path.split(".")) {
    if (current?.kind === "list") current = current.items[0];
    if (current?.kind !== "object") return undefined;
    const wanted = normalizeKey(part);
    let next: IacValue | undefined;
    for (const [key, entry] of current.entries) {
      if (normalizeKey(key) === wanted) next = entry;
    }
    current = next;
  }
  return current;
}

/**
 * A Bedrock model or profile ARN whose partition, region or account (and nothing else) is unknown
 * (`*` here): those depend on where it is deployed, but the model or profile id it names does not.
 */
const ARN_WITH_OPEN_PLACEMENT = /^arn:[^:/]*:bedrock:[^:/]*:[^:/]*:(?:foundation-model|inference-profile)\/([^*]+)$/;

/**
 * Joins the parts of an interpolated string; dynamic as soon as one part is, except a Bedrock ARN
 * where only the partition, region or account is dynamic: that resolves to the id the ARN names.
 */
export function concat(parts: IacValue[], line: number, describe: () => string): IacValue {
  let text = "";
  const vias: string[] = [];
  const unknowns: string[] = [];
  for (const part of parts) {
    if (part.kind === "dynamic") {
      unknowns.push(part.origin);
      text += "*";
    } else if (part.kind === "scalar" && part.value !== null) {
      text += String(part.value);
      if (part.via) vias.push(part.via);
    } else {
      return dynamic(`${describe()} (has a non-text part)`, line);
    }
  }
  if (unknowns.length === 0) return scalar(text, line, vias.length > 0 ? vias.join(", ") : undefined);
  const arn = ARN_WITH_OPEN_PLACEMENT.exec(text);
  if (!arn) return dynamic(`${describe()} (depends on ${unknowns.join(", ")})`, line);
  return scalar(arn[1]!, line, [...vias, `the id in an ARN whose placement depends on ${unknowns.join(", ")}`].join(", "));
}
