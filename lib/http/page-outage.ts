import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { describeError, logEvent } from "./log";
import { PAGE_ADDRESS_HEADER, withoutCredentials } from "./page-address";

/** The route that answers the retry page (app/unavailable/route.ts). */
export const UNAVAILABLE_PATH = "/unavailable";

/**
 * A server component's database work. A server component cannot set its own status, and an
 * error it throws renders the error page with a 500; so during a database outage the browser
 * goes to the route that answers 503 with Retry-After, the page the API and the proxy answer,
 * which comes back by itself to the address the browser asked for, query included (a filtered
 * dashboard stays filtered), or to `path` outside a request. Any other error goes on as it came.
 */
export async function loadOrRetryPage<T>(path: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    logEvent("error", "database_unavailable", { path, error: describeError(error) });
    redirect(retryPageAddress(await pageAddress(path)));
  }
}

/**
 * Where the browser waits for `address`: never with a credential from its query, since the
 * retry page's own address is printed by every request log on its way.
 */
export function retryPageAddress(address: string): string {
  return `${UNAVAILABLE_PATH}?next=${encodeURIComponent(withoutCredentials(address))}`;
}

/**
 * The page being rendered, path and query as the browser asked for it (the proxy says), or
 * `path` where nobody said; without credentials either way, since it is carried into a `next`.
 */
export async function pageAddress(path: string): Promise<string> {
  return withoutCredentials((await requestedAddress()) ?? path);
}

async function requestedAddress(): Promise<string | null> {
  try {
    return (await headers()).get(PAGE_ADDRESS_HEADER);
  } catch {
    // Outside a request (a script, a test calling a page's loader) there are no headers.
    return null;
  }
}
