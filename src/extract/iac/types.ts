import type { ResolvedModel } from "../../model/call-site.js";
import type { Problem, SourceLocation } from "../../model/location.js";
import type { Resource } from "../../model/resource.js";
import type { ExtractInput } from "../types.js";

/** A model id set as a function's environment variable: feeds call sites whose model is `env:NAME`. */
export interface EnvBinding {
  env: string;
  model: ResolvedModel;
  location: SourceLocation;
}

/**
 * The AWS Region a deployment declares (Terraform `provider "aws" { region }`, serverless.yml
 * `provider.region`): where the code it deploys runs, and so the Region its calls are billed in.
 */
export interface RegionDeclaration {
  region: string;
  location: SourceLocation;
}

export interface IacResult {
  resources: Resource[];
  problems: Problem[];
  envBindings: EnvBinding[];
  regions: RegionDeclaration[];
}

export interface IacExtractor {
  /** Whether the path is an IaC file we read (by name and extension). */
  handles(path: string): boolean;
  /**
   * Cheap text test; false means the file declares nothing we price and sets no model env var.
   * With its path, every Terraform file passes: a module's other files (variables, tfvars, locals)
   * are needed to resolve the values of the one that declares a resource.
   */
  mayContainResources(text: string, path?: string): boolean;
  /** Every IaC file of one side of the change, so a module's variables and references resolve across files. */
  extract(files: ExtractInput[]): IacResult;
}
