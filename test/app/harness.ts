import { createHmac, generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import nock from "nock";
import { Probot, ProbotOctokit } from "probot";
import app from "../../src/app.js";
import type { Report, SiteChange, SiteReport } from "../../src/model/report.js";

export const SECRET = "test-webhook-secret";
export const OWNER = "Codertocat";
export const REPO = "Hello-World";
export const API = "https://api.github.com";
export const REPO_PATH = `/repos/${OWNER}/${REPO}`;
export const HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
export const BASE_TIP = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
export const MERGE_BASE = "7638417db6d59f3c431d3e1f261cc637155684cd";
export const CHECK_RUN_ID = 4242;

// One real key for every test: app auth signs a JWT with it before nock answers the token request.
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
export const PRIVATE_KEY = privateKey;

export function fixture<T = any>(path: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), "utf8")) as T;
}

export interface Harness {
  probot: Probot;
  /** Delivers a payload through the real webhook entry, signed with the app's secret. */
  deliver(name: string, payload: unknown, signWith?: string): Promise<void>;
}

export async function createHarness(options: { retry?: boolean; baseUrl?: string } = {}): Promise<Harness> {
  const probot = new Probot({
    appId: 123,
    privateKey: PRIVATE_KEY,
    secret: SECRET,
    logLevel: "fatal",
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    // A function, not an object: Probot layers its own throttle options over object defaults.
    Octokit: ProbotOctokit.defaults((instanceOptions: object) => ({
      ...instanceOptions,
      retry: options.retry ? { enabled: true, retries: 1, retryAfterBaseValue: 1 } : { enabled: false },
      throttle: { enabled: false },
    })),
  });
  await probot.load(app);
  return {
    probot,
    async deliver(name, payload, signWith = SECRET) {
      const body = JSON.stringify(payload);
      const signature = `sha256=${createHmac("sha256", signWith).update(body).digest("hex")}`;
      await probot.webhooks.verifyAndReceive({ id: `delivery-${Math.random()}`, name: name as never, signature, payload: body });
    },
  };
}

/** The installation token exchange every event starts with. */
export function mockToken(scope: nock.Scope, installationId: number | string = 1): nock.Scope {
  return scope
    .post(`/app/installations/${installationId}/access_tokens`)
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: { checks: "write", contents: "read", pull_requests: "write", metadata: "read" } });
}

export interface BlobStub {
  byteSize?: number;
  isBinary?: boolean;
  isTruncated?: boolean;
  text: string | null;
}

/** A GraphQL blob answer: the aliases f0…fN in request order, from `sha:path` -> blob. */
export function blobReply(files: Record<string, BlobStub | null>) {
  return (_uri: string, body: any) => {
    const repository: Record<string, unknown> = {};
    for (const [name, expression] of Object.entries(body.variables as Record<string, string>)) {
      if (!name.startsWith("e")) continue;
      const blob = files[expression];
      repository[`f${name.slice(1)}`] =
        blob === undefined || blob === null ? null : { byteSize: blob.byteSize ?? Buffer.byteLength(blob.text ?? ""), isBinary: blob.isBinary ?? false, isTruncated: blob.isTruncated ?? false, text: blob.text };
    }
    return { data: { repository } };
  };
}

/** The `sha:path` expressions of a GraphQL blob query body, in order. */
export function expressions(body: any): string[] {
  return Object.entries(body.variables as Record<string, string>)
    .filter(([name]) => /^e\d+$/.test(name))
    .map(([, value]) => value);
}

export function site(overrides: Partial<SiteReport> = {}): SiteReport {
  return {
    path: "src/support.ts",
    line: 12,
    column: 3,
    endLine: 16,
    symbol: "answer",
    language: "typescript",
    sdk: "aws-sdk-js-v3",
    api: "converse",
    model: { id: "anthropic.claude-sonnet-4-5-20250929-v1:0", source: "constant" },
    profile: "none",
    maxTokens: 1024,
    embedding: false,
    cachePoints: 0,
    cache: { count: 0, locations: [], ttl: "5m" },
    systemPromptTokens: null,
    serviceTier: "standard",
    monthlyCost: 1500,
    components: [],
    costNotes: [],
    notes: [],
    assumptions: {
      requestsPerMonth: 304_167,
      inputTokens: 1000,
      outputTokens: 300,
      cacheHitRate: 0,
      callsPerRequest: 1,
      source: "default",
      origins: { requestsPerMonth: "built-in default", inputTokens: "built-in default", outputTokens: "built-in default", cacheHitRate: "built-in default", callsPerRequest: "built-in default" },
    },
    ...overrides,
  };
}

export function siteChange(key: string, base: number | null, head: number | null, line = 12): SiteChange {
  return {
    key,
    change: "modified",
    base: site({ line, monthlyCost: base, model: { id: "anthropic.claude-3-haiku-20240307-v1:0", source: "constant" } }),
    head: site({ line, monthlyCost: head }),
    monthlyDelta: base === null || head === null ? null : head - base,
  };
}

/** A diff report with one modified site, base -> head dollars. */
export function report(base: number, head: number, overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    currency: "USD",
    mode: "diff",
    totals: { base, head, delta: head - base, deltaPercent: base === 0 ? null : ((head - base) / base) * 100, unpricedBase: 0, unpricedHead: 0 },
    sites: [siteChange("src/support.ts#answer#converse#0", base, head)],
    resources: [],
    findings: [],
    suppressed: [],
    unpriced: [],
    problems: [],
    skipped: [],
    assumptions: { configPath: null, builtInDefaults: {}, catalogVerifiedAt: "2026-11-01" },
    notes: [],
    ...overrides,
  };
}
