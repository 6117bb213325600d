import type { Problem } from "../../../model/location.js";
import type { IacFormat } from "../../../model/resource.js";
import { resourceKey, type Declaration } from "../describe.js";
import { envBindingsFrom, lineLocation } from "../env.js";
import type { EnvBinding, RegionDeclaration } from "../types.js";
import { concat, dynamic, lookup, scalar, type IacValue } from "../value.js";
import { entry, type RawNode } from "./yaml.js";

const FUNCTION_TYPES = new Set(["AWS::Serverless::Function", "AWS::Lambda::Function"]);
/** A type some blog- and LLM-written templates use; CloudFormation has no such resource (bedrock-pricing.md §5). */
const NOT_A_CFN_TYPE = "AWS::Bedrock::ProvisionedModelThroughput";

export interface TemplateRead {
  declarations: Declaration[];
  envBindings: EnvBinding[];
  problems: Problem[];
  regions?: RegionDeclaration[];
}

/** Turns strings that carry another tool's variables (serverless.yml `${self:…}`) into values. */
export type Interpolate = (text: string, line: number) => IacValue;

/** Whether a parsed YAML/JSON document is a CloudFormation or SAM template. */
export function isTemplate(root: RawNode): boolean {
  return entry(root, "AWSTemplateFormatVersion") !== undefined || entry(root, "Resources")?.kind === "map";
}

/** Resources and function environment bindings of a CloudFormation/SAM template (or serverless.yml `resources`). */
export function readTemplate(path: string, root: RawNode, format: IacFormat, interpolate?: Interpolate): TemplateRead {
  const resources = entry(root, "Resources");
  const context = new TemplateContext(path, entry(root, "Parameters"), resources, interpolate);
  const result: TemplateRead = { declarations: [], envBindings: [], problems: [] };
  const globalVariables = lookupRaw(root, ["Globals", "Function", "Environment", "Variables"]);
  if (globalVariables) result.envBindings.push(...envBindingsFrom(context.value(globalVariables), path));
  if (resources?.kind !== "map") return result;
  for (const [name, resource] of resources.entries) {
    const type = entry(resource, "Type");
    if (type?.kind !== "scalar" || typeof type.value !== "string") continue;
    const line = resources.keyLines.get(name) ?? resource.line;
    if (type.value === NOT_A_CFN_TYPE) {
      result.problems.push({
        path,
        line,
        message: `${name}: ${NOT_A_CFN_TYPE} is not a CloudFormation resource type, so this template cannot deploy it; provisioned throughput bought outside the template is not priced`,
      });
      continue;
    }
    const properties = context.value(entry(resource, "Properties") ?? { kind: "map", entries: new Map(), line, keyLines: new Map() });
    if (FUNCTION_TYPES.has(type.value)) result.envBindings.push(...envBindingsFrom(lookup(properties, "Environment.Variables"), path));
    result.declarations.push({
      format,
      path,
      type: type.value,
      name,
      location: { ...lineLocation(path, line), endLine: lastLine(resource) },
      properties,
    });
  }
  return result;
}

function lookupRaw(node: RawNode | undefined, keys: string[]): RawNode | undefined {
  return keys.reduce<RawNode | undefined>((current, key) => entry(current, key), node);
}

function lastLine(node: RawNode): number {
  if (node.kind === "scalar") return node.line;
  const children = node.kind === "map" ? [...node.entries.values()] : node.items;
  return Math.max(node.line, ...children.map(lastLine));
}

/** Evaluates template values: Parameters defaults through Ref/Sub, references to resources kept as refs. */
class TemplateContext {
  private readonly resourceTypes = new Map<string, string>();

  constructor(
    private readonly path: string,
    private readonly parameters: RawNode | undefined,
    resources: RawNode | undefined,
    private readonly interpolate?: Interpolate,
  ) {
    if (resources?.kind === "map") {
      for (const [name, resource] of resources.entries) {
        const type = entry(resource, "Type");
        if (type?.kind === "scalar") this.resourceTypes.set(name, String(type.value));
      }
    }
  }

