/**
 * The browser's IANA time zone, remembered in a plain cookie (not a credential) so the server
 * renders "today", "overdue" and the 14-day chart in the user's days on the first paint. The
 * server validates it like any other input before a query sees it.
 */
export const TIME_ZONE_COOKIE = "tz";

export function rememberTimeZone(timeZone: string): void {
  // A plain preference; the Cookie Store API is not in every browser.
  // biome-ignore lint/suspicious/noDocumentCookie: see above
  document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(timeZone)}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
