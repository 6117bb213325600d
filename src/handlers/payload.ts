import { z } from "zod";

/**
 * A signed delivery whose payload lacks what its event must carry. Its `status` is what the webhook
 * middleware answers with (Probot's and the Lambda entry alike): 400, the request's fault — not a 500.
 */
export class MalformedPayload extends Error {
  readonly status = 400;
  constructor(event: string, issues: string) {
    super(`malformed ${event} payload: ${issues}`);
    this.name = "MalformedPayload";
  }
}

const sha = z.string().regex(/^[0-9a-f]{40}$/i, "a 40-hex commit SHA");
const repository = z.object({ id: z.number().int(), name: z.string().min(1), html_url: z.string().min(1), owner: z.object({ login: z.string().min(1) }) });
const installation = z.object({ id: z.number().int() });
const listedPullRequests = z.array(z.object({ number: z.number().int(), base: z.object({ repo: z.object({ id: z.number().int() }) }) }));

/** The fields each handled event reads (parsing keeps only these: what a queue message carries). */
const PAYLOADS = {
  pull_request: z.object({
    action: z.string(),
    repository,
    installation,
    pull_request: z.object({ number: z.number().int().positive(), state: z.string(), draft: z.boolean().optional(), head: z.object({ sha }), base: z.object({ sha }) }),
    changes: z.object({ base: z.unknown().optional() }).optional(),
  }),
  check_run: z.object({ action: z.string(), repository, installation, check_run: z.object({ name: z.string(), head_sha: sha, pull_requests: listedPullRequests }) }),
  check_suite: z.object({ action: z.string(), repository, installation, check_suite: z.object({ head_sha: sha, pull_requests: listedPullRequests }) }),
} as const;

export type HandledEvent = keyof typeof PAYLOADS;

export function isHandledEvent(name: string): name is HandledEvent {
  return Object.hasOwn(PAYLOADS, name);
}

/**
 * The part of the payload the handlers read, or MalformedPayload naming each missing or mistyped field.
 * Every other field is dropped: GitHub's payloads run to hundreds of kilobytes, a queue message is small.
 */
export function requireFields(event: HandledEvent, payload: unknown): Record<string, unknown> {
  const parsed = PAYLOADS[event].safeParse(payload);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join(".") || "(payload)"}: ${issue.message}`);
  throw new MalformedPayload(event, issues.join("; "));
}
