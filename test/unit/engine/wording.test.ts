import { describe, expect, it } from "vitest";
import { fillTemplate } from "../../../src/engine/wording.js";

describe("fillTemplate", () => {
  it.each([
    ["{{x:usd}}", 1234.4, "$1,234/mo"],
    ["{{x:total}}", 105120, "$105,120"],
    ["{{x:int}}", 63999.6, "64,000"],
    ["{{x:tokens}}", 35_040_000_000, "35.0B"],
    ["{{x:tokens}}", 420_400_000, "420M"],
    ["{{x:tokens}}", Number.NaN, "an unknown number of"],
    ["{{x}}", "as is", "as is"],
  ])("%s with %s gives %s", (template, value, expected) => {
    expect(fillTemplate(template, { x: value }, "some-rule")).toBe(expected);
  });

  it("names the rule when a placeholder or format is wrong", () => {
    expect(() => fillTemplate("{{missing}}", {}, "some-rule")).toThrow("rule some-rule: message uses {{missing}} but reported no such data");
    expect(() => fillTemplate("{{x:euro}}", { x: 1 }, "some-rule")).toThrow("rule some-rule: unknown format {{x:euro}}");
  });
});
