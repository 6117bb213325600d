import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { API, BASE_TIP, CHECK_RUN_ID, HEAD, PRIVATE_KEY, REPO_PATH, SECRET, fixture, listsCheckRuns, mockToken } from "./harness.js";

// `npm start` calls Probot's run(); here it only records what it was given, and the test serves that app
// through Probot's own webhook middleware (what run() serves), with the Octokit run() was given.
const run = vi.hoisted(() => vi.fn(async () => ({ stop: async () => {} })));
vi.mock("probot", async (importOriginal) => ({ ...(await importOriginal<typeof import("probot")>()), run }));
// The engine never runs here (GitHub rate-limits the first read), so it is stubbed where the App calls it.
vi.mock("../../src/pipeline/extract-change.js", () => ({ extractChange: vi.fn() }));
vi.mock("../../src/pipeline/analyze.js", () => ({ priceChange: vi.fn() }));

let http: Server;
let url: string;
let queue: (typeof import("../../src/server.js"))["queue"];

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
  queue = (await import("../../src/server.js")).queue;
  expect(run).toHaveBeenCalledTimes(1);
});

// A fresh Probot per test (no installation token cached from an earlier one).
beforeEach(async () => {
  const [appFn, options] = run.mock.calls[0] as unknown as [never, { Octokit: any }];
  const { Probot, createNodeMiddleware } = await import("probot");
  const probot = new Probot({ appId: 123, privateKey: PRIVATE_KEY, secret: SECRET, logLevel: "fatal", Octokit: options.Octokit });
  const middleware = await createNodeMiddleware(appFn, { probot, webhooksPath: "/" });
  http = createServer((req, res) => void middleware(req, res));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
  return () => new Promise<void>((resolve) => http.close(() => resolve()));
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

/** POSTs a delivery as GitHub does: JSON body, event and delivery headers, HMAC signature. */
async function post(name: string, payload: unknown): Promise<{ status: number; body: string }> {
  const body = JSON.stringify(payload);
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": name,
      "x-github-delivery": `d-${Math.random()}`,
      "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
    },
  });
  return { status: response.status, body: await response.text() };
}

describe("npm start (src/server.ts)", () => {
  it("answers a verified delivery before the review runs, then reviews it from the queue", async () => {
    // GitHub's compare answer is held back until the delivery has been answered: a server that reviewed
    // before answering would never answer.
    let release!: () => void;
    const answered = new Promise<void>((resolve) => (release = resolve));
    const updates: any[] = [];
    listsCheckRuns(mockToken(nock(API)))
      .post(`${REPO_PATH}/check-runs`)
      .reply(201, { id: CHECK_RUN_ID })
      .get(`${REPO_PATH}/compare/${BASE_TIP}...${HEAD}`)
      .query({ per_page: 1 })
      .reply((_uri, _body, callback) => void answered.then(() => callback(null, [404, { message: "Not Found" }])))
      .patch(`${REPO_PATH}/check-runs/${CHECK_RUN_ID}`, (body) => updates.push(body) > 0)
      .reply(200, { id: CHECK_RUN_ID });

    const response = await post("pull_request", fixture("webhooks/pull_request.opened.json"));
    expect(response).toEqual({ status: 200, body: "ok\n" });
    expect(updates).toEqual([]);
    release();
    await queue.drained();
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ status: "completed", conclusion: "failure" });
  });

  it("runs reviews with the bounded-throttling Octokit: a 429 asking to wait 2 minutes is neither waited out nor retried, and the check run fails", async () => {
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
      .patch(`${REPO_PATH}/check-runs/${CHECK_RUN_ID}`, (body) => updates.push(body) > 0)
      .reply(200, { id: CHECK_RUN_ID });

    expect((await post("pull_request", fixture("webhooks/pull_request.opened.json"))).status).toBe(200);
    await queue.drained();

    expect(compares).toBe(1);
    expect(updates[0]).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "The Bedrock cost review could not finish: GitHub rate limit" } });
  }, 20_000);

  it("answers 400, naming the missing field, to a signed pull_request delivery without a pull_request object; nothing is reviewed", async () => {
    const payload = fixture("webhooks/pull_request.opened.json");
    delete payload.pull_request;
    const response = await post("pull_request", payload);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error).toBe("MalformedPayload: malformed pull_request payload: pull_request: Invalid input: expected object, received undefined");
    expect(queue.size).toEqual({ running: 0, waiting: 0 });
  });
});
