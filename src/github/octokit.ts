import { ProbotOctokit } from "probot";

/** A request hit by a rate limit is retried at most this many times… */
export const RATE_LIMIT_RETRIES = 2;
/** …and only when GitHub asks to wait less than this. A longer wait would keep the check run in progress. */
export const MAX_RATE_LIMIT_WAIT_SECONDS = 60;

export interface ThrottleOptions {
  /** Epoch ms: no rate-limit retry whose wait would end later (a Lambda's end, say). */
  retryUntil?: number;
}

/**
 * Whether to wait out a primary or secondary rate limit: at most `RATE_LIMIT_RETRIES` retries, each
 * waiting under `MAX_RATE_LIMIT_WAIT_SECONDS`, and never past `retryUntil`. Otherwise the request fails
 * and the review's error path completes the check run saying why.
 */
export function shouldRetryRateLimit(retryAfterSeconds: number, retryCount: number, retryUntil?: number, now = Date.now()): boolean {
  if (retryCount >= RATE_LIMIT_RETRIES) return false;
  if (!(retryAfterSeconds < MAX_RATE_LIMIT_WAIT_SECONDS)) return false;
  return retryUntil === undefined || now + retryAfterSeconds * 1000 < retryUntil;
}

interface LimitedRequest {
  method?: string;
  url?: string;
}
interface Logging {
  log?: { warn(message: string): void };
}

/** The options Probot gives an Octokit it builds, as far as `boundedThrottling` reads them. */
export interface OctokitInstanceOptions {
  auth?: { installationId?: number | string };
  throttle?: object;
  retry?: { doNotRetry?: number[] };
}

/**
 * Probot's Octokit with bounded rate-limit handling, for the server and the Lambda entry. A function
 * default, not an object: Probot layers its own throttle options (which retry a primary limit twice at
 * any wait, and log a secondary one) over object defaults, and this runs after that layer.
 */
export function throttledOctokit(options: ThrottleOptions = {}): typeof ProbotOctokit {
  return ProbotOctokit.defaults((instanceOptions: OctokitInstanceOptions) => boundedThrottling(instanceOptions, options)) as typeof ProbotOctokit;
}

/**
 * The options throttledOctokit gives each Octokit. 429s are left to the throttling plugin alone: the
 * retry plugin would otherwise retry them again, three more times. Each installation gets its own
 * throttle queue (GitHub's one-write-a-second advice is per installation token): Probot builds a
 * webhook's client without that key, which put every installation of the server in one queue — one
 * write a second for the whole server, about six reviews a minute under load.
 */
export function boundedThrottling(instanceOptions: OctokitInstanceOptions, options: ThrottleOptions = {}): OctokitInstanceOptions {
  const decide = (kind: string) => (retryAfter: number, request: LimitedRequest, octokit: Logging, retryCount = 0) => {
    const retry = shouldRetryRateLimit(retryAfter, retryCount, options.retryUntil);
    octokit?.log?.warn(
      `${kind} rate limit hit by "${request.method} ${request.url}" (retry-after ${retryAfter} s, ${retryCount} ${retryCount === 1 ? "retry" : "retries"} so far): ${retry ? "retrying" : "giving up"}`,
    );
    return retry;
  };
  const installationId = instanceOptions.auth?.installationId;
  return {
    ...instanceOptions,
    retry: { ...instanceOptions.retry, doNotRetry: [...new Set([...(instanceOptions.retry?.doNotRetry ?? [400, 401, 403, 404, 410, 422, 451]), 429])] },
    throttle: {
      ...instanceOptions.throttle,
      ...(installationId !== undefined ? { id: `installation-${installationId}` } : {}),
      onRateLimit: decide("Primary"),
      onSecondaryRateLimit: decide("Secondary"),
    },
  };
}
