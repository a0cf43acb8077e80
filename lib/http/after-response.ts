import { after } from "next/server";
import { describeError, logEvent } from "./log";

/**
 * Work that must not shape the answer (its timing included): the database lookups and the mail
 * of a reset or verification request, so an unknown email is answered as fast as a known one.
 * Inside a request, Next keeps the function alive until the work ends (`after`, also in route
 * handlers); outside one (tests, scripts) there is nothing to extend and it simply runs on.
 * A failure is logged as `event`, never thrown at the caller, who has already answered.
 */
export function runAfterResponse(event: string, work: () => Promise<unknown>): void {
  const logged = () =>
    work().catch((error) => logEvent("error", event, { error: describeError(error) }));
  try {
    after(logged);
  } catch {
    // Outside a request scope.
    void logged();
  }
}
