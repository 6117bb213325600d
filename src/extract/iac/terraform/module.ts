import type { Problem, SourceLocation } from "../../../model/location.js";
import { resourceKey, type Declaration } from "../describe.js";
import { dynamic, type IacValue } from "../value.js";

/** Resolves a reference such as `var.model_id` or `local.arn` (split on dots) within the module. */
export interface TfScope {
  resolve(traversal: string[], line: number): IacValue;
}

export type Evaluate = (scope: TfScope) => IacValue;

/** A top-level block of a `.tf` or `.tf.json` file, its values still unevaluated. */
export interface TfBlock {
  /** "resource", "data", "variable", "locals", "module", … */
  blockType: string;
  labels: string[];
  path: string;
  location: SourceLocation;
  /** The block's attributes and nested blocks as an object value. */
  body: Evaluate;
  attribute(name: string): Evaluate | undefined;
  /** Names of the block's attributes (for `locals`). */
  attributeNames(): string[];
}

/** Data sources whose `model_id` argument is the model every exported attribute below names. */
const FOUNDATION_MODEL_DATA = "aws_bedrock_foundation_model";
const FOUNDATION_MODEL_ATTRIBUTES = new Set(["model_id", "model_arn", "id"]);

/**
 * One Terraform module: every block of the `.tf`/`.tf.json` files of one folder, so `var.`, `local.`,
 * `data.` and resource references resolve across its files. Values from anywhere else are dynamic.
 */
export class TfModule implements TfScope {
  private readonly variables = new Map<string, TfBlock>();
  /** Values set in auto-loaded variable definitions files (terraform.tfvars, *.auto.tfvars); they beat defaults. */
  private readonly assigned = new Map<string, { evaluate: Evaluate; path: string }>();
  private readonly locals = new Map<string, Evaluate>();
  private readonly data = new Map<string, TfBlock>();
  private readonly resources = new Map<string, TfBlock>();
  private readonly localValues = new Map<string, IacValue>();
  private readonly resolving = new Set<string>();
  /** What the module's blocks get wrong that Terraform would refuse. */
  readonly problems: Problem[] = [];

  constructor(blocks: TfBlock[]) {
    for (const block of blocks) {
      const [first, second] = block.labels;
      if (block.blockType === "variable" && first) this.variables.set(first, block);
      else if (block.blockType === "data" && first && second) this.data.set(`${first}.${second}`, block);
      else if (block.blockType === "resource" && first && second) {
        const known = this.resources.get(`${first}.${second}`);
        // Terraform refuses a module that declares one address twice: the first stays, the other is said.
        if (known) this.problems.push({ ...block.location, message: `duplicate resource ${first}.${second}: already declared at ${known.location.path}:${known.location.line}; Terraform refuses this module, so this one is not priced` });
        else this.resources.set(`${first}.${second}`, block);
      }
      else if (block.blockType === "tfvars") {
        for (const name of block.attributeNames()) this.assigned.set(name, { evaluate: block.attribute(name)!, path: block.path });
      } else if (block.blockType === "locals") {
        for (const name of block.attributeNames()) this.locals.set(name, block.attribute(name)!);
      }
    }
  }

  /** The resource blocks of the wanted types, their bodies evaluated in this module. */
  declarations(wanted: (type: string) => boolean): Declaration[] {
    return [...this.resources.values()].filter((block) => wanted(block.labels[0]!)).map((block) => ({
      format: "terraform",
      path: block.path,
      type: block.labels[0]!,
      name: block.labels[1]!,
      location: block.location,
      properties: block.body(this),
    }));
  }

  resolve(traversal: string[], line: number): IacValue {
    const [root, second, third, fourth] = traversal;
    if (root === "var" && second) return this.variable(second, line);
    if (root === "local" && second) return this.local(second, line);
    if (root === "data" && second && third) return this.dataValue(second, third, fourth, line);
    const resource = root && second ? this.resources.get(`${root}.${second}`) : undefined;
    return dynamic(traversal.join("."), line, resource ? resourceKey(resource.path, root!, second!) : undefined);
  }

  private variable(name: string, line: number): IacValue {
    const block = this.variables.get(name);
    if (!block) return dynamic(`var.${name} (not declared in this module)`, line);
    const assigned = this.assigned.get(name);
    if (assigned) return this.guarded(`var.${name}`, line, () => withVia(assigned.evaluate(this), `var.${name} in ${assigned.path}`, line));
    const fallback = block.attribute("default");
    if (!fallback) return dynamic(`var.${name} (no default; set where the module is used)`, line);
    return this.guarded(`var.${name}`, line, () => withVia(fallback(this), `var.${name} default`, line));
  }

  private local(name: string, line: number): IacValue {
    const cached = this.localValues.get(name);
    if (cached) return { ...cached, line };
    const evaluate = this.locals.get(name);
    if (!evaluate) return dynamic(`local.${name} (not declared in this module)`, line);
    const value = this.guarded(`local.${name}`, line, () => withVia(evaluate(this), `local.${name}`, line));
    this.localValues.set(name, value);
    return value;
  }

  private dataValue(type: string, name: string, attr: string | undefined, line: number): IacValue {
    const written = `data.${type}.${name}${attr ? `.${attr}` : ""}`;
    const block = this.data.get(`${type}.${name}`);
    if (type !== FOUNDATION_MODEL_DATA || !block || !attr || !FOUNDATION_MODEL_ATTRIBUTES.has(attr)) {
      return dynamic(written, line);
    }
    const modelId = block.attribute("model_id");
    if (!modelId) return dynamic(`${written} (the data block has no model_id)`, line);
    // model_arn only adds the provider's region to the id; the id is what prices the model.
    return this.guarded(written, line, () => withVia(modelId(this), written, line));
  }

  private guarded(name: string, line: number, evaluate: () => IacValue): IacValue {
    if (this.resolving.has(name)) return dynamic(`${name} (refers to itself)`, line);
    this.resolving.add(name);
    try {
      return evaluate();
    } finally {
      this.resolving.delete(name);
    }
  }
}

/** A value followed through a name, placed at the line that refers to it. */
function withVia(value: IacValue, via: string, line: number): IacValue {
  return value.kind === "scalar" ? { ...value, via, line } : { ...value, line };
}
