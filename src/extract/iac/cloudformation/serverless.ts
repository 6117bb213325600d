import { envBindingsFrom, lineLocation } from "../env.js";
import { concat, dynamic, scalar, type IacValue } from "../value.js";
import { readTemplate, type TemplateRead } from "./template.js";
import { entry, type RawNode } from "./yaml.js";

const VARIABLE = /\$\{([^{}]+)\}/g;
/** `${source:address, 'fallback'}`: the fallback applies when the source has no value. */
const WITH_FALLBACK = /^(.*?),\s*(['"])(.*)\2\s*$/;

export function isServerlessPath(path: string): boolean {
  return /(?:^|\/)serverless\.ya?ml$/.test(path);
}

/**
 * A Serverless Framework service: model ids in `provider.environment` and `functions.*.environment`,
 * and the CloudFormation under `resources.Resources`. `${self:…}` resolves within the file; other
 * sources (`env:`, `ssm:`, `opt:`, `param:`) are dynamic unless they carry a literal fallback.
 */
export function readServerless(path: string, root: RawNode): TemplateRead {
  const variables = new ServerlessVariables(root);
  const interpolate = (text: string, line: number) => variables.interpolate(text, line);
  const resources = entry(root, "resources");
  const result = resources ? readTemplate(path, resources, "serverless", interpolate) : { declarations: [], envBindings: [], problems: [] };
  const environments = [entry(entry(root, "provider"), "environment")];
  const functions = entry(root, "functions");
  if (functions?.kind === "map") for (const fn of functions.entries.values()) environments.push(entry(fn, "environment"));
  for (const environment of environments) {
    if (environment) result.envBindings.push(...envBindingsFrom(variables.value(environment), path));
  }
  const regionNode = entry(entry(root, "provider"), "region");
  const region = regionNode && variables.value(regionNode);
  if (region?.kind === "scalar" && typeof region.value === "string") result.regions = [{ region: region.value, location: lineLocation(path, region.line) }];
  return result;
}

class ServerlessVariables {
  private readonly resolving = new Set<string>();

  constructor(private readonly root: RawNode) {}

  value(node: RawNode): IacValue {
    if (node.kind === "scalar") return typeof node.value === "string" ? this.interpolate(node.value, node.line) : scalar(node.value, node.line);
    if (node.kind === "seq") return { kind: "list", items: node.items.map((item) => this.value(item)), line: node.line };
    return { kind: "object", entries: new Map([...node.entries].map(([key, value]) => [key, this.value(value)])), line: node.line };
  }

  interpolate(text: string, line: number): IacValue {
    const parts: IacValue[] = [];
    let last = 0;
    for (const match of text.matchAll(VARIABLE)) {
      parts.push(scalar(text.slice(last, match.index), line));
      parts.push(this.variable(match[1]!.trim(), line));
      last = match.index + match[0].length;
    }
    if (parts.length === 0) return scalar(text, line);
    parts.push(scalar(text.slice(last), line));
    const nonEmpty = parts.filter((p) => !(p.kind === "scalar" && p.value === ""));
    return nonEmpty.length === 1 ? nonEmpty[0]! : concat(parts, line, () => `"${text}"`);
  }

  private variable(expression: string, line: number): IacValue {
    const fallback = WITH_FALLBACK.exec(expression);
    const source = fallback ? fallback[1]!.trim() : expression;
    if (source.startsWith("self:")) {
      const resolved = this.self(source.slice("self:".length), line);
      if (resolved.kind !== "dynamic" || !fallback) return resolved;
    }
    if (fallback) return scalar(fallback[3]!, line, `fallback of \${${source}}`);
    return dynamic(`\${${source}}`, line);
  }

  private self(address: string, line: number): IacValue {
    const node = address.split(".").reduce<RawNode | undefined>((current, key) => entry(current, key), this.root);
    if (!node) return dynamic(`\${self:${address}} (not set in this file)`, line);
    if (this.resolving.has(address)) return dynamic(`\${self:${address}} (refers to itself)`, line);
    this.resolving.add(address);
    try {
      const value = this.value(node);
      return value.kind === "scalar" ? { ...value, line, via: `self:${address}` } : value;
    } finally {
      this.resolving.delete(address);
    }
  }
}
