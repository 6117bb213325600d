import { describe, expect, it } from "vitest";
import { scanPython } from "../../../src/repository/languages/python.js";
import { scanModule } from "../../../src/repository/languages/typescript.js";
import { SideProgram } from "../../../src/repository/program.js";

describe("the import-only scan of a TypeScript/JavaScript module", () => {
  it("reads imports, the names each takes, exports, re-exports and requires — without a full parse", () => {
    const scan = scanModule(
      "src/a.ts",
      `import def, { a, b as c } from "./x";
import * as ns from "./ns";
import type { T } from "./types";
import "./side-effect";
export * from "./star";
export { d as e } from "./re";
export const local = 1;
export default function f() {}
const lazy = () => import("./lazy");
const cjs = require("./cjs");`,
    );
    expect(scan.imports).toEqual(["./x", "./ns", "./side-effect", "./re", "./lazy", "./cjs"]);
    expect(scan.stars).toEqual(["./star"]);
    expect([...scan.exports!]).toEqual(["local", "default"]);
    expect(scan.reexports).toEqual(new Map([["e", { specifier: "./re", name: "d" }]]));
    expect(scan.names.get("./x")).toEqual(new Set(["default", "a", "b"]));
    expect(scan.names.get("./ns")).toBe("*");
    expect(scan.names.get("./side-effect")).toEqual(new Set());
    expect(scan.names.get("./lazy")).toBe("*");
    expect(scan.names.get("./cjs")).toBe("*");
    expect(scan.names.has("./types")).toBe(false);
  });

  it("reads JSX files with TypeScript's import pre-processor (es-module-lexer does not lex JSX)", () => {
    const scan = scanModule("src/page.tsx", `import { model } from "@/lib/ai";\nexport default () => <div>{1 / 2}</div>;`);
    expect(scan.imports).toEqual(["@/lib/ai"]);
    expect(scan.exports).toBeUndefined();
  });

  it("leaves the exports of a CommonJS module unknown", () => {
    expect(scanModule("src/c.js", `module.exports = { a: 1 };`).exports).toBeUndefined();
  });
});

describe("the import-only scan of a Python module", () => {
  it("reads from-imports (over several lines), plain imports with aliases, relative and star imports", () => {
    const scan = scanPython(
      "app/api.py",
      `import os, json as j
from app.core.clients import bedrock
from .settings import (
    MODEL_ID,  # the model
    REGION,
)
from .. import core
from app.prompts import *
    import late`,
    );
    expect(scan.imports).toEqual(["app.core.clients", "app.core.clients.bedrock", ".settings", ".settings.MODEL_ID", ".settings.REGION", "..", "..core", "app.prompts", "os", "json", "late"]);
    expect(scan.stars).toEqual(["app.prompts"]);
    expect(scan.names.get("app.core.clients")).toEqual(new Set(["bedrock"]));
    expect(scan.names.get(".settings")).toEqual(new Set(["MODEL_ID", "REGION"]));
    expect(scan.names.get("os")).toBe("*");
  });
});

describe("the module graph", () => {
  const program = SideProgram.ofFiles({
    "src/lib/index.ts": `export * from "./client";\nexport { MODEL as DEFAULT_MODEL } from "./models";`,
    "src/lib/client.ts": `export const client = 1;`,
    "src/lib/models.ts": `export const MODEL = "m";`,
    "src/app.ts": `import { client, DEFAULT_MODEL } from "./lib";`,
    "src/other.ts": `import { client } from "./lib/client";`,
    "app/core/__init__.py": `from .clients import bedrock\n`,
    "app/core/clients.py": `bedrock = None\n`,
    "app/api.py": `from app.core import bedrock\n`,
  });
  const { graph } = program;

  it("finds where a name a barrel exports is defined, through export * and renames", () => {
    expect(graph.exportOf("src/lib/index.ts", "client")).toEqual({ path: "src/lib/client.ts", name: "client" });
    expect(graph.exportOf("src/lib/index.ts", "DEFAULT_MODEL")).toEqual({ path: "src/lib/models.ts", name: "MODEL" });
    expect(graph.exportOf("src/lib/index.ts", "nothing")).toBeNull();
  });

  it("knows who imports a module, directly or not, and which names each takes", () => {
    expect([...graph.closure(["src/lib/client.ts"], "importers")].sort()).toEqual(["src/app.ts", "src/lib/client.ts", "src/lib/index.ts", "src/other.ts"]);
    expect(graph.importedNames("src/app.ts", "src/lib/index.ts")).toEqual(new Set(["client", "DEFAULT_MODEL"]));
    expect(graph.importedNames("src/lib/index.ts", "src/lib/client.ts")).toBe("*");
    expect([...graph.closure(["app/core/clients.py"], "importers")].sort()).toEqual(["app/api.py", "app/core/__init__.py", "app/core/clients.py"]);
  });

  it("resolves an import that names no file of the repository to nothing (a library)", () => {
    expect(graph.resolve("src/app.ts", "@aws-sdk/client-bedrock-runtime")).toBeNull();
    expect(graph.resolve("app/api.py", "boto3")).toBeNull();
  });
});
