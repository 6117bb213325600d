import { createHash, verify } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { blobId } from "../../src/changeset/tree.js";
import type { Files, Scenario } from "./scenario.js";

/**
 * A local stand-in for GitHub's REST (/api/v3) and GraphQL (/api/graphql) APIs, as GitHub Enterprise
 * Server lays them out, with every endpoint a review calls answered from real state: installation tokens
 * (the app's JWT verified), pull requests, compare, git trees and blobs, contents, check runs and issue
 * comments. Faults: a seeded share of requests answers 502 without being applied (the request never
 * reached GitHub's backend), and exactly one write answers a secondary rate limit.
 */

export interface CheckRun {
  id: number;
  owner: string;
  repo: string;
  name: string;
  head_sha: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  started_at: string;
  completed_at: string | null;
  title: string;
  annotations: number;
  /** Completing requests that arrived after the run was already completed. */
  recompletions: number;
}

export interface IssueComment {
  id: number;
  owner: string;
  repo: string;
  issue: number;
  body: string;
  createdAt: number;
  updates: number;
  minimized: boolean;
}

export interface FaultOptions {
  seed: number;
  /** Share of API requests answered 502 (token requests and GraphQL included). */
  errorRate: number;
  /** The first write (POST/PATCH/DELETE under /repos) at or after this request number gets the secondary rate limit. */
  secondaryLimitFrom: number;
  /** Simulated GitHub latency per request, ms (uniform). */
  latencyMs: [number, number];
}

export interface RequestRecord {
  at: number;
  method: string;
  route: string;
  path: string;
  status: number;
  fault?: "502" | "secondary-rate-limit";
  installation?: number;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string>; raw?: string };
type Handler = (req: Incoming) => Reply;
interface Incoming {
  method: string;
  url: URL;
  params: string[];
  body: any;
  installation: number | undefined;
}

interface RepoState {
  owner: string;
  name: string;
  id: number;
  installationId: number;
  baseTip: string;
  commits: Map<string, Files>;
  blobs: Map<string, string>;
  pulls: Map<number, { number: number; head: string; mergeBase: string; heads: Set<string> }>;
}

