import { createRequire } from "node:module";
import { Language, Parser } from "web-tree-sitter";

let loading: Promise<Parser> | undefined;

/**
 * The tree-sitter Python parser, loaded once per process: web-tree-sitter measured 5.7 MB/s at 116 MB
 * peak against @ast-grep/napi's 4.3 MB/s at ~300 MB (performance.md), and it needs no native build.
 */
export function loadPythonParser(): Promise<Parser> {
  loading ??= (async () => {
    await Parser.init();
    const wasm = createRequire(import.meta.url).resolve("tree-sitter-python/tree-sitter-python.wasm");
    const parser = new Parser();
    parser.setLanguage(await Language.load(wasm));
    return parser;
  })();
  return loading;
}
