import { execFileSync } from "node:child_process";
import { threadId, type Worker } from "node:worker_threads";
import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { createBcryptPool, spawnBcryptWorker } from "@/lib/auth/passwords/bcrypt-pool";
import { HttpError } from "@/lib/http/errors";

// Cost 4 (~1 ms) keeps these fast; cost 14 (~1 s) keeps a thread busy long enough to act on it.
const FAST = 4;
const SLOW = 14;

/** A pool of real bcrypt threads whose Worker handles the test keeps. */
function poolWithHandles(options: { size: number; maxQueued?: number }) {
  const workers: Worker[] = [];
  const pool = createBcryptPool({
    ...options,
    spawn: () => {
      const worker = spawnBcryptWorker();
      workers.push(worker);
      return worker;
    },
  });
  return { pool, workers };
}

describe("bcrypt worker pool", () => {
  it("computes on a worker thread, not the caller's", async () => {
    const { pool, workers } = poolWithHandles({ size: 1 });
    expect(workers).toHaveLength(0);
    const replies: unknown[] = [];
    const hashing = pool.hash("secret", FAST);
    workers[0]?.on("message", (reply) => replies.push(reply));
    const hash = await hashing;
    expect(workers).toHaveLength(1);
    expect(workers[0]?.threadId).not.toBe(threadId);
    expect(replies).toEqual([{ value: hash }]);
  });

  it("hashes and compares exactly as bcryptjs does", async () => {
    const { pool } = poolWithHandles({ size: 1 });
    const hash = await pool.hash("secret", FAST);
    expect(await bcrypt.compare("secret", hash)).toBe(true);
    const made = await bcrypt.hash("other", FAST);
    expect(await pool.compare("other", made)).toBe(true);
    expect(await pool.compare("Other", made)).toBe(false);
    await expect(pool.compare("other", `$2b$99$${made.slice(7)}`)).rejects.toThrow();
  });

  it("fails the job of a thread that dies and serves the queue on a new one", async () => {
    const { pool, workers } = poolWithHandles({ size: 1 });
    const lost = pool.hash("first", SLOW);
    const queued = pool.hash("second", FAST);
    await workers[0]?.terminate();
    await expect(lost).rejects.toThrow(/bcrypt worker exited/);
    expect(await bcrypt.compare("second", await queued)).toBe(true);
    expect(workers).toHaveLength(2);
    expect(await pool.compare("second", await queued)).toBe(true);
    expect(workers).toHaveLength(2);
  });

  it("answers 503 with Retry-After at once when the queue is full", async () => {
    const { pool } = poolWithHandles({ size: 1, maxQueued: 1 });
    const running = pool.hash("running", FAST);
    const waiting = pool.hash("waiting", FAST);
    const refused = await pool.hash("refused", FAST).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpError);
    expect(refused).toMatchObject({
      status: 503,
      code: "service_unavailable",
      options: { headers: { "retry-after": "5" } },
    });
    await Promise.all([running, waiting]);
  });

  it("lets a script that awaits hashes finish, then exit on its own", () => {
    // A thread is referenced while it computes (or the process would exit mid-job, here before
    // the second job, as soon as the first left the thread idle) and released when idle (or
    // the process would never exit).
    const script = `import("./lib/auth/passwords/password.ts").then(async ({ hashPassword, verifyPassword }) => {
      const hash = await hashPassword("secret");
      console.log(await verifyPassword("secret", hash));
    })`;
    const output = execFileSync(process.execPath, ["--import", "tsx", "--eval", script], {
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(output.trim()).toBe("true");
  });
});
