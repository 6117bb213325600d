import { createProbot, type Probot } from "probot";
import { createApp } from "./app.js";
import { throttledOctokit } from "./github/octokit.js";
import { isHandledEvent, MalformedPayload, requireFields } from "./handlers/payload.js";
import { reviewKey, runNow } from "./queue/review-queue.js";
import { configuredEngine, type Engine } from "./workers/engine-pool.js";

/** The parts of an API Gateway (payload v1 or v2) or Lambda function URL event the handler reads. */
export interface LambdaHttpEvent {
  headers?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}

/** The part of the Lambda context the handler reads: the time left before the function is stopped. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/**
 * Time kept back from the function's limit: when only this much is left, the review stops and completes
 * its check run as neutral (one or two API calls), instead of Lambda killing it mid-review with the
 * check run left in progress.
 */
export const LAMBDA_SAFETY_MARGIN_MS = 10_000;

export interface LambdaHttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** A verified delivery, as the queue carries it from the receiving function to the reviewing one. */
export interface QueuedDelivery {
  id: string;
  name: string;
  payload: Record<string, unknown>;
}

/**
 * One function for small installations: verifies the webhook and reviews before answering. A fresh
 * Probot per event, configured from the same environment variables as `npm start`, so nothing carries
 * over between invocations. GitHub gives up on a delivery after 10 s, so a review that takes longer is
 * still completed but shows as a failed delivery; `receiveWebhook` + `reviewQueued` answer at once.
 *
 * A request that is not a verified GitHub webhook (headers missing, signature wrong, body not JSON) or
 * a verified one whose payload lacks what its event needs answers 400. An error while handling a
 * verified delivery, even a GitHub API 400, is thrown, so Lambda reports it as the function's failure.
 */
export async function handler(event: LambdaHttpEvent, context?: LambdaContext): Promise<LambdaHttpResult> {
  const end = endOf(context);
  const probot = await appProbot(end);
  const received = await verified(probot, event);
  if ("statusCode" in received) return received;
  await probot.webhooks.receive({ id: received.id, name: received.name as never, payload: received.payload as never });
  return reply(200, { ok: true });
}

/**
 * The receiving function of the queued deployment (deploy/aws/template.yaml): verifies the delivery,
 * keeps the fields the handlers read, and sends it to the FIFO queue named by BEDROCK_COST_QUEUE_URL —
 * grouped per pull request (or commit), so one PR's reviews run one at a time and in order, and
 * deduplicated by delivery id, so GitHub's redelivery of the same event is not reviewed twice. Answers
 * within the time of one SQS request; events the app does not handle are acknowledged and dropped.
 */
export async function receiveWebhook(event: LambdaHttpEvent): Promise<LambdaHttpResult> {
  const received = await verified(await appProbot(undefined), event);
  if ("statusCode" in received) return received;
  if (!isHandledEvent(received.name)) return reply(202, { ok: true, queued: false });
  const queueUrl = process.env.BEDROCK_COST_QUEUE_URL;
  if (!queueUrl) throw new Error("BEDROCK_COST_QUEUE_URL is not set: the receiving function has no queue to send deliveries to");
  const { SQSClient, SendMessageCommand } = await import("@aws-sdk/client-sqs");
  const message: QueuedDelivery = { id: received.id, name: received.name, payload: received.payload };
  await new SQSClient({}).send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(message),
      MessageGroupId: groupOf(message),
      MessageDeduplicationId: received.id,
    }),
  );
  return reply(202, { ok: true, queued: true });
}

/** The parts of an SQS event (Lambda's event source mapping) the consumer reads. */
export interface SqsEvent {
  Records: Array<{ messageId: string; body: string }>;
}

/** Lambda's partial batch response: only the failed messages go back to the queue. */
export interface SqsBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/**
 * The reviewing function of the queued deployment: each SQS message is one verified delivery, reviewed
 * under the function's remaining time less the safety margin. A message that fails (GitHub down past
 * its retries) is handed back to the queue, which retries it and then moves it to the dead-letter queue;
 * a message that is not a delivery at all is logged and dropped, since retrying cannot fix it.
 */
