/**
 * The address of the page being rendered, path and query, as the browser asked for it. A server
 * component is told neither, so the proxy (proxy.ts, before every page) puts it on the request
 * under this header, replacing any the client sent. Plain, with no import: the proxy loads it.
 */
export const PAGE_ADDRESS_HEADER = "x-page-address";

/**
 * Query parameters that carry a credential: a verification or reset link's token, an
 * authorization code. An address holding one is never printed nor carried into another URL,
 * where a log (ours, Next's, a platform's) would keep a live link.
 */
export const CREDENTIAL_PARAMETERS = ["token", "code"] as const;

const PROBE_ORIGIN = "http://address.invalid";

/**
 * A path and query without their credential parameters, the rest of the query as it came. The
 * result is not vetted for leaving the site: whoever navigates to it does that (safeNextPath).
 */
export function withoutCredentials(address: string): string {
  const url = new URL(address, PROBE_ORIGIN);
  const carried = CREDENTIAL_PARAMETERS.filter((name) => url.searchParams.has(name));
  if (carried.length === 0) return address;
  for (const name of carried) url.searchParams.delete(name);
  return `${url.pathname}${url.search}`;
}