/** mulberry32: a small seeded PRNG, so the fault sequence is the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SECONDARY_LIMIT_MESSAGE =
  "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.";

export class StandInGitHub {
  readonly checkRuns: CheckRun[] = [];
  readonly comments: IssueComment[] = [];
  readonly deletedComments: IssueComment[] = [];
  readonly requests: RequestRecord[] = [];
  /** Requests answered 404 because no route matched: the stand-in is missing an endpoint the app calls. */
  readonly unhandled: string[] = [];
  tokensIssued = 0;
  inFlight = 0;
  lastRequestAt = 0;

  private readonly repos = new Map<string, RepoState>();
  private readonly routes: Array<[string, RegExp, string, Handler]> = [];
  private readonly faultRoll: () => number;
  private readonly latencyRoll: () => number;
  private secondaryLimitSent = false;
  private nextCheckRunId = 7_000_001;
  private nextCommentId = 900_001;
  private server: Server | undefined;

  constructor(
    scenario: Scenario,
    private readonly app: { id: number; publicKey: string },
    private readonly faults: FaultOptions,
  ) {
    this.faultRoll = prng(faults.seed);
    this.latencyRoll = prng(faults.seed ^ 0x5bd1e995);
    for (const plan of scenario.repos) {
      const commits = new Map<string, Files>();
      const blobs = new Map<string, string>();
      const add = (sha: string) => {
        const files = scenario.commits.get(sha)!;
        commits.set(sha, files);
        for (const text of files.values()) blobs.set(oidOf(text), text);
      };
      add(plan.prs[0]!.baseTip);
      const pulls: RepoState["pulls"] = new Map();
      for (const pr of plan.prs) {
        add(pr.mergeBase);
        for (const head of pr.heads) add(head);
        pulls.set(pr.number, { number: pr.number, head: pr.heads[0], mergeBase: pr.mergeBase, heads: new Set(pr.heads) });
      }
      this.repos.set(`${plan.owner}/${plan.name}`, { owner: plan.owner, name: plan.name, id: plan.id, installationId: plan.installationId, baseTip: plan.prs[0]!.baseTip, commits, blobs, pulls });
    }
    this.defineRoutes();
  }

  async listen(): Promise<number> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A push: GitHub moves the PR's head before it sends the synchronize delivery. */
  push(owner: string, repo: string, number: number, head: string): void {
    this.repos.get(`${owner}/${repo}`)!.pulls.get(number)!.head = head;
  }

  /** The PR's head as GitHub reports it now. */
  headOf(owner: string, repo: string, number: number): string {
    return this.repos.get(`${owner}/${repo}`)!.pulls.get(number)!.head;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    this.lastRequestAt = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    const method = req.method ?? "GET";
    const record: RequestRecord = { at: Date.now(), method, route: `${method} ${url.pathname}`, path: url.pathname, status: 0 };
    let reply: Reply;
    try {
      reply = this.answer(method, url, text, req.headers.authorization, record);
    } catch (error) {
      reply = { status: 500, body: { message: `stand-in error: ${(error as Error).message}` } };
    }
    const [low, high] = this.faults.latencyMs;
    await new Promise((resolve) => setTimeout(resolve, low + this.latencyRoll() * (high - low)));
    record.status = reply.status;
    this.requests.push(record);
    const headers: Record<string, string> = {
      "x-github-request-id": `LOAD:${this.requests.length}`,
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "4999",
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
      ...reply.headers,
    };
    if (reply.raw !== undefined) {
      res.writeHead(reply.status, { "content-type": "application/vnd.github.raw; charset=utf-8", ...headers }).end(reply.raw);
    } else if (reply.body === undefined) {
      res.writeHead(reply.status, headers).end();
    } else {
      res.writeHead(reply.status, { "content-type": "application/json; charset=utf-8", ...headers }).end(JSON.stringify(reply.body));
    }
    this.inFlight--;
    this.lastRequestAt = Date.now();
  }

  private answer(method: string, url: URL, text: string, authorization: string | undefined, record: RequestRecord): Reply {
    const match = this.route(method, url.pathname);
    record.route = match ? `${method} ${match.template}` : `${method} ${url.pathname}`;
    // Roll for every request, so the fault sequence depends only on the order requests arrive in.
    const roll = this.faultRoll();
    const isWrite = method !== "GET" && url.pathname.startsWith("/api/v3/repos/");
    if (isWrite && !this.secondaryLimitSent && this.requests.length + 1 >= this.faults.secondaryLimitFrom) {
      this.secondaryLimitSent = true;
      record.fault = "secondary-rate-limit";
      return {
        status: 403,
        headers: { "retry-after": "1" },
        body: { message: SECONDARY_LIMIT_MESSAGE, documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits" },
      };
    }
    if (roll < this.faults.errorRate) {
      record.fault = "502";
      return { status: 502, body: { message: "Server Error" } };
    }
    if (!match) {
      this.unhandled.push(`${method} ${url.pathname}${url.search}`);
      return { status: 404, body: { message: "Not Found (no such endpoint in the stand-in)" } };
    }
    const auth = this.authorize(match.template, authorization);
    if ("status" in auth) return auth;
    record.installation = auth.installation;
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        return { status: 400, body: { message: "Problems parsing JSON" } };
      }
    }
    return match.handler({ method, url, params: match.params, body, installation: auth.installation });
  }

  private route(method: string, pathname: string): { template: string; params: string[]; handler: Handler } | undefined {
    for (const [m, pattern, template, handler] of this.routes) {
      if (m !== method) continue;
      const found = pattern.exec(pathname);
      if (found) return { template, params: found.slice(1).map(decodeURIComponent), handler };
    }
    return undefined;
  }

  /** The token exchange takes the app's JWT (verified against its public key); everything else an installation token. */
  private authorize(template: string, authorization: string | undefined): { installation: number | undefined } | Reply {
    const [scheme, credential] = (authorization ?? "").split(" ");
    if (template === "/app/installations/{id}/access_tokens") {
      if (scheme?.toLowerCase() !== "bearer" || !credential || !this.validJwt(credential)) return { status: 401, body: { message: "A JSON web token could not be decoded" } };
      return { installation: undefined };
    }
    const token = /^ghs_(\d+)_\d+$/.exec(credential ?? "");
    if (!token || !["token", "bearer"].includes(scheme?.toLowerCase() ?? "")) return { status: 401, body: { message: "Bad credentials" } };
    return { installation: Number(token[1]) };
  }

  private validJwt(jwt: string): boolean {
    const [header, payload, signature] = jwt.split(".");
    if (!header || !payload || !signature) return false;
    const ok = verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), this.app.publicKey, Buffer.from(signature, "base64url"));
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { iss?: unknown; exp?: number };
    return ok && String(claims.iss) === String(this.app.id) && (claims.exp ?? 0) * 1000 > Date.now();
  }

  /** The repository when the installation can see it; otherwise GitHub's 404. */
  private repoFor(req: Incoming): RepoState | Reply {
    const repo = this.repos.get(`${req.params[0]}/${req.params[1]}`);
    if (!repo || repo.installationId !== req.installation) return { status: 404, body: { message: "Not Found" } };
    return repo;
  }

  private defineRoutes(): void {
    const on = (method: string, template: string, handler: Handler, prefix = "/api/v3") => {
      const pattern = new RegExp(`^${prefix}${template.replace(/\{[^}]+\}/g, "([^/]+)")}$`);
      this.routes.push([method, pattern, template, handler]);
    };
    const repoRoute = (method: string, template: string, handler: (req: Incoming, repo: RepoState) => Reply) =>
      on(method, `/repos/{owner}/{repo}${template}`, (req) => {
        const repo = this.repoFor(req);
        return "status" in repo ? repo : handler(req, repo);
      });
    const notFound: Reply = { status: 404, body: { message: "Not Found" } };

    on("POST", "/app/installations/{id}/access_tokens", (req) => {
      const id = Number(req.params[0]);
      if (![...this.repos.values()].some((repo) => repo.installationId === id)) return notFound;
      this.tokensIssued++;
      return {
        status: 201,
        body: {
          token: `ghs_${id}_${this.tokensIssued}`,
          expires_at: new Date(Date.now() + 3600_000).toISOString(),
          permissions: { checks: "write", contents: "read", pull_requests: "write", issues: "write", metadata: "read" },
          repository_selection: "all",
        },
      };
    });

    repoRoute("GET", "/pulls/{number}", (req, repo) => {
      const pull = repo.pulls.get(Number(req.params[2]));
      if (!pull) return notFound;
      const html = `https://github.com/${repo.owner}/${repo.name}`;
      return {
        status: 200,
        body: {
          number: pull.number,
          state: "open",
          draft: false,
          html_url: `${html}/pull/${pull.number}`,
          head: { ref: `change-${pull.number}`, sha: pull.head, repo: { id: repo.id, name: repo.name, full_name: `${repo.owner}/${repo.name}` } },
          base: { ref: "main", sha: repo.baseTip, repo: { id: repo.id, name: repo.name, full_name: `${repo.owner}/${repo.name}` } },
        },
      };
    });

    repoRoute("GET", "/compare/{basehead}", (req, repo) => {
      const [base, head] = req.params[2]!.split("...");
      const pull = [...repo.pulls.values()].find((p) => p.heads.has(head ?? ""));
      if (base !== repo.baseTip || !pull) return notFound;
      return { status: 200, body: { status: "diverged", ahead_by: 1, behind_by: 3, total_commits: 1, merge_base_commit: { sha: pull.mergeBase }, commits: [], files: [] } };
    });

    repoRoute("GET", "/git/trees/{sha}", (req, repo) => {
      const files = repo.commits.get(req.params[2]!);
      // A non-recursive listing is only asked for when a recursive one was truncated, which never happens here.
      if (!files || req.url.searchParams.get("recursive") === null) return notFound;
      return { status: 200, body: treeOf(req.params[2]!, files) };
    });

    repoRoute("GET", "/git/blobs/{sha}", (req, repo) => {
      const text = repo.blobs.get(req.params[2]!);
      if (text === undefined) return notFound;
      return { status: 200, body: { sha: req.params[2], size: Buffer.byteLength(text), encoding: "base64", content: Buffer.from(text).toString("base64") } };
    });

    // The config plugin reads `<owner>/.github` (no such repository here) and `_extends` targets this way.
    on("GET", "/repos/{owner}/{repo}/contents/{path}", (req) => {
      const repo = this.repos.get(`${req.params[0]}/${req.params[1]}`);
      const text = repo?.installationId === req.installation ? repo?.commits.get(req.url.searchParams.get("ref") ?? repo.baseTip)?.get(req.params[2]!) : undefined;
      return text === undefined ? notFound : { status: 200, raw: text };
    });

    repoRoute("POST", "/check-runs", (req, repo) => {
      const { name, head_sha: headSha, status, conclusion, output } = req.body ?? {};
      if (typeof name !== "string" || typeof headSha !== "string") return { status: 422, body: { message: "Invalid request: name and head_sha are required" } };
      if (!repo.commits.has(headSha)) return { status: 422, body: { message: `No commit found for SHA: ${headSha}` } };
      if ((output?.annotations?.length ?? 0) > 50) return { status: 422, body: { message: "Only 50 annotations are allowed per request" } };
      if (status === "completed" && !conclusion) return { status: 422, body: { message: "conclusion is required when status is completed" } };
      // As on GitHub, a conclusion creates the run completed.
      const done = Boolean(conclusion);
      const now = new Date().toISOString();
      const run: CheckRun = {
        id: this.nextCheckRunId++,
        owner: repo.owner,
        repo: repo.name,
        name,
        head_sha: headSha,
        status: done ? "completed" : status === "in_progress" ? "in_progress" : "queued",
        conclusion: done ? conclusion : null,
        started_at: now,
        completed_at: done ? now : null,
        title: output?.title ?? "",
        annotations: output?.annotations?.length ?? 0,
        recompletions: 0,
      };
      this.checkRuns.push(run);
      return { status: 201, body: checkRunBody(run) };
    });

    repoRoute("PATCH", "/check-runs/{id}", (req, repo) => {
      const run = this.checkRuns.find((r) => r.id === Number(req.params[2]) && r.owner === repo.owner && r.repo === repo.name);
      if (!run) return notFound;
      const { status, conclusion, output } = req.body ?? {};
      if ((output?.annotations?.length ?? 0) > 50) return { status: 422, body: { message: "Only 50 annotations are allowed per request" } };
      if (status === "completed" && !conclusion) return { status: 422, body: { message: "conclusion is required when status is completed" } };
      if (conclusion) {
        if (run.status === "completed") run.recompletions++;
        run.status = "completed";
        run.conclusion = conclusion;
        run.completed_at = new Date().toISOString();
      } else if (status === "in_progress" || status === "queued") run.status = status;
      if (output?.title) run.title = output.title;
      run.annotations += output?.annotations?.length ?? 0;
      return { status: 200, body: checkRunBody(run) };
    });

    repoRoute("GET", "/commits/{ref}/check-runs", (req, repo) => {
      const q = req.url.searchParams;
      const runs = this.checkRuns.filter(
        (r) => r.owner === repo.owner && r.repo === repo.name && r.head_sha === req.params[2] && (!q.get("check_name") || r.name === q.get("check_name")) && (!q.get("status") || r.status === q.get("status")),
      );
      return { status: 200, body: { total_count: runs.length, check_runs: runs.map(checkRunBody) } };
    });

    repoRoute("GET", "/issues/{number}/comments", (req, repo) => {
      const issue = Number(req.params[2]);
      if (!repo.pulls.has(issue)) return notFound;
      const all = this.comments.filter((c) => c.owner === repo.owner && c.repo === repo.name && c.issue === issue).sort((a, b) => a.id - b.id);
      const perPage = Math.min(Number(req.url.searchParams.get("per_page") ?? 30), 100);
      const page = Number(req.url.searchParams.get("page") ?? 1);
      const slice = all.slice((page - 1) * perPage, page * perPage);
      const headers: Record<string, string> = {};
      if (page * perPage < all.length) {
        const next = new URL(req.url);
        next.searchParams.set("page", String(page + 1));
        headers.link = `<${next.href}>; rel="next"`;
      }
      return { status: 200, headers, body: slice.map((c) => this.commentBody(c)) };
    });

    repoRoute("POST", "/issues/{number}/comments", (req, repo) => {
      const issue = Number(req.params[2]);
      if (!repo.pulls.has(issue)) return notFound;
      const body = req.body?.body;
      if (typeof body !== "string" || body.length === 0) return { status: 422, body: { message: "body is missing" } };
      if (body.length > 65_536) return { status: 422, body: { message: "body is too long (maximum is 65536 characters)" } };
      const comment: IssueComment = { id: this.nextCommentId++, owner: repo.owner, repo: repo.name, issue, body, createdAt: Date.now(), updates: 0, minimized: false };
      this.comments.push(comment);
      return { status: 201, body: this.commentBody(comment) };
    });

    repoRoute("PATCH", "/issues/comments/{id}", (req, repo) => {
      const comment = this.comments.find((c) => c.id === Number(req.params[2]) && c.owner === repo.owner && c.repo === repo.name);
      if (!comment) return notFound;
      const body = req.body?.body;
      if (typeof body !== "string" || body.length > 65_536) return { status: 422, body: { message: "body is missing or too long" } };
      comment.body = body;
      comment.updates++;
      return { status: 200, body: this.commentBody(comment) };
    });

    repoRoute("DELETE", "/issues/comments/{id}", (req, repo) => {
      const index = this.comments.findIndex((c) => c.id === Number(req.params[2]) && c.owner === repo.owner && c.repo === repo.name);
      if (index < 0) return notFound;
      this.deletedComments.push(...this.comments.splice(index, 1));
      return { status: 204 };
    });

    on("POST", "/graphql", (req) => this.graphql(req), "/api");
  }

  private commentBody(c: IssueComment) {
    return {
      id: c.id,
      node_id: `IC_${c.id}`,
      body: c.body,
      user: { login: "bedrock-cost[bot]", type: "Bot" },
      performed_via_github_app: { id: this.app.id, slug: "bedrock-cost" },
      created_at: new Date(c.createdAt).toISOString(),
      html_url: `https://github.com/${c.owner}/${c.repo}/pull/${c.issue}#issuecomment-${c.id}`,
    };
  }

  /** The two shapes the app sends: blob look-ups (by `sha:path` expression or by id) and minimizeComment. */
  private graphql(req: Incoming): Reply {
    const query = String(req.body?.query ?? "");
    const variables = (req.body?.variables ?? {}) as Record<string, string>;
    if (query.includes("minimizeComment")) {
      const comment = this.comments.find((c) => `IC_${c.id}` === variables.id);
      if (!comment) return { status: 200, body: { data: null, errors: [{ type: "NOT_FOUND", message: `Could not resolve to a node with the global id of '${variables.id}'` }] } };
      comment.minimized = true;
      return { status: 200, body: { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } } };
    }
    const repo = this.repos.get(`${variables.owner}/${variables.repo}`);
    if (!repo || repo.installationId !== req.installation) {
      return { status: 200, body: { data: { repository: null }, errors: [{ type: "NOT_FOUND", path: ["repository"], message: `Could not resolve to a Repository with the name '${variables.owner}/${variables.repo}'.` }] } };
    }
    const repository: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(variables)) {
      if (!/^[eo]\d+$/.test(name)) continue;
      const alias = `f${name.slice(1)}`;
      if (name.startsWith("o")) {
        const text = repo.blobs.get(value);
        repository[alias] = text === undefined ? null : blobNode(text);
        continue;
      }
      const colon = value.indexOf(":");
      const files = repo.commits.get(value.slice(0, colon));
      const path = value.slice(colon + 1);
      const text = files?.get(path);
      if (text !== undefined) repository[alias] = blobNode(text);
      else if (files && [...files.keys()].some((p) => p.startsWith(`${path}/`))) repository[alias] = { __typename: "Tree" };
      else repository[alias] = null;
    }
    return { status: 200, body: { data: { repository } } };
  }
}

