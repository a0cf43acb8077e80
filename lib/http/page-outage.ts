import { redirect } from "next/navigation";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { describeError, logEvent } from "./log";

/** The route that answers the retry page (app/unavailable/route.ts). */
export const UNAVAILABLE_PATH = "/unavailable";

/**
 * A server component's database work. A server component cannot set its own status, and an
 * error it throws renders the error page with a 500; so during a database outage the browser
 * goes to the route that answers 503 with Retry-After, the page the API and the proxy answer,
 * which comes back to `path` by itself. Any other error goes on as it came.
 */
export async function loadOrRetryPage<T>(path: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    logEvent("error", "database_unavailable", { path, error: describeError(error) });
    redirect(`${UNAVAILABLE_PATH}?next=${encodeURIComponent(path)}`);
  }
}
