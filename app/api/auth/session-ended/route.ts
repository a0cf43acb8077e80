import { z } from "zod";
import { authenticateHeaders } from "@/lib/auth/core/guard";
import { findRefreshFamily } from "@/lib/auth/core/refresh";
import { cookieNames, readCookie, withClearedTokenCookies } from "@/lib/auth/tokens/cookies";
import { safeNextPath } from "@/lib/auth/tokens/safe-next";
import { defineRoute } from "@/lib/http/define-route";

/**
 * Where a private page sends a browser whose credentials no longer work
 * (lib/auth/core/page-session.ts). A session revoked elsewhere leaves an access token whose
 * signature is still good: the proxy (signature only) would send /login straight back to the
 * page, and a server component cannot clear cookies. This route clears them — only when both are
 * really dead, so a link to it from another site cannot sign anyone out.
 */
export const GET = defineRoute(
  {
    tag: "Auth",
    summary: "Where a page sends a browser whose credentials no longer work",
    // A `next` that is not a local path falls back to the default page, never to a 400.
    readsItself: { query: z.strictObject({ next: z.string().optional() }) },
    responses: { 303: { description: "Back to the page, or to /login with dead cookies cleared" } },
  },
  async ({ request }) => {
    const next = safeNextPath(new URL(request.url).searchParams.get("next"));
    const refreshToken = readCookie(request.headers.get("cookie"), cookieNames().refresh);
    const alive =
      (await authenticateHeaders(request.headers)) ||
      (refreshToken && (await findRefreshFamily(refreshToken)));
    if (alive) return redirectTo(next);
    return withClearedTokenCookies(redirectTo(`/login?next=${encodeURIComponent(next)}`));
  },
);

// A relative Location: the browser resolves it against the URL it asked for, never our Host.
const redirectTo = (location: string) =>
  new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
