import type { RepoRef } from "../github/client.js";

/**
 * What keeps two reviews apart: reviews with one key never run at once (the server's queue) and run in
 * order (the Lambda deployment's FIFO message groups). A pull request's reviews share one; a re-run of a
 * commit has its own.
 */
export const reviewKey = {
  pullRequest: (repo: RepoRef, pullNumber: number) => `${repo.owner}/${repo.repo}#${pullNumber}`,
  commit: (repo: RepoRef, sha: string) => `${repo.owner}/${repo.repo}@${sha}`,
};

/** What a review is given when it starts: when it must end, and a signal that ends it early. */
export interface ReviewControl {
  signal: AbortSignal;
  /** Epoch ms by which the review must end; none when undefined. */
  deadline?: number;
}

/** One review to run. Jobs with the same key (one pull request) never run at once, and coalesce while queued. */
export interface ReviewJob {
  key: string;
  /** For logs: "octo/app#12 at 1a2b3c4". */
  label: string;
  run(control: ReviewControl): Promise<void>;
  /** Called instead of `run` when the job will never run (the server stops first): say so where users look. */
  abandon?(): Promise<void>;
}

/** How handlers hand a review over: run it now (Lambda, tests) or queue it (the server). */
export type Schedule = (job: ReviewJob) => Promise<void>;

/** Runs the review before returning, with the given deadline (a Lambda's end, say). */
export function runNow(options: { deadline?: number } = {}): Schedule {
  return (job) => job.run({ signal: new AbortController().signal, ...(options.deadline !== undefined ? { deadline: options.deadline } : {}) });
}

export interface QueueLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ReviewQueueOptions {
  /** Reviews running at once. */
  concurrency: number;
  /** Time each review gets from its start; past it the review completes its check run as neutral. */
  reviewTimeoutMs: number;
  log: QueueLog;
}

interface Running {
  job: ReviewJob;
  abort: AbortController;
  done: Promise<void>;
}

/**
 * The server's queue of reviews, so a webhook is answered as soon as it is verified and queued. Bounded
 * concurrency; per pull request, one review at a time and at most one waiting: a newer event supersedes
 * a waiting older one (its head is no longer the PR's). `shutdown` finishes what it can within a grace
 * period, interrupts the rest (their check runs say so), and abandons what never started.
 */
export class ReviewQueue {
  private readonly waiting = new Map<string, ReviewJob>();
  private readonly running = new Map<string, Running>();
  private accepting = true;
  private idle: Array<() => void> = [];

  constructor(private readonly options: ReviewQueueOptions) {}

  get size(): { running: number; waiting: number } {
    return { running: this.running.size, waiting: this.waiting.size };
  }

  readonly schedule: Schedule = async (job) => {
    if (!this.accepting) {
      this.options.log.warn(`review of ${job.label} not queued: the server is shutting down`);
      await this.abandon(job);
      return;
    }
    const superseded = this.waiting.get(job.key);
    if (superseded) this.options.log.info(`review of ${superseded.label} superseded by ${job.label} before it started`);
    // Re-inserted at the end: the superseding job waits its own turn.
    this.waiting.delete(job.key);
    this.waiting.set(job.key, job);
    this.pump();
  };

  /** Resolves when nothing runs or waits (tests, and the load test). */
  drained(): Promise<void> {
    if (this.running.size === 0 && this.waiting.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /**
   * Stops taking jobs; waits up to `graceMs` for running reviews, then interrupts them (each completes
   * its check run as neutral, saying so) and waits for that; abandons every job that never started.
   */
  async shutdown(graceMs: number): Promise<{ finished: number; interrupted: number; abandoned: number }> {
    this.accepting = false;
    const abandoned = [...this.waiting.values()];
    this.waiting.clear();
    // Said at once, alongside the running reviews: a platform kills the process soon after the grace period.
    const abandoning = Promise.all(abandoned.map((job) => this.abandon(job)));
    const inFlight = [...this.running.values()];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), graceMs)));
    const all = Promise.all(inFlight.map((r) => r.done));
    const outcome = await Promise.race([all.then(() => "done" as const), grace]);
    clearTimeout(timer);
    const interrupted = outcome === "late" ? [...this.running.values()] : [];
    for (const r of interrupted) r.abort.abort();
    await Promise.all([all, abandoning]);
    return { finished: inFlight.length - interrupted.length, interrupted: interrupted.length, abandoned: abandoned.length };
  }

  private pump(): void {
    for (const [key, job] of this.waiting) {
      if (this.running.size >= this.options.concurrency) return;
      if (this.running.has(key)) continue; // this PR's review is running: the next waits for it
      this.waiting.delete(key);
      this.start(job);
    }
    if (this.running.size === 0 && this.waiting.size === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  private start(job: ReviewJob): void {
    const abort = new AbortController();
    const done = job
      .run({ signal: abort.signal, deadline: Date.now() + this.options.reviewTimeoutMs })
      .catch((error: unknown) => {
        // The review reported its failure on its check run; the queue only keeps running.
        this.options.log.error(`review of ${job.label} failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.running.delete(job.key);
        this.pump();
      });
    this.running.set(job.key, { job, abort, done });
  }

  private async abandon(job: ReviewJob): Promise<void> {
    try {
      await job.abandon?.();
    } catch (error) {
      this.options.log.error(`could not mark the review of ${job.label} as not run: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
