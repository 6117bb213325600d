import type { GitHubClient } from "./client.js";

/**
 * Requests whose answers are large — blob texts, recursive tree listings — parsed with the built-in
 * JSON.parse. Octokit parses every answer with json-with-bigint (for int64 ids), which on Node 20 runs a
 * regular expression over every string of the answer and a reviver over every value: on a 50 MB review
 * it took more of the App's thread than the whole analysis in a worker. These answers hold no integer
 * beyond 2^53 (byte sizes, not ids). HTTP errors, retries and rate limits go through Octokit as before.
 */
export async function requestLargeJson<T>(github: GitHubClient, route: string, parameters: Record<string, unknown>): Promise<T> {
  const { data } = await github.request(route, { ...parameters, request: { parseSuccessResponseBody: false } });
  return JSON.parse(await new Response(data as ReadableStream<Uint8Array>).text()) as T;
}

/** GitHub Enterprise Server's REST base URL, whose GraphQL endpoint is /api/graphql (as @octokit/graphql maps it). */
const GHES_REST_SUFFIX = /\/api\/v3\/?$/;

/**
 * A GraphQL query with a large answer, through requestLargeJson. Errors in the answer fail the query,
 * as `github.graphql` does; a RATE_LIMITED error is not waited out (GraphQL's limit resets hourly,
 * past any wait a check run can afford).
 */
export async function graphqlLargeJson<T>(github: GitHubClient, query: string, variables: Record<string, unknown>): Promise<T> {
  const baseUrl = github.request.endpoint.DEFAULTS.baseUrl;
  const url = GHES_REST_SUFFIX.test(baseUrl) ? baseUrl.replace(GHES_REST_SUFFIX, "/api/graphql") : "/graphql";
  const answer = await requestLargeJson<{ data?: T; errors?: Array<{ message: string; type?: string }> }>(github, `POST ${url}`, { query, variables });
  if (answer.errors?.length) {
    throw new Error(`GitHub's GraphQL API answered with errors: ${answer.errors.map((error) => error.message).join("; ")}`);
  }
  return answer.data as T;
}
