import { z } from "zod";
import {
  enforceAuthIpRateLimit,
  enforcePasswordCheckRateLimits,
} from "@/lib/auth/core/auth-limits";
import { authenticateHeaders } from "@/lib/auth/core/guard";
import {
  accountOfLink,
  confirmAddressSchema,
  EMAIL_CHANGED_COOKIE,
  type Follower,
  followVerificationLink,
  PASSWORD_NEEDED,
} from "@/lib/auth/email-ownership/email-verification";
import { serializeCookie } from "@/lib/auth/tokens/cookies";
import { defineRoute } from "@/lib/http/define-route";
import { HttpError } from "@/lib/http/errors";
import { jsonNoStore } from "@/lib/http/responses";
import { invalid, limited, okBody } from "@/lib/openapi/responses";

const token = confirmAddressSchema.shape.token;

// The link in a verification mail (lib/auth/email-ownership/email-verification.ts), opened by a
// browser: the token is consumed, and the browser lands on the dashboard's confirmation when it is
// signed in, else on a page that says so (and offers a new link when this one was used or has
// expired). A link to an unverified account opened where nobody is signed in to it is not
// consumed: the page asks for the account's password first (POST below). Shadows Better Auth's own
// GET /verify-email, whose tokens are reusable JWTs. The request log never holds the query string,
// and no Referer may carry the token on (Referrer-Policy). A change of email lands on a page that
// names the new address (from a cookie, never the URL).
export const GET = defineRoute(
  {
    tag: "Auth",
    summary:
      "The link in a verification mail: consumes its token where its account is signed in (or already verified), else sends the browser to the page that asks the password",
    limit: enforceAuthIpRateLimit,
    readsItself: { query: z.strictObject({ token }) },
    responses: { 303: { description: "To the confirmation page" }, 429: limited },
  },
  async ({ request }) => {
    const presented = token.safeParse(new URL(request.url).searchParams.get("token") ?? "");
    if (!presented.success) return seeOther("/verify-email?status=invalid");
    const signedIn = await authenticateHeaders(request.headers);
    const follower: Follower = {
      signedIn: signedIn ? { userId: signedIn.user.id, sessionId: signedIn.sessionId } : undefined,
      headers: request.headers,
    };
    const followed = await followVerificationLink(presented.data, follower);
    if (followed === PASSWORD_NEEDED) {
      return seeOther(`/verify-email?${new URLSearchParams({ token: presented.data })}`);
    }
    if (!followed) return seeOther("/verify-email?status=invalid");
    if (followed.changedTo) {
      return seeOther("/verify-email?status=email_changed", [
        serializeCookie(EMAIL_CHANGED_COOKIE, encodeURIComponent(followed.changedTo), 10 * 60),
      ]);
    }
    return seeOther(
      signedIn?.user.id === followed.userId
        ? "/dashboard?verified=1"
        : "/verify-email?status=verified",
    );
  },
);

// The page's form: the link's token and the account's password, a guess counted as a sign-in.
export const POST = defineRoute(
  {
    tag: "Auth",
    summary:
      "Confirm an address with the link's token and the account's password (a link confirms only the credentials of whoever follows it)",
    limit: enforceAuthIpRateLimit,
    body: confirmAddressSchema,
    responses: {
      200: { description: "The address is verified", body: okBody },
      400: invalid,
      429: limited,
    },
  },
  async ({ request, body: { token: presented, password } }) => {
    const holder = await accountOfLink(presented);
    if (holder) await enforcePasswordCheckRateLimits(request, holder.email);
    const followed = await followVerificationLink(presented, {
      password,
      headers: request.headers,
    });
    if (!followed || followed === PASSWORD_NEEDED) {
      throw new HttpError(400, "invalid_token", "This link is invalid or has expired");
    }
    return jsonNoStore({ ok: true });
  },
);

function seeOther(location: string, cookies: string[] = []): Response {
  const headers = new Headers({
    location,
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
  });
  for (const cookie of cookies) headers.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
}
