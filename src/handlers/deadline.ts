/** Why a review stopped before it finished: out of time, or the server is shutting down. */
export type StopCause = "timeout" | "shutdown";

const MESSAGES: Record<StopCause, string> = {
  timeout: "review did not finish within its time limit; re-run the check, or raise the limit (the Lambda function's timeout, or BEDROCK_COST_REVIEW_TIMEOUT_S on the server)",
  shutdown: "review was interrupted because the server shut down; re-run the check",
};

/** The review stopped before it finished: the check run is completed as neutral, saying why. */
export class DeadlineExceeded extends Error {
  constructor(readonly stop: StopCause = "timeout") {
    super(MESSAGES[stop]);
    this.name = "DeadlineExceeded";
  }
}

/**
 * A review's time limit (epoch ms; none when undefined), and an abort signal (a server shutting down)
 * that ends it early. `run` races the work against both; `check` is called between steps, so work that
 * lost the race stops at its next step instead of writing a comment or a verdict after the stop was
 * reported. `commit` marks the final write: from then on nothing cuts the review short, so the two never
 * race to complete the same check run.
 */
export class Deadline {
  #stopped: StopCause | undefined;
  #committed = false;

  constructor(
    readonly at: number | undefined,
    private readonly signal?: AbortSignal,
  ) {}

  get stopped(): StopCause | undefined {
    if (this.#stopped === undefined && !this.#committed) {
      if (this.signal?.aborted) this.#stopped = "shutdown";
      else if (this.at !== undefined && Date.now() >= this.at) this.#stopped = "timeout";
    }
    return this.#stopped;
  }

  check(): void {
    const cause = this.stopped;
    if (cause) throw new DeadlineExceeded(cause);
  }

  /** Aborts when the review must stop (time is up, or the server shuts down), for work that can be cancelled: an engine worker. */
  stopSignal(): AbortSignal | undefined {
    const signals = [this.signal, this.at === undefined ? undefined : AbortSignal.timeout(Math.max(0, this.at - Date.now()))].filter((s) => s !== undefined);
    return signals.length === 0 ? undefined : AbortSignal.any(signals);
  }

  /** The last step (completing the check run) begins: it finishes even past the limit. */
  commit(): void {
    this.check();
    this.#committed = true;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    this.check();
    if (this.at === undefined && !this.signal) return work();
    const running = work();
    // Once a stop has won the race nobody awaits the work: its later rejection (DeadlineExceeded at its
    // next step) is expected and must not surface as an unhandled rejection.
    running.catch(() => {});
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const limit = new Promise<never>((_, reject) => {
      const stop = (cause: StopCause) => {
        if (this.#committed) return;
        this.#stopped ??= cause;
        reject(new DeadlineExceeded(this.#stopped));
      };
      if (this.at !== undefined) timer = setTimeout(() => stop("timeout"), Math.max(0, this.at - Date.now()));
      onAbort = () => stop("shutdown");
      this.signal?.addEventListener("abort", onAbort, { once: true });
    });
    limit.catch(() => {});
    try {
      return await Promise.race([running, limit]);
    } finally {
      clearTimeout(timer);
      if (onAbort) this.signal?.removeEventListener("abort", onAbort);
    }
  }
}