  value(node: RawNode): IacValue {
    if (node.kind === "scalar") {
      return typeof node.value === "string" && this.interpolate ? this.interpolate(node.value, node.line) : scalar(node.value, node.line);
    }
    if (node.kind === "seq") return { kind: "list", items: node.items.map((item) => this.value(item)), line: node.line };
    const [only] = node.entries.keys();
    if (node.entries.size === 1 && only && (only === "Ref" || only.startsWith("Fn::"))) return this.intrinsic(only, node.entries.get(only)!, node.line);
    return { kind: "object", entries: new Map([...node.entries].map(([key, value]) => [key, this.value(value)])), line: node.line };
  }

  private intrinsic(name: string, argument: RawNode, line: number): IacValue {
    if (name === "Ref" && argument.kind === "scalar") return this.ref(String(argument.value), line);
    if (name === "Fn::GetAtt") return this.getAtt(argument, line);
    if (name === "Fn::Sub") return this.sub(argument, line);
    if (name === "Fn::Join" && argument.kind === "seq") {
      const [delimiter, list] = argument.items;
      if (delimiter?.kind === "scalar" && list?.kind === "seq") {
        const parts = list.items.flatMap((item, i) => (i === 0 ? [this.value(item)] : [scalar(String(delimiter.value), line), this.value(item)]));
        return concat(parts, line, () => "!Join");
      }
    }
    return dynamic(`!${name.replace("Fn::", "")}`, line);
  }

  private ref(name: string, line: number): IacValue {
    if (name.startsWith("AWS::")) return dynamic(name, line);
    const parameter = entry(this.parameters, name);
    if (parameter) {
      const fallback = entry(parameter, "Default");
      if (!fallback) return dynamic(`parameter ${name} (no default; set at deploy time)`, line);
      const value = this.value(fallback);
      return value.kind === "scalar" ? { ...value, line, via: `parameter ${name} default` } : value;
    }
    const type = this.resourceTypes.get(name);
    return type ? dynamic(`!Ref ${name}`, line, resourceKey(this.path, type, name)) : dynamic(`!Ref ${name} (not declared in this template)`, line);
  }

  private getAtt(argument: RawNode, line: number): IacValue {
    const written = argument.kind === "scalar" ? String(argument.value) : argument.kind === "seq" ? argument.items.map((i) => (i.kind === "scalar" ? String(i.value) : "…")).join(".") : "…";
    const [name] = written.split(".");
    const type = name ? this.resourceTypes.get(name) : undefined;
    return dynamic(`!GetAtt ${written}`, line, type ? resourceKey(this.path, type, name!) : undefined);
  }

  /** `!Sub "text ${Param} ${Res.Attr} ${!Literal}"`, optionally with its own variable map. */
  private sub(argument: RawNode, line: number): IacValue {
    const [template, variables] = argument.kind === "seq" ? argument.items : [argument];
    if (template?.kind !== "scalar" || typeof template.value !== "string") return dynamic("!Sub", line);
    const parts: IacValue[] = [];
    const pattern = /\$\{([^}]*)\}/g;
    let last = 0;
    for (let match = pattern.exec(template.value); match; match = pattern.exec(template.value)) {
      parts.push(scalar(template.value.slice(last, match.index), line));
      const name = match[1]!.trim();
      const local = entry(variables, name);
      if (name.startsWith("!")) parts.push(scalar(`\${${name.slice(1)}}`, line));
      else if (local) parts.push(this.value(local));
      else if (name.includes(".") && !name.startsWith("AWS::")) parts.push(this.getAtt({ kind: "scalar", value: name, line }, line));
      else parts.push(this.ref(name, line));
      last = match.index + match[0].length;
    }
    parts.push(scalar(template.value.slice(last), line));
    return concat(parts, line, () => `!Sub "${template.value}"`);
  }
}
