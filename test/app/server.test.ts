import nock from "nock";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { API, BASE_TIP, CHECK_RUN_ID, HEAD, PRIVATE_KEY, REPO_PATH, SECRET, fixture, listsCheckRuns, mockToken } from "./harness.js";

// `npm start` calls Probot's run(); here it only records what it was given, and the test builds the same
// Probot the server would, with that Octokit, delivering through the real webhook entry.
const run = vi.hoisted(() => vi.fn(async () => ({})));
vi.mock("probot", async (importOriginal) => ({ ...(await importOriginal<typeof import("probot")>()), run }));
// The engine never runs here (GitHub rate-limits the first read), so it is stubbed where the App calls it.
vi.mock("../../src/pipeline/extract-change.js", () => ({ extractChange: vi.fn() }));
vi.mock("../../src/pipeline/analyze.js", () => ({ priceChange: vi.fn() }));

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe("npm start (src/server.ts)", () => {
  it("runs the app with the bounded-throttling Octokit: a 429 asking to wait 2 minutes is neither waited out nor retried, and the check run fails", async () => {
    await import("../../src/server.js");
    expect(run).toHaveBeenCalledTimes(1);
    const [appFn, options] = run.mock.calls[0] as unknown as [unknown, { Octokit: any }];
    expect(appFn).toBe((await import("../../src/app.js")).default);

    const { Probot } = await import("probot");
    const probot = new Probot({ appId: 123, privateKey: PRIVATE_KEY, secret: SECRET, logLevel: "fatal", Octokit: options.Octokit });
    await probot.load(appFn as never);
    const updates: any[] = [];
    let compares = 0;
    listsCheckRuns(mockToken(nock(API)))
      .post(`${REPO_PATH}/check-runs`)
      .reply(201, { id: CHECK_RUN_ID })
      .get(`${REPO_PATH}/compare/${BASE_TIP}...${HEAD}`)
      .query({ per_page: 1 })
      .reply(() => {
        compares++;
        return [429, { message: "You have exceeded a secondary rate limit." }, { "retry-after": "120" }];
      })
      .patch(`${REPO_PATH}/check-runs/${CHECK_RUN_ID}`, (body) => {
        updates.push(body);
        return true;
      })
      .reply(200, { id: CHECK_RUN_ID });

    await expect(
      probot.receive({ id: "d-1", name: "pull_request", payload: fixture("webhooks/pull_request.opened.json") } as never),
    ).rejects.toThrow("secondary rate limit");

    expect(compares).toBe(1);
    expect(updates[0]).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "The Bedrock cost review could not finish: GitHub rate limit" } });
  }, 20_000);
});
