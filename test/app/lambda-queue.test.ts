import { createHash, createHmac } from "node:crypto";
import nock from "nock";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { groupOf, handler, receiveWebhook, reviewQueued, type QueuedDelivery, type SqsEvent } from "../../src/lambda.js";
import { API, CHECK_RUN_ID, PRIVATE_KEY, REPO_PATH, SECRET, fixture, mockToken } from "./harness.js";

// The queued deployment (deploy/aws/template.yaml): receiveWebhook sends to SQS, reviewQueued consumes.
// SQS is mocked at HTTP level, speaking the JSON protocol the SDK uses; the consumer is fed the shape of
// the event Lambda's SQS event source mapping delivers from a FIFO queue (fixtures/aws).
const QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/bedrock-cost-reviews.fifo";
const SQS = "https://sqs.us-east-1.amazonaws.com";
const env = {
  APP_ID: "123",
  PRIVATE_KEY,
  WEBHOOK_SECRET: SECRET,
  LOG_LEVEL: "fatal",
  BEDROCK_COST_QUEUE_URL: QUEUE_URL,
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
});
afterEach(() => {
  vi.unstubAllEnvs();
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

function signed(name: string, payload: unknown, delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958") {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
  return { headers: { "X-GitHub-Delivery": delivery, "X-GitHub-Event": name, "X-Hub-Signature-256": signature }, body };
}

const md5 = (text: string) => createHash("md5").update(text).digest("hex");

/** The request body as sent (nock parses only application/json; SQS speaks application/x-amz-json-1.0). */
const json = (body: unknown) => (typeof body === "string" ? JSON.parse(body) : body);

/** SQS answering SendMessage; the SDK checks MD5OfMessageBody against what it sent. */
function acceptsMessages(sent: any[], times = 1) {
  return nock(SQS)
    .post("/", (body) => sent.push(json(body)) > 0)
    .matchHeader("x-amz-target", "AmazonSQS.SendMessage")
    .times(times)
    .reply(200, (_uri, body) => ({ MessageId: "5fea7756-0ea4-451a-a703-a558b933e274", MD5OfMessageBody: md5(json(body).MessageBody), SequenceNumber: "18849496460467696128" }), {
      "content-type": "application/x-amz-json-1.0",
    });
}

/** The event Lambda hands the consumer for these messages (one record each, as the template's BatchSize 1 does). */
function sqsEvent(...bodies: string[]): SqsEvent {
  const template = fixture("aws/sqs-fifo-event.json").Records[0];
  return {
    Records: bodies.map((body, i) => {
      const delivery = JSON.parse(body) as QueuedDelivery;
      return {
        ...template,
        messageId: `message-${i}`,
        body,
        md5OfBody: md5(body),
        attributes: { ...template.attributes, MessageGroupId: groupOf(delivery), MessageDeduplicationId: delivery.id },
      };
    }),
  };
}

describe("receiveWebhook (the receiving function)", () => {
  it("verifies the delivery and sends it to the FIFO queue, grouped per pull request and deduplicated by delivery id; answers 202", async () => {
    const sent: any[] = [];
    acceptsMessages(sent);

    const result = await receiveWebhook(signed("pull_request", fixture("webhooks/pull_request.opened.json")));

    expect(result).toEqual({ statusCode: 202, headers: { "content-type": "application/json" }, body: '{"ok":true,"queued":true}' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ QueueUrl: QUEUE_URL, MessageGroupId: "Codertocat/Hello-World#2", MessageDeduplicationId: "72d3162e-cc78-11e3-81ab-4c9367dc0958" });
    const message = JSON.parse(sent[0].MessageBody);
    expect(message).toMatchObject({ id: "72d3162e-cc78-11e3-81ab-4c9367dc0958", name: "pull_request", payload: { action: "opened", pull_request: { number: 2 } } });
    // Only the fields the handlers read travel (SQS messages are limited to 256 KiB; payloads are not).
    expect(Object.keys(message.payload).sort()).toEqual(["action", "installation", "pull_request", "repository"]);
    expect(sent[0].MessageBody.length).toBeLessThan(JSON.stringify(fixture("webhooks/pull_request.opened.json")).length / 4);
  });

  it("groups a re-run by its commit", async () => {
    const sent: any[] = [];
    acceptsMessages(sent);
    const payload = fixture("webhooks/check_run.rerequested.json");

    expect((await receiveWebhook(signed("check_run", payload))).statusCode).toBe(202);
    expect(sent[0].MessageGroupId).toBe(`Codertocat/Hello-World@${payload.check_run.head_sha}`);
  });

  it("acknowledges an event the app does not handle without queueing it", async () => {
    const result = await receiveWebhook(signed("issues", { action: "opened" }));
    expect(result.statusCode).toBe(202);
    expect(JSON.parse(result.body)).toEqual({ ok: true, queued: false });
  });

  it("answers 400 to a bad signature and to a malformed signed payload, and sends nothing", async () => {
    const request = signed("pull_request", fixture("webhooks/pull_request.opened.json"));
    expect((await receiveWebhook({ ...request, headers: { ...request.headers, "X-Hub-Signature-256": "sha256=00" } })).statusCode).toBe(400);
    const payload = fixture("webhooks/pull_request.opened.json");
    delete payload.pull_request;
    const malformed = await receiveWebhook(signed("pull_request", payload));
    expect(malformed.statusCode).toBe(400);
    expect(JSON.parse(malformed.body).error).toContain("malformed pull_request payload: pull_request:");
  });

  it("throws when SQS refuses the message, so the function fails and GitHub shows the delivery as failed (it can be redelivered)", async () => {
    nock(SQS)
      .post("/")
      .times(3) // the SDK's own retries
      .reply(500, { __type: "com.amazonaws.sqs#InternalError", message: "We encountered an internal error." }, { "content-type": "application/x-amz-json-1.0" });
    await expect(receiveWebhook(signed("pull_request", fixture("webhooks/pull_request.opened.json")))).rejects.toThrow("internal error");
  });

  it("says which setting is missing when BEDROCK_COST_QUEUE_URL is not set", async () => {
    vi.stubEnv("BEDROCK_COST_QUEUE_URL", "");
    await expect(receiveWebhook(signed("pull_request", fixture("webhooks/pull_request.opened.json")))).rejects.toThrow("BEDROCK_COST_QUEUE_URL is not set");
  });
});

describe("reviewQueued (the queue consumer)", () => {
  async function queued(name: string, payload: unknown, delivery?: string): Promise<string> {
    const sent: any[] = [];
    acceptsMessages(sent);
    await receiveWebhook(signed(name, payload, delivery));
    return sent[0].MessageBody;
  }

  it("reviews what the receiver queued; a review that fails completes its check run and hands its message back to the queue", async () => {
    const body = await queued("pull_request", fixture("webhooks/pull_request.opened.json"));
    const updates: any[] = [];
    // The review gets as far as the compare (404 here) and completes its run as failed: a review failure
    // is reported on the check run, and the message is handed back for SQS to retry.
    mockToken(nock(API))
      .get(`${REPO_PATH}/commits/${fixture("webhooks/pull_request.opened.json").pull_request.head.sha}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] })
      .post(`${REPO_PATH}/check-runs`)
      .reply(201, { id: CHECK_RUN_ID })
      .get(/\/compare\//)
      .query(true)
      .reply(404, { message: "Not Found" })
      .patch(`${REPO_PATH}/check-runs/${CHECK_RUN_ID}`, (update) => updates.push(update) > 0)
      .reply(200, { id: CHECK_RUN_ID });

    const result = await reviewQueued(sqsEvent(body), { getRemainingTimeInMillis: () => 300_000 });

    expect(updates).toEqual([expect.objectContaining({ status: "completed", conclusion: "failure" })]);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "message-0" }] });
  });

  it("acknowledges a delivery the app verifies and ignores (no API calls), and drops a message that is no delivery at all", async () => {
    const payload = fixture("webhooks/check_run.rerequested.json");
    payload.check_run.name = "lint";
    const ignored = await queued("check_run", payload);
    const event = sqsEvent(ignored);
    event.Records.push({ ...event.Records[0]!, messageId: "garbage", body: "not json" }, { ...event.Records[0]!, messageId: "stale", body: JSON.stringify({ id: "x", name: "issues", payload: {} }) });

    expect(await reviewQueued(event, { getRemainingTimeInMillis: () => 300_000 })).toEqual({ batchItemFailures: [] });
  });

  it("drops a queued pull_request message whose payload lacks the pull request (retrying cannot fix it)", async () => {
    const body = JSON.stringify({ id: "d-9", name: "pull_request", payload: { action: "opened" } });
    expect(await reviewQueued({ Records: [{ messageId: "m-9", body }] })).toEqual({ batchItemFailures: [] });
  });
});

describe("handler (the single function) and malformed payloads", () => {
  it("answers 400, naming the missing field, to a signed pull_request delivery without a pull_request object", async () => {
    const payload = fixture("webhooks/pull_request.opened.json");
    delete payload.pull_request;
    const result = await handler(signed("pull_request", payload));
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body).error).toBe("malformed pull_request payload: pull_request: Invalid input: expected object, received undefined");
  });

  it("answers 400 to a check_run delivery whose head_sha is not a commit SHA", async () => {
    const payload = fixture("webhooks/check_run.rerequested.json");
    payload.check_run.head_sha = "main";
    const result = await handler(signed("check_run", payload));
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body).error).toBe("malformed check_run payload: check_run.head_sha: a 40-hex commit SHA");
  });
});