export async function reviewQueued(event: SqsEvent, context?: LambdaContext): Promise<SqsBatchResponse> {
  const failures: SqsBatchResponse["batchItemFailures"] = [];
  const probot = await appProbot(endOf(context));
  for (const record of event.Records ?? []) {
    let delivery: QueuedDelivery;
    try {
      delivery = parseDelivery(record.body);
    } catch (error) {
      probot.log.error(`SQS message ${record.messageId} dropped: ${(error as Error).message}`);
      continue;
    }
    try {
      await probot.webhooks.receive({ id: delivery.id, name: delivery.name as never, payload: delivery.payload as never });
    } catch (error) {
      probot.log.error(`delivery ${delivery.id} (${delivery.name}) failed, handed back to the queue: ${(error as Error).message}`);
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}

function parseDelivery(body: string): QueuedDelivery {
  const parsed = JSON.parse(body) as Partial<QueuedDelivery>;
  if (typeof parsed?.id !== "string" || typeof parsed.name !== "string" || typeof parsed.payload !== "object" || parsed.payload === null) {
    throw new Error("not a queued delivery (id, name and payload are required)");
  }
  if (!isHandledEvent(parsed.name)) throw new Error(`event "${parsed.name}" is not one this app handles`);
  return { id: parsed.id, name: parsed.name, payload: requireFields(parsed.name, parsed.payload) };
}

/** The FIFO group of a delivery: the key its review runs under in the server's queue (see reviewKey). */
export function groupOf(delivery: QueuedDelivery): string {
  const payload = delivery.payload as { repository: { owner: { login: string }; name: string }; pull_request?: { number: number }; check_run?: { head_sha: string }; check_suite?: { head_sha: string } };
  const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
  if (payload.pull_request) return reviewKey.pullRequest(repo, payload.pull_request.number);
  return reviewKey.commit(repo, payload.check_run?.head_sha ?? payload.check_suite?.head_sha ?? "");
}

function endOf(context: LambdaContext | undefined): number | undefined {
  return typeof context?.getRemainingTimeInMillis === "function" ? Date.now() + context.getRemainingTimeInMillis() : undefined;
}

/** One engine worker per function instance (a Lambda reviews one delivery at a time), kept while the instance is warm. */
let engine: Engine | undefined;

async function appProbot(end: number | undefined): Promise<Probot> {
  const until = end === undefined ? undefined : end - LAMBDA_SAFETY_MARGIN_MS;
  const probot = createProbot({ overrides: { Octokit: throttledOctokit(until === undefined ? {} : { retryUntil: until }) } });
  engine ??= configuredEngine(process.env, 1).engine;
  await probot.load(createApp({ schedule: runNow(until === undefined ? {} : { deadline: until }), engine }));
  return probot;
}

/**
 * Checks the request apart from running any handler: what fails here is the request's fault, and only
 * that. Returns the delivery (its payload reduced to what the handlers read) or the 400 to answer.
 */
async function verified(probot: Probot, event: LambdaHttpEvent): Promise<QueuedDelivery | LambdaHttpResult> {
  const headers = Object.fromEntries(Object.entries(event?.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const id = headers["x-github-delivery"];
  const name = headers["x-github-event"];
  const signature = headers["x-hub-signature-256"];
  const body = event?.body;
  if (!id || !name || !signature || typeof body !== "string") {
    return reply(400, { error: "not a signed GitHub webhook: x-github-delivery, x-github-event and x-hub-signature-256 are required" });
  }
  const payload = event.isBase64Encoded ? Buffer.from(body, "base64").toString("utf8") : body;
  const valid = await probot.webhooks.verify(payload, signature).catch(() => false);
  if (!valid) return reply(400, { error: "[@octokit/webhooks] signature does not match event payload and secret" });
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return reply(400, { error: "Invalid JSON" });
  }
  if (!isHandledEvent(name)) return { id, name, payload: parsed as Record<string, unknown> };
  try {
    return { id, name, payload: requireFields(name, parsed) };
  } catch (error) {
    if (!(error instanceof MalformedPayload)) throw error;
    probot.log.warn(`delivery ${id} refused: ${error.message}`);
    return reply(400, { error: error.message });
  }
}

function reply(statusCode: number, body: object): LambdaHttpResult {
  return { statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}
