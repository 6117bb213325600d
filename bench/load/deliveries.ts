import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { PullRequestPlan, RepoPlan } from "./scenario.js";

export interface Delivery {
  id: string;
  event: string;
  /** For the report: "acme-support/support-bot#101 opened 1a2b3c4". */
  label: string;
  body: string;
  signature: string;
  /** 200 for every real delivery; an intentionally bad one says what it expects. */
  expectStatus: number;
}

export interface Answer {
  delivery: Delivery;
  status: number | null;
  /** Epoch ms the request went out, and how long until its answer was read. */
  sentAt: number;
  ms: number;
  body: string;
  error?: string;
}

/** GitHub's payload templates (fixtures/webhooks), retargeted to one repository, pull request and head. */
export class Payloads {
  private readonly templates: Record<"opened" | "synchronize", string>;

  constructor(
    repoRoot: string,
    private readonly secret: string,
  ) {
    const read = (action: string) => readFileSync(join(repoRoot, "fixtures/webhooks", `pull_request.${action}.json`), "utf8");
    this.templates = { opened: read("opened"), synchronize: read("synchronize") };
  }

  pullRequest(repo: RepoPlan, pr: PullRequestPlan, action: "opened" | "synchronize", head: string, before?: string): Delivery {
    // Every URL and full name in the template names the recorded repository; the owner's login is set apart.
    const payload = JSON.parse(this.templates[action].replaceAll("Codertocat/Hello-World", `${repo.owner}/${repo.name}`));
    const repository = { ...payload.repository, id: repo.id, name: repo.name, full_name: `${repo.owner}/${repo.name}`, owner: { ...payload.repository.owner, login: repo.owner } };
    payload.repository = repository;
    payload.installation = { ...payload.installation, id: repo.installationId };
    payload.number = pr.number;
    Object.assign(payload.pull_request, {
      number: pr.number,
      state: "open",
      draft: false,
      url: `https://api.github.com/repos/${repo.owner}/${repo.name}/pulls/${pr.number}`,
      html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${pr.number}`,
    });
    payload.pull_request.head = { ...payload.pull_request.head, sha: head, ref: `change-${pr.number}`, label: `${repo.owner}:change-${pr.number}`, repo: repository };
    payload.pull_request.base = { ...payload.pull_request.base, sha: pr.baseTip, ref: "main", label: `${repo.owner}:main`, repo: repository };
    if (action === "synchronize") Object.assign(payload, { before, after: head });
    return this.sign("pull_request", `${repo.owner}/${repo.name}#${pr.number} ${action} ${head.slice(0, 7)}`, JSON.stringify(payload));
  }

  /** A delivery as GitHub signs it: HMAC-SHA256 of the exact body with the webhook secret. */
  sign(event: string, label: string, body: string, secret = this.secret, expectStatus = 200): Delivery {
    const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
    return { id: randomUUID(), event, label, body, signature, expectStatus };
  }
}

/** POSTs a delivery with GitHub's headers; the time is until the whole answer has been read. */
export async function send(url: string, delivery: Delivery): Promise<Answer> {
  const sentAt = Date.now();
  const start = performance.now();
  try {
    const response = await fetch(url, {
      method: "POST",
      body: delivery.body,
      headers: {
        "content-type": "application/json",
        "user-agent": "GitHub-Hookshot/load",
        "x-github-event": delivery.event,
        "x-github-delivery": delivery.id,
        "x-hub-signature-256": delivery.signature,
      },
      // GitHub gives up on a delivery after 10 s.
      signal: AbortSignal.timeout(10_000),
    });
    const body = await response.text();
    return { delivery, status: response.status, sentAt, ms: performance.now() - start, body };
  } catch (error) {
    return { delivery, status: null, sentAt, ms: performance.now() - start, body: "", error: (error as Error).message };
  }
}
