import { describe, expect, it } from "vitest";
import { modelGlob, pathGlob, symbolGlob } from "../../../src/config/globs.js";

describe("config globs", () => {
  it.each([
    // [dialect, glob, value, matches]
    ["model", "anthropic.claude-sonnet-4-5*", "anthropic.claude-sonnet-4-5-20250929-v1:0", true],
    ["model", "anthropic.claude-sonnet-4-5*", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", false],
    ["model", "anthropic.claude-3-5-sonnet-20240620-v1:0", "anthropic.claude-3-5-sonnet-20240620-v1:0", true],
    ["model", "anthropic.claude.3", "anthropic.claudeX3", false], // "." is literal, not "any character"
    ["model", "a+b(c)*", "a+b(c)-v1", true], // regex characters are literal
    ["model", "*Haiku*", "anthropic.claude-haiku-4-5", false], // case-sensitive
    ["symbol", "Agent.*.run", "Agent.step.run", true],
    ["symbol", "Agent.*.run", "Agent.a.b.run", false],
    ["symbol", "Agent.**.run", "Agent.a.b.run", true],
    ["symbol", "answer", "answer", true],
    ["symbol", "answer", "answers", false],
    ["path", "src/**", "src/a/b/c.ts", true],
    ["path", "src/**/*.py", "src/agent.py", true],
    ["path", "**/*.test.ts", "test/unit/x.test.ts", true],
    ["path", "src/*", "src/a/b.ts", false],
  ] as const)("%s glob %s on %s -> %s", (dialect, glob, value, matches) => {
    const compile = { model: modelGlob, symbol: symbolGlob, path: pathGlob }[dialect];
    expect(compile(glob)(value)).toBe(matches);
  });
});
