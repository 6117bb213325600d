import type { Parser } from "web-tree-sitter";
import type { Problem } from "../../../model/location.js";
import type { ExtractInput } from "../../types.js";
import { isResourceType, type Declaration } from "../describe.js";
import { envBindingsFrom, lineLocation } from "../env.js";
import type { EnvBinding, RegionDeclaration } from "../types.js";
import { guardFile } from "../../limits.js";
import { lookup } from "../value.js";
import { readHclFile } from "./hcl.js";
import { TfModule, type TfBlock } from "./module.js";
import { readTfJsonFile } from "./tf-json.js";

const LAMBDA_TYPES = new Set(["aws_lambda_function", "awscc_lambda_function"]);

/** Configuration files, and the variable definitions files Terraform loads by itself. */
export function isTerraformPath(path: string): boolean {
  return path.endsWith(".tf") || path.endsWith(".tf.json") || /(?:^|\/)terraform\.tfvars$|\.auto\.tfvars$/.test(path);
}

/** Terraform declarations of every module (one per folder) among the files. */
export function readTerraform(
  parser: Parser,
  files: ExtractInput[],
): { declarations: Declaration[]; envBindings: EnvBinding[]; problems: Problem[]; regions: RegionDeclaration[] } {
  const declarations: Declaration[] = [];
  const envBindings: EnvBinding[] = [];
  const problems: Problem[] = [];
  const regions: RegionDeclaration[] = [];
  for (const [folder, moduleFiles] of groupByFolder(files)) {
    const read = readModule(parser, moduleFiles);
    if ("failed" in read) {
      // The module's files resolve each other: when its evaluation fails, none of them is known.
      const reason = read.failed.message.replace(/^not analysed: /, "").replace(/; file skipped$/, "");
      problems.push(...moduleFiles.map((file) => ({ path: file.path, message: `not analysed: its Terraform module (${folder || "the root folder"}) could not be analysed: ${reason}; file skipped` })));
      continue;
    }
    declarations.push(...read.declarations);
    envBindings.push(...read.envBindings);
    regions.push(...read.regions);
    problems.push(...read.problems);
  }
  return { declarations, envBindings, problems, regions };
}

/** One module (folder), within the limits of its first file's guard. */
type ModuleRead = { declarations: Declaration[]; envBindings: EnvBinding[]; problems: Problem[]; regions: RegionDeclaration[] } | { failed: Problem };

function readModule(parser: Parser, moduleFiles: ExtractInput[]): ModuleRead {
  const releases: Array<() => void> = [];
  try {
    return guardFile<ModuleRead>(
      moduleFiles[0]!.path,
      () => {
        const blocks: TfBlock[] = [];
        const problems: Problem[] = [];
        for (const file of moduleFiles) {
          const read = file.path.endsWith(".tf.json") ? { ...readTfJsonFile(file), release: () => {} } : readHclFile(parser, file);
          releases.push(read.release);
          if (read.problem) problems.push(read.problem);
          blocks.push(...read.blocks);
        }
        const wanted = (type: string) => isResourceType(type) || LAMBDA_TYPES.has(type);
        const module = new TfModule(blocks);
        const declarations = module.declarations(wanted);
        problems.push(...module.problems);
        const envBindings = declarations
          .filter((declaration) => LAMBDA_TYPES.has(declaration.type))
          .flatMap((declaration) => envBindingsFrom(lookup(declaration.properties, "environment.variables"), declaration.path));
        return { declarations, envBindings, problems, regions: providerRegions(blocks, module) };
      },
      (problem) => ({ failed: problem }),
    );
  } finally {
    for (const release of releases) release();
  }
}

/** `provider "aws" { region = … }` blocks whose Region is static (a literal, or a variable's default). */
function providerRegions(blocks: TfBlock[], module: TfModule): RegionDeclaration[] {
  return blocks.flatMap((block) => {
    if (block.blockType !== "provider" || block.labels[0] !== "aws") return [];
    const region = block.attribute("region")?.(module);
    return region?.kind === "scalar" && typeof region.value === "string" ? [{ region: region.value, location: lineLocation(block.path, region.line) }] : [];
  });
}

function groupByFolder(files: ExtractInput[]): Map<string, ExtractInput[]> {
  const folders = new Map<string, ExtractInput[]>();
  for (const file of files) {
    const folder = file.path.includes("/") ? file.path.slice(0, file.path.lastIndexOf("/")) : "";
    folders.set(folder, [...(folders.get(folder) ?? []), file]);
  }
  return folders;
}
