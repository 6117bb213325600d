import { describe, expect, it } from "vitest";
import { clipBytes, renderCheckRun, renderReviewFailure } from "../../src/report/check-run.js";
import { report } from "./harness.js";

const utf8 = (text: string) => Buffer.byteLength(text, "utf8");
const roundTrips = (text: string) => Buffer.from(text, "utf8").toString("utf8") === text;

describe("clipBytes", () => {
  it("leaves text within the limit alone", () => {
    expect(clipBytes("€uro", 6)).toBe("€uro");
  });

  it("cuts by UTF-8 bytes on a character boundary, marking the cut", () => {
    const euros = "€".repeat(30_000); // 30,000 characters, 90,000 bytes
    const clipped = clipBytes(euros, 65_535);
    expect(utf8(clipped)).toBeLessThanOrEqual(65_535);
    expect(utf8(clipped)).toBeGreaterThan(65_535 - 6);
    expect(clipped.endsWith("…")).toBe(true);
    expect(roundTrips(clipped)).toBe(true);
  });

  it("never splits a surrogate pair", () => {
    for (const max of [10, 11, 12, 13]) {
      const clipped = clipBytes("🛑".repeat(10), max);
      expect(utf8(clipped)).toBeLessThanOrEqual(max);
      expect(roundTrips(clipped)).toBe(true);
    }
  });
});

describe("renderCheckRun limits", () => {
  it("a summary of multi-byte notes stays within 65,535 bytes", () => {
    const notes = Array.from({ length: 400 }, (_, i) => `note ${i}: ${"→€".repeat(60)}`);
    const output = renderCheckRun(report(1000, 1240), { conclusion: "success", reasons: [], notes });
    expect(output.summary.length).toBeLessThan(65_535); // in characters it would pass...
    expect(utf8(output.summary)).toBeLessThanOrEqual(65_535); // ...the byte limit is what GitHub checks
    expect(roundTrips(output.summary)).toBe(true);
  });

  it("a review failure with a huge multi-byte message stays within the limit", () => {
    const output = renderReviewFailure(new Error("ü".repeat(40_000)));
    expect(utf8(output.summary)).toBeLessThanOrEqual(65_535);
  });

  it("says why the comment is missing, without changing the verdict", () => {
    const output = renderCheckRun(report(1000, 1240), { conclusion: "success", reasons: [], notes: [] }, { commentError: "GitHub answered 403: locked" });
    expect(output.summary).toContain("> The PR comment could not be written (GitHub answered 403: locked); this check run has the full report.");
  });
});
