import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import type { Report } from "../../src/model/report.js";

const ROOT = join(import.meta.dirname, "..", "..");
const PR = "fixtures/prs/python-media";
const cents = (n: number) => Math.round(n * 100) / 100;
const perMonth = (perDay: number) => (perDay * 730) / 24;

/*
 * The pull request changes the shared image settings in app/settings.py: one standard 1024×1024 image a
 * call becomes two premium 2048×2048 ones. app/images.py, which sends the Nova Canvas request, does not
 * change; its Nova Reel teaser (18 seconds a call) is listed unchanged.
 */
describe("bedrock-cost diff on image and video generation (python-media)", () => {
  it("prices Nova Canvas per image by quality and size, and Nova Reel per second, by hand", async () => {
    let stdout = "";
    const code = await runCli(["diff", "--base", `${PR}/base`, "--head", `${PR}/head`, "--format", "json"], { cwd: ROOT, stdout: (t) => (stdout += t), stderr: () => {} });
    const report = JSON.parse(stdout) as Report;
    const canvas = report.sites.find((s) => s.key === "app/images.py#product_shot#invoke_model#0")!;
    // 200 requests a day: $0.04 (standard, up to 1024×1024) × 1 image, then $0.08 (premium, up to 2048×2048) × 2.
    expect([canvas.change, canvas.base!.monthlyCost, canvas.head!.monthlyCost]).toEqual(["modified", cents(perMonth(200) * 0.04), cents(perMonth(200) * 2 * 0.08)]);
    expect([canvas.base!.monthlyCost, canvas.head!.monthlyCost]).toEqual([243.33, 973.33]);
    expect(canvas.head!.components).toEqual([{ name: "images", unit: "image", quantityPerMonth: perMonth(200) * 2, unitPrice: 0.08, monthlyCost: 973.33, note: "premium, up to 2048×2048" }]);
    expect(canvas.head!.assumptions).toMatchObject({ imagesPerCall: 2, origins: { imagesPerCall: "built-in default (the request's numberOfImages)" } });
    expect(canvas.via).toEqual([expect.objectContaining({ path: "app/settings.py", name: "IMAGE_CONFIG", side: "head" })]);
    // 20 requests a day × 18 seconds × $0.08.
    const reel = report.sites.find((s) => s.key === "app/images.py#teaser#async_invoke#0")!;
    expect([reel.change, reel.head!.monthlyCost]).toEqual(["unchanged", cents(perMonth(20) * 18 * 0.08)]);
    expect(reel.head!.monthlyCost).toBe(876);
    expect(code).toBe(0);
  });
});
