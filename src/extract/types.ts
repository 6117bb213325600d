import type { CallSite, Language } from "../model/call-site.js";
import type { Problem } from "../model/location.js";

export interface ExtractInput {
  /** Repository-relative path, forward slashes. */
  path: string;
  text: string;
}

/** Read-only view of the other files of the same side, for following imports. Pure: no I/O. */
export interface SiblingFiles {
  get(path: string): string | undefined;
}

export interface ExtractResult {
  sites: CallSite[];
  /** Parse failures and unsupported constructs, located. A file with a fatal parse problem yields no sites. */
  problems: Problem[];
}

/** One language's call-site extractor. Pure: text in, facts out. */
export interface CallSiteExtractor {
  language: Language;
  /** Whether this extractor handles the path (by extension). */
  handles(path: string): boolean;
  /**
   * Cheap text test run before any parsing; false means the file cannot contain a call this extractor
   * recognises. Must never reject a file the extractor would find a site in.
   */
  mayContainCalls(text: string): boolean;
  extract(file: ExtractInput, siblings?: SiblingFiles): ExtractResult;
}
