import type { CallSiteExtractor } from "./types.js";
import { typescriptExtractor } from "./typescript/index.js";
import { loadPythonExtractor } from "./python/index.js";
import { loadIacExtractor, type IacExtractor } from "./iac/index.js";
import { litellmConfigExtractor } from "./litellm-config/index.js";

/** Every extractor, loaded once (the Python and HCL grammars are WebAssembly, loaded asynchronously). */
export interface Extractors {
  callSites: readonly CallSiteExtractor[];
  iac: IacExtractor;
}

let loaded: Promise<Extractors> | undefined;

export function loadExtractors(): Promise<Extractors> {
  loaded ??= (async () => ({
    callSites: [typescriptExtractor, await loadPythonExtractor(), litellmConfigExtractor],
    iac: await loadIacExtractor(),
  }))();
  return loaded;
}

/** Whether any extractor reads files at this path (by name alone). */
export function handlesPath(extractors: Extractors, path: string): boolean {
  return extractors.callSites.some((e) => e.handles(path)) || extractors.iac.handles(path);
}

/** The cheap prefilter: false means no extractor could find Bedrock usage in this text. */
export function mayContainUsage(extractors: Extractors, path: string, text: string): boolean {
  return (
    extractors.callSites.some((e) => e.handles(path) && e.mayContainCalls(text)) ||
    (extractors.iac.handles(path) && extractors.iac.mayContainResources(text, path))
  );
}
