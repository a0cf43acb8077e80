import { after } from "next/server";
import { describeError, logEvent } from "./log";

/**
 * Work that must not shape the answer (its timing included): the database lookups and the mail
 * of a reset or verification request, so an unknown email is answered as fast as a known one.
 * Inside a request, Next keeps the function alive until the work ends (`after`, also in route
 * handlers); outside one (tests, scripts) it runs on, and settleAfterResponseWork waits for it.
 * A failure is logged as `event`, never thrown at the caller, who has already answered.
 */
export function runAfterResponse(event: string, work: () => Promise<unknown>): void {
  const logged = () =>
    work().catch((error) => logEvent("error", event, { error: describeError(error) }));
  try {
    after(logged);
  } catch {
    // Outside a request scope.
    const running = logged().finally(() => outsideRequests.delete(running));
    outsideRequests.add(running);
  }
}

// Process-wide, not per module instance: a test runner that reloads modules between tests
// would otherwise lose sight of work started through an earlier instance.
const holder = globalThis as typeof globalThis & {
  __taskflowAfterResponse?: Set<Promise<unknown>>;
};
holder.__taskflowAfterResponse ??= new Set();
const outsideRequests = holder.__taskflowAfterResponse;

/** Resolves once all work started outside a request (and any it started in turn) has ended. */
export async function settleAfterResponseWork(): Promise<void> {
  while (outsideRequests.size > 0) await Promise.all(outsideRequests);
}
