/** The review ran out of time: the check run is completed as neutral, saying so. */
export class DeadlineExceeded extends Error {
  constructor() {
    super("review did not finish within the function's time limit; re-run the check or raise the timeout");
    this.name = "DeadlineExceeded";
  }
}

/**
 * A review's time limit (epoch ms; none when undefined). `run` races the work against it; `check` is
 * called between steps, so work that lost the race stops at its next step instead of writing a comment
 * or a verdict after the timeout was reported. `commit` marks the final write: from then on the limit
 * no longer cuts the review short, so the two never race to complete the same check run.
 */
export class Deadline {
  #expired = false;
  #committed = false;

  constructor(readonly at: number | undefined) {}

  get expired(): boolean {
    if (!this.#expired && !this.#committed && this.at !== undefined && Date.now() >= this.at) this.#expired = true;
    return this.#expired;
  }

  check(): void {
    if (this.expired) throw new DeadlineExceeded();
  }

  /** The last step (completing the check run) begins: it finishes even past the limit. */
  commit(): void {
    this.check();
    this.#committed = true;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    this.check();
    if (this.at === undefined) return work();
    const running = work();
    // Once the limit has won the race nobody awaits the work: its later rejection (DeadlineExceeded at
    // its next step) is expected and must not surface as an unhandled rejection.
    running.catch(() => {});
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<never>((_, reject) => {
      const fire = () => {
        if (this.#committed) return;
        this.#expired = true;
        reject(new DeadlineExceeded());
      };
      timer = setTimeout(fire, Math.max(0, this.at! - Date.now()));
    });
    limit.catch(() => {});
    try {
      return await Promise.race([running, limit]);
    } finally {
      clearTimeout(timer);
    }
  }
}
