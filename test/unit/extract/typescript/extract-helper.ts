import { typescriptExtractor } from "../../../../src/extract/typescript/index.js";
import type { CallSite } from "../../../../src/model/call-site.js";
import { SideProgram } from "../../../../src/repository/program.js";

/** The side a snippet is extracted in: the snippet and the other files given. */
export function programOf(path: string, text: string, files: Record<string, string | undefined> = {}): SideProgram {
  const defined = Object.fromEntries(Object.entries(files).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return SideProgram.ofFiles({ ...defined, [path]: text });
}

/** Extracts the sites of one snippet; a snippet with syntax errors fails the test that uses it. */
export function sitesOf(text: string, path = "src/app.ts", files: Record<string, string | undefined> = {}): CallSite[] {
  const result = typescriptExtractor.extract({ path, text }, programOf(path, text, files));
  if (result.problems.length > 0) throw new Error(`unexpected problems: ${JSON.stringify(result.problems)}`);
  return result.sites;
}

/** The one site of a snippet. */
export function siteOf(text: string, path?: string, files?: Record<string, string | undefined>): CallSite {
  const sites = sitesOf(text, path, files);
  if (sites.length !== 1) throw new Error(`expected one site, found ${sites.length}`);
  return sites[0]!;
}
