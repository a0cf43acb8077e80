/**
 * One thread of lib/auth/passwords/bcrypt-pool.ts: runs bcryptjs jobs so that their ~290 ms of CPU each
 * never blocks the thread that answers requests. Plain JavaScript, not TypeScript: under
 * vitest and tsx, Node loads this file itself, untransformed (Next.js bundles it).
 */
import { parentPort } from "node:worker_threads";
import bcrypt from "bcryptjs";

// The pool hands each thread one job at a time, so the synchronous API is the right one here:
// nothing else waits on this thread, and it skips the async API's slicing overhead.
parentPort.on("message", (job) => {
  try {
    const value =
      job.op === "hash"
        ? bcrypt.hashSync(job.data, job.cost)
        : bcrypt.compareSync(job.data, job.hash);
    parentPort.postMessage({ value });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