function oidOf(text: string): string {
  return blobId(Buffer.from(text, "utf8"));
}

function blobNode(text: string) {
  return { __typename: "Blob", byteSize: Buffer.byteLength(text), isBinary: false, isTruncated: false, text };
}

/** GitHub's recursive tree listing: folders as `tree` entries, files as `blob` entries with their git ids and sizes. */
function treeOf(commit: string, files: Files) {
  const folders = new Set<string>();
  for (const path of files.keys()) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join("/"));
  }
  const tree = [
    ...[...folders].map((path) => ({ path, mode: "040000", type: "tree", sha: createHash("sha1").update(`${commit}:${path}`).digest("hex") })),
    ...[...files].map(([path, text]) => ({ path, mode: "100644", type: "blob", sha: oidOf(text), size: Buffer.byteLength(text) })),
  ].sort((a, b) => a.path.localeCompare(b.path));
  return { sha: createHash("sha1").update(`tree:${commit}`).digest("hex"), truncated: false, tree };
}

function checkRunBody(run: CheckRun) {
  return {
    id: run.id,
    node_id: `CR_${run.id}`,
    name: run.name,
    head_sha: run.head_sha,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.started_at,
    completed_at: run.completed_at,
    output: { title: run.title, summary: null, annotations_count: run.annotations },
    html_url: `https://github.com/${run.owner}/${run.repo}/runs/${run.id}`,
  };
}
