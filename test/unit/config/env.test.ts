import { describe, expect, it } from "vitest";
import { envNumber } from "../../../src/config/env.js";

describe("envNumber", () => {
  it.each([
    [undefined, {}, 7],
    ["", {}, 7],
    ["  ", {}, 7],
    ["2.5", {}, 2.5],
    ["0", {}, 7],
    ["-3", {}, 7],
    ["many", {}, 7],
    ["Infinity", {}, 7],
    ["2.5", { integer: true }, 7],
    ["12", { integer: true }, 12],
    ["0", { integer: true, atLeast: 0 }, 0],
    ["32", { integer: true, atLeast: 64 }, 7],
  ] as const)("envNumber(%j, 7, %j) is %d", (value, rule, expected) => {
    expect(envNumber(value, 7, rule)).toBe(expected);
  });
});
