import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { loadOrRetryPage, pageAddress } from "@/lib/http/page-outage";
import type { Role } from "@/lib/validation/roles";
import { lacksRequiredSecondFactor } from "./admin-requirement";
import { type AuthContext, accessTokenTimes, authenticateHeaders } from "./guard";

const SECOND_FACTOR_SETUP = "/settings";

/**
 * Server components read the user the way route handlers do — the same guard, the same query —
 * straight from the request, with no HTTP round trip to our own API. The proxy may have
 * refreshed the tokens on the way in; `headers()` then already carries the new cookies.
 */
export type PageSession = AuthContext & {
  /** Seconds the access token has left and its full lifetime, for the tab's refresh timer. */
  accessToken: { expiresIn: number; lifetime: number };
};

/** The signed-in user of this request, or null. Once per request, however many callers. */
export const getPageSession = cache(async (): Promise<PageSession | null> => {
  const requestHeaders = await headers();
  const context = await authenticateHeaders(requestHeaders);
  if (!context) return null;
  return { ...context, accessToken: accessTokenTimes(requestHeaders) };
});

/**
 * For private pages. Without a working session the browser goes to sign in and comes back to
 * `path` with its query; through /api/auth/session-ended, which clears credentials that stopped working (a
 * session revoked elsewhere) so the proxy does not bounce it straight back. A user without
 * `role` gets the 403 page (app/forbidden.tsx) with a 403 status. With the database away it gets
 * the 503 page that comes back here (lib/http/page-outage.ts), never a 500.
 */
export async function requirePageSession(
  path: string,
  options: { role?: Role } = {},
): Promise<PageSession> {
  const session = await loadOrRetryPage(path, getPageSession);
  if (!session) {
    redirect(`/api/auth/session-ended?next=${encodeURIComponent(await pageAddress(path))}`);
  }
  if (options.role && session.user.role !== options.role) forbidden();
  // REQUIRE_ADMIN_2FA: such an admin's only page is Settings, where the factor is set up. Its
  // top says why (it asks the same question, so the address carries nothing for it), and no
  // #fragment: a page load would scroll past the notice.
  const lacksSecondFactor = () => lacksRequiredSecondFactor(session.user);
  if (path !== SECOND_FACTOR_SETUP && (await loadOrRetryPage(path, lacksSecondFactor))) {
    redirect(SECOND_FACTOR_SETUP);
  }
  return session;
}
