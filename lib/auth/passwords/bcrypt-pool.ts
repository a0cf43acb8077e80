import os from "node:os";
import { Worker } from "node:worker_threads";
import { HttpError } from "@/lib/http/errors";

/**
 * A few worker threads running bcryptjs (lib/auth/passwords/bcrypt-worker.mjs). bcryptjs's async
 * API still computes on the main thread, in ~100 ms slices: under a login storm every other request
 * waited behind them (GET /api/tasks p99 209× its calm value). Here the main thread only posts
 * a message and waits, so it keeps answering whatever the hashing load.
 */
type BcryptJob =
  | { op: "hash"; data: string; cost: number }
  | { op: "compare"; data: string; hash: string };

type Reply = { value: string | boolean } | { error: string };

type Pending = {
  job: BcryptJob;
  resolve: (value: string | boolean) => void;
  reject: (error: Error) => void;
};

type BcryptPoolOptions = {
  /** Threads started at most; each starts on first need, never before. */
  size: number;
  /** Jobs allowed to wait for a free thread; past that, new jobs fail at once (`busyError`). */
  maxQueued: number;
  /** Starts one thread; tests pass their own to keep a handle on the threads. */
  spawn?: () => Worker;
};

// One core stays with the main thread, which serves every request (and the HMAC prehash): on
// this 2-core machine that is one hashing thread, so a storm costs a request at most a share
// of one core. A 1-vCPU serverless function still gets one thread, not zero: sharing the core,
// the kernel preempts hashing every few milliseconds, where bcryptjs's async API held the
// event loop for 100 ms slices.
const DEFAULT_SIZE = Math.max(1, os.availableParallelism() - 1);

// At ~290 ms a job, 16 waiting per thread is ~5 s for the last in line: past that a caller is
// better served by a 503 it can retry than by a login that may outlast its own timeout. In
// normal use the login and register rate limits keep the queue far shorter.
const MAX_QUEUED_PER_THREAD = 16;
const RETRY_AFTER_SECONDS = 5;

function busyError(): HttpError {
  return new HttpError(
    503,
    "service_unavailable",
    "Too many sign-ins are being checked right now. Try again in a few seconds.",
    { headers: { "retry-after": String(RETRY_AFTER_SECONDS) } },
  );
}

export function spawnBcryptWorker(): Worker {
  // This exact form is what Next.js's bundler recognises: it emits the worker as its own chunk
  // and traces it into the deployment. Under vitest and tsx it is the .mjs file itself.
  return new Worker(new URL("./bcrypt-worker.mjs", import.meta.url));
}

export function createBcryptPool({
  size = DEFAULT_SIZE,
  maxQueued = size * MAX_QUEUED_PER_THREAD,
  spawn = spawnBcryptWorker,
}: Partial<BcryptPoolOptions> = {}) {
  const idle: Worker[] = [];
  const running = new Map<Worker, Pending>();
  const queue: Pending[] = [];

  function run(job: BcryptJob): Promise<string | boolean> {
    return new Promise((resolve, reject) => {
      const pending = { job, resolve, reject };
      const worker = idle.pop() ?? (running.size < size ? start() : undefined);
      if (worker) dispatch(worker, pending);
      else if (queue.length < maxQueued) queue.push(pending);
      else reject(busyError());
    });
  }

  function start(): Worker {
    const worker = spawn();
    // An idle thread must not keep a script, a test run or a server that is shutting down
    // alive; `dispatch` refs it for the length of a job, so an awaited hash still completes.
    worker.unref();
    worker.on("message", (reply: Reply) => settle(worker, reply));
    worker.on("error", (error) => retire(worker, error));
    worker.on("exit", (code) =>
      retire(worker, new Error(`bcrypt worker exited with code ${code}`)),
    );
    return worker;
  }

  function dispatch(worker: Worker, pending: Pending) {
    running.set(worker, pending);
    worker.ref();
    worker.postMessage(pending.job);
  }

  function settle(worker: Worker, reply: Reply) {
    const pending = running.get(worker);
    running.delete(worker);
    worker.unref();
    if ("error" in reply) pending?.reject(new Error(reply.error));
    else pending?.resolve(reply.value);
    const next = queue.shift();
    if (next) dispatch(worker, next);
    else idle.push(worker);
  }

  // A thread that failed or exited takes its job down with it (the caller sees an error, as for
  // any bug); a new thread takes over the queue. "exit" follows "error": the second call finds
  // the thread already gone.
  function retire(worker: Worker, error: Error) {
    if (!running.has(worker) && !idle.includes(worker)) return;
    running.get(worker)?.reject(error);
    running.delete(worker);
    const at = idle.indexOf(worker);
    if (at >= 0) idle.splice(at, 1);
    const next = queue.shift();
    if (next) dispatch(start(), next);
  }

  return {
    hash: (data: string, cost: number) => run({ op: "hash", data, cost }) as Promise<string>,
    compare: (data: string, hash: string) => run({ op: "compare", data, hash }) as Promise<boolean>,
  };
}
