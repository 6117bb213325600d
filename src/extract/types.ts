import type { CallSite, Language } from "../model/call-site.js";
import type { Problem } from "../model/location.js";
import type { SideProgram } from "../repository/program.js";

export interface ExtractInput {
  /** Repository-relative path, forward slashes. */
  path: string;
  text: string;
}

export interface ExtractResult {
  sites: CallSite[];
  /** Parse failures and unsupported constructs, located. A file with a fatal parse problem yields no sites. */
  problems: Problem[];
}

/**
 * One language's call-site extractor. Pure: text in, facts out; what lies in other files (imports,
 * callers, prompt files) it asks the side's program, which reads nothing itself.
 */
export interface CallSiteExtractor {
  language: Language;
  /** Whether this extractor handles the path (by extension). */
  handles(path: string): boolean;
  /**
   * Cheap text test run before any parsing; false means the file cannot contain a call this extractor
   * recognises. Must never reject a file the extractor would find a site in.
   */
  mayContainCalls(text: string): boolean;
  /** Without a program, the file is read on its own (imports of other modules stay unresolved). */
  extract(file: ExtractInput, program?: SideProgram): ExtractResult;
  /**
   * The names a module exports that carry Bedrock to an importer: a client or model object, or a
   * factory or holder of one, so a file that imports it can make a call without naming Bedrock itself.
   * "all" when any name may. `mayCarry` says whether another module of the repository can carry one at
   * all (it reaches a file that names Bedrock), so imports of the others need no evaluation. Extractors
   * without it: none (importers are not searched).
   */
  carryingExports?(path: string, program: SideProgram, mayCarry: (module: string) => boolean): ReadonlySet<string> | "all";
}
