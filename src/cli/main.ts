#!/usr/bin/env node
import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { EXIT, internalError, runCli } from "./run.js";

/** Entry of the `bedrock-cost` command: process glue only; the commands live in run.ts. */
async function main(): Promise<void> {
  // What escapes the command (a rejection nobody awaited, say) is a crash, never a verdict: exit 3.
  const crash = (error: unknown) => {
    process.stderr.write(internalError(error, process.argv.includes("--debug")));
    process.exit(EXIT.internalError);
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
  process.exitCode = await runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}

// Run only as a program, not when imported.
if (process.argv[1] && realpathSync(resolve(process.argv[1])) === fileURLToPath(import.meta.url)) {
  void main();
}
