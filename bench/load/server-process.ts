import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync, type WriteStream } from "node:fs";

export interface ServerOptions {
  repoRoot: string;
  env: Record<string, string>;
  port: number;
  logPath: string;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
}

/**
 * The real server (`node dist/src/server.js`, what `npm start` runs) as a child process: its output kept
 * (to a file, and the lines in memory), its memory read from /proc while it runs.
 */
export class ServerProcess {
  readonly lines: string[] = [];
  readonly rssSamplesMb: Array<{ atMs: number; mb: number }> = [];
  private readonly child: ChildProcess;
  private readonly log: WriteStream;
  private readonly started = Date.now();
  private sampler: ReturnType<typeof setInterval> | undefined;
  readonly exited: Promise<Exit>;

  constructor(private readonly options: ServerOptions) {
    this.log = createWriteStream(options.logPath);
    // Only what the server needs: nothing of this shell's environment (a PRIVATE_KEY_PATH, a proxy) leaks in.
    this.child = spawn(process.execPath, ["dist/src/server.js"], {
      cwd: options.repoRoot,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      let rest = "";
      stream.on("data", (chunk: Buffer) => {
        this.log.write(chunk);
        const text = rest + chunk.toString("utf8");
        const parts = text.split("\n");
        rest = parts.pop()!;
        this.lines.push(...parts.filter((line) => line.length > 0));
      });
    }
    this.exited = new Promise((resolve) => this.child.on("exit", (code, signal) => resolve({ code, signal, ms: Date.now() - this.started })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Polls Probot's /ping until the server answers (or gives up after `timeoutMs`). */
  async ready(timeoutMs = 30_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (Date.now() < deadline && !exited) {
      try {
        const response = await fetch(`http://127.0.0.1:${this.options.port}/ping`, { signal: AbortSignal.timeout(1_000) });
        if (response.ok) return Date.now() - this.started;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`server did not answer /ping within ${timeoutMs} ms${exited ? " (it exited)" : ""}; log: ${this.options.logPath}`);
  }

  sampleRss(everyMs = 200): void {
    this.sampler = setInterval(() => {
      const rss = statusField(this.pid, "VmRSS");
      if (rss !== null) this.rssSamplesMb.push({ atMs: Date.now() - this.started, mb: rss });
    }, everyMs);
  }

  /** Peak resident set size over the process's life (VmHWM), in MB; null once it has exited. */
  peakRssMb(): number | null {
    return statusField(this.pid, "VmHWM");
  }

  rssMb(): number | null {
    return statusField(this.pid, "VmRSS");
  }

  /** SIGTERM, as a deploy sends it; resolves with how the process exited (SIGKILL after `timeoutMs`). */
  async terminate(timeoutMs = 40_000): Promise<Exit & { killed: boolean }> {
    clearInterval(this.sampler);
    const signalledAt = Date.now();
    this.child.kill("SIGTERM");
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), timeoutMs)));
    const outcome = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    let killed = false;
    if (outcome === "late") {
      killed = true;
      this.child.kill("SIGKILL");
    }
    const exit = await this.exited;
    await new Promise<void>((resolve) => this.log.end(resolve));
    return { ...exit, ms: exit.ms - (signalledAt - this.started), killed };
  }
}

function statusField(pid: number, field: "VmRSS" | "VmHWM"): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
