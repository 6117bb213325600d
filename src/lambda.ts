import { createProbot } from "probot";
import app from "./app.js";

/** The parts of an API Gateway (payload v1 or v2) or Lambda function URL event the handler reads. */
export interface LambdaHttpEvent {
  headers: Record<string, string | undefined>;
  body: string | null;
  isBase64Encoded?: boolean;
}

export interface LambdaHttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * AWS Lambda entry: verifies the webhook signature and runs the app for one event. A fresh Probot per
 * event, configured from the same environment variables as `npm start`, so nothing carries over between
 * invocations and any number of instances can run side by side.
 */
export async function handler(event: LambdaHttpEvent): Promise<LambdaHttpResult> {
  const headers = Object.fromEntries(Object.entries(event.headers).map(([name, value]) => [name.toLowerCase(), value]));
  const id = headers["x-github-delivery"];
  const name = headers["x-github-event"];
  const signature = headers["x-hub-signature-256"];
  if (!id || !name || !signature || event.body === null) {
    return reply(400, { error: "not a signed GitHub webhook: x-github-delivery, x-github-event and x-hub-signature-256 are required" });
  }
  const payload = event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
  const probot = createProbot();
  await probot.load(app);
  try {
    await probot.webhooks.verifyAndReceive({ id, name: name as never, signature, payload });
  } catch (error) {
    // @octokit/webhooks rejects a bad signature or body with status 400 inside an AggregateError.
    const rejected = (error as { errors?: Array<{ status?: number }> }).errors?.some((inner) => inner.status === 400);
    if (rejected) return reply(400, { error: (error as Error).message });
    throw error;
  }
  return reply(200, { ok: true });
}

function reply(statusCode: number, body: object): LambdaHttpResult {
  return { statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}
