import { describe, expect, it } from "vitest";
import { ReviewQueue, runNow, type ReviewControl, type ReviewJob } from "../../../src/queue/review-queue.js";

/** A job that records its life and runs until the test releases it (or its signal aborts it). */
function job(key: string, label = key) {
  const events: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let control: ReviewControl | undefined;
  const spec: ReviewJob = {
    key,
    label,
    async run(given) {
      control = given;
      events.push("start");
      await Promise.race([released, new Promise((resolve) => given.signal.addEventListener("abort", resolve))]);
      events.push(given.signal.aborted ? "interrupted" : "end");
    },
    async abandon() {
      events.push("abandoned");
    },
  };
  return { spec, events, release, control: () => control };
}

function queue(concurrency: number, reviewTimeoutMs = 60_000) {
  const logs: string[] = [];
  const log = { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) };
  return { queue: new ReviewQueue({ concurrency, reviewTimeoutMs, log }), logs };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A queue of one: one review running, another waiting behind it. */
async function oneRunningOneWaiting() {
  const { queue: q } = queue(1);
  const running = job("a#1");
  const waiting = job("b#1");
  await q.schedule(running.spec);
  await q.schedule(waiting.spec);
  await tick();
  return { q, running, waiting };
}

describe("ReviewQueue", () => {
  it("runs at most `concurrency` reviews at once; the next starts when one ends", async () => {
    const { queue: q } = queue(2);
    const jobs = ["a#1", "b#1", "c#1"].map((key) => job(key));
    for (const j of jobs) await q.schedule(j.spec);
    await tick();
    expect(jobs.map((j) => j.events.join())).toEqual(["start", "start", ""]);
    expect(q.size).toEqual({ running: 2, waiting: 1 });
    jobs[1]!.release();
    await tick();
    expect(jobs[2]!.events).toEqual(["start"]);
    jobs[0]!.release();
    jobs[2]!.release();
    await q.drained();
    expect(jobs.map((j) => j.events.join())).toEqual(["start,end", "start,end", "start,end"]);
  });

  it("gives each review a deadline `reviewTimeoutMs` from its start", async () => {
    const { queue: q } = queue(1, 5_000);
    const j = job("a#1");
    const before = Date.now();
    await q.schedule(j.spec);
    await tick();
    expect(j.control()!.deadline).toBeGreaterThanOrEqual(before + 5_000);
    expect(j.control()!.deadline).toBeLessThanOrEqual(Date.now() + 5_000);
    j.release();
    await q.drained();
  });

  it("never runs two reviews of one pull request at once, and a newer one supersedes a waiting older one", async () => {
    const { queue: q, logs } = queue(4);
    const first = job("octo/app#7", "octo/app#7 at aaaaaaa");
    const second = job("octo/app#7", "octo/app#7 at bbbbbbb");
    const third = job("octo/app#7", "octo/app#7 at ccccccc");
    await q.schedule(first.spec);
    await q.schedule(second.spec);
    await q.schedule(third.spec);
    await tick();
    expect(q.size).toEqual({ running: 1, waiting: 1 });
    expect(logs).toContain("review of octo/app#7 at bbbbbbb superseded by octo/app#7 at ccccccc before it started");
    first.release();
    await tick();
    expect(third.events).toEqual(["start"]);
    third.release();
    await q.drained();
    expect(second.events).toEqual([]);
    expect(first.events).toEqual(["start", "end"]);
    expect(third.events).toEqual(["start", "end"]);
  });

  it("keeps running after a review throws, and logs which one", async () => {
    const { queue: q, logs } = queue(1);
    await q.schedule({ key: "a#1", label: "a#1 at 1234567", run: async () => Promise.reject(new Error("GitHub is down")) });
    const next = job("b#1");
    await q.schedule(next.spec);
    await tick();
    next.release();
    await q.drained();
    expect(logs).toContain("review of a#1 at 1234567 failed: GitHub is down");
    expect(next.events).toEqual(["start", "end"]);
  });

  it("on shutdown, lets a review that ends within the grace period finish and abandons those that never started", async () => {
    const { q, running, waiting } = await oneRunningOneWaiting();
    const stopped = q.shutdown(10_000);
    running.release();
    expect(await stopped).toEqual({ finished: 1, interrupted: 0, abandoned: 1 });
    expect(running.events).toEqual(["start", "end"]);
    expect(waiting.events).toEqual(["abandoned"]);
  });

  it("on shutdown, says at once that queued reviews will not run, while running ones still have their grace period", async () => {
    const { q, running, waiting } = await oneRunningOneWaiting();
    const stopped = q.shutdown(10_000);
    await tick();
    expect(waiting.events).toEqual(["abandoned"]);
    expect(running.events).toEqual(["start"]);
    running.release();
    await stopped;
  });

  it("on shutdown, interrupts reviews still running after the grace period (their signal aborts) and waits for them to complete", async () => {
    const { queue: q } = queue(2);
    const slow = job("a#1");
    await q.schedule(slow.spec);
    await tick();
    expect(await q.shutdown(20)).toEqual({ finished: 0, interrupted: 1, abandoned: 0 });
    expect(slow.events).toEqual(["start", "interrupted"]);
  });

  it("after shutdown, abandons what it is given instead of queueing it", async () => {
    const { queue: q, logs } = queue(1);
    await q.shutdown(0);
    const late = job("a#1", "a#1 at 1234567");
    await q.schedule(late.spec);
    expect(late.events).toEqual(["abandoned"]);
    expect(q.size).toEqual({ running: 0, waiting: 0 });
    expect(logs).toContain("review of a#1 at 1234567 not queued: the server is shutting down");
  });

  it("logs, and does not throw, when marking a review as not run fails", async () => {
    const { queue: q, logs } = queue(1);
    await q.shutdown(0);
    await q.schedule({ key: "a#1", label: "a#1", run: async () => {}, abandon: async () => Promise.reject(new Error("502 Bad Gateway")) });
    expect(logs).toContain("could not mark the review of a#1 as not run: 502 Bad Gateway");
  });
});

describe("runNow", () => {
  it("runs the review before returning, under the given deadline", async () => {
    const seen: ReviewControl[] = [];
    await runNow({ deadline: 1234 })({ key: "a#1", label: "a#1", run: async (control) => void seen.push(control) });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.deadline).toBe(1234);
    expect(seen[0]!.signal.aborted).toBe(false);
  });
});
