import { createProbot } from "probot";
import { createApp } from "./app.js";
import { throttledOctokit } from "./github/octokit.js";

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

/**
 * AWS Lambda entry: verifies the webhook signature and runs the app for one event. A fresh Probot per
 * event, configured from the same environment variables as `npm start`, so nothing carries over between
 * invocations and any number of instances can run side by side.
 *
 * Only a request that is not a verified GitHub webhook (headers missing, signature wrong, body not JSON)
 * answers 400. An error while handling a verified delivery, even a GitHub API 400, is thrown, so Lambda
 * reports it as the function's failure rather than blaming the request.
 *
 * With the Lambda context, a review gets the function's remaining time less LAMBDA_SAFETY_MARGIN_MS as
 * its deadline, and a rate-limit wait that would outlast the function is not waited out.
 */
export async function handler(event: LambdaHttpEvent, context?: LambdaContext): Promise<LambdaHttpResult> {
  const end = typeof context?.getRemainingTimeInMillis === "function" ? Date.now() + context.getRemainingTimeInMillis() : undefined;
  const headers = Object.fromEntries(Object.entries(event?.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const id = headers["x-github-delivery"];
  const name = headers["x-github-event"];
  const signature = headers["x-hub-signature-256"];
  const body = event?.body;
  if (!id || !name || !signature || typeof body !== "string") {
    return reply(400, { error: "not a signed GitHub webhook: x-github-delivery, x-github-event and x-hub-signature-256 are required" });
  }
  const payload = event.isBase64Encoded ? Buffer.from(body, "base64").toString("utf8") : body;
  const probot = createProbot({ overrides: { Octokit: throttledOctokit(end === undefined ? {} : { retryUntil: end - LAMBDA_SAFETY_MARGIN_MS }) } });
  await probot.load(createApp(end === undefined ? {} : { deadline: end - LAMBDA_SAFETY_MARGIN_MS }));
  // Verify first, apart from running the handlers: what fails here is the request's fault, and only that.
  const verified = await probot.webhooks.verify(payload, signature).catch(() => false);
  if (!verified) return reply(400, { error: "[@octokit/webhooks] signature does not match event payload and secret" });
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return reply(400, { error: "Invalid JSON" });
  }
  await probot.webhooks.receive({ id, name: name as never, payload: parsed as never });
  return reply(200, { ok: true });
}
function reply(statusCode: number, body: object): LambdaHttpResult {
  return { statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}
