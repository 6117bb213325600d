import type { GitHubClient } from "./client.js";

/**
 * How a GitHub tree reads its large answers — blob texts, tree listings: as raw bodies, parsed by the
 * thread that uses them. In the App's workers the request still goes through the App's client (its
 * credentials, retries and rate limits, see protocol.ts), but the parsing, most of the cost, is the
 * worker's.
 */
export interface GitHubReader {
  /** One request's answer body, unparsed. HTTP errors keep their status. */
  body(route: string, parameters: Record<string, unknown>): Promise<Uint8Array>;
  /** GitHub's GraphQL route on this host (GitHub Enterprise Server's differs). */
  readonly graphqlRoute: string;
}

/** GitHub Enterprise Server's REST base URL, whose GraphQL endpoint is /api/graphql (as @octokit/graphql maps it). */
const GHES_REST_SUFFIX = /\/api\/v3\/?$/;

/**
 * A reader over the App's client. Bodies are not parsed by Octokit, which parses every answer with
 * json-with-bigint (for int64 ids): on Node 20 that runs a regular expression over every string and a
 * reviver over every value, and on a 50 MB review took more of the App's thread than the analysis took
 * in a worker. These answers hold no integer beyond 2^53 (byte sizes, not ids).
 */
export function githubReader(github: GitHubClient): GitHubReader {
  const baseUrl = github.request.endpoint.DEFAULTS.baseUrl;
  return {
    graphqlRoute: `POST ${GHES_REST_SUFFIX.test(baseUrl) ? baseUrl.replace(GHES_REST_SUFFIX, "/api/graphql") : "/graphql"}`,
    async body(route, parameters) {
      const { data } = await github.request(route, { ...parameters, request: { parseSuccessResponseBody: false } });
      return new Uint8Array(await new Response(data as ReadableStream<Uint8Array>).arrayBuffer());
    },
  };
}

const decoder = new TextDecoder();

/** A JSON answer, parsed with the built-in JSON.parse. */
export async function requestJson<T>(reader: GitHubReader, route: string, parameters: Record<string, unknown>): Promise<T> {
  return JSON.parse(decoder.decode(await reader.body(route, parameters))) as T;
}

/**
 * A GraphQL query. Errors in the answer fail the query, as `github.graphql` does; a RATE_LIMITED error
 * is not waited out (GraphQL's limit resets hourly, past any wait a check run can afford).
 */
export async function graphqlJson<T>(reader: GitHubReader, query: string, variables: Record<string, unknown>): Promise<T> {
  const answer = await requestJson<{ data?: T; errors?: Array<{ message: string; type?: string }> }>(reader, reader.graphqlRoute, { query, variables });
  if (answer.errors?.length) {
    throw new Error(`GitHub's GraphQL API answered with errors: ${answer.errors.map((error) => error.message).join("; ")}`);
  }
  return answer.data as T;
}
