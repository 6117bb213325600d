import { describe, expect, it } from "vitest";
import { amount, pricePerMillion, signedPercent, signedUsdPerMonth, usd, usdPerMonth } from "../../../src/report/money.js";

describe("money formatting", () => {
  it.each([
    [1234.4, "$1,234"],
    [1234.5, "$1,235"],
    [100, "$100"],
    [99.995, "$100.00"],
    [12.5, "$12.50"],
    [0.42, "$0.42"],
    [0, "$0.00"],
    [-1890.2, "-$1,890"],
    [-0.001, "$0.00"],
  ])("usd(%s) = %s", (value, expected) => {
    expect(usd(value)).toBe(expected);
  });

  it.each([
    [1890, "+$1,890/mo"],
    [-310.4, "-$310/mo"],
    [0, "+$0.00/mo"],
    [0.5, "+$0.50/mo"],
  ])("signedUsdPerMonth(%s) = %s", (value, expected) => {
    expect(signedUsdPerMonth(value)).toBe(expected);
  });

  it("formats per-month, percent, counts and unit prices", () => {
    expect(usdPerMonth(20790)).toBe("$20,790/mo");
    expect(signedPercent(10)).toBe("+10.0%");
    expect(signedPercent(-3.25)).toBe("-3.3%");
    expect(signedPercent(null)).toBe("new");
    expect(amount(30416.666)).toBe("30,416.67");
    expect(pricePerMillion(3.3)).toBe("$3.3/1M");
    expect(pricePerMillion(0.0175)).toBe("$0.0175/1M");
  });
});
