import { z } from "zod";
import {
  enforceAuthIpRateLimit,
  enforcePasswordCheckRateLimits,
} from "@/lib/auth/core/auth-limits";
import { authenticateHeaders } from "@/lib/auth/core/guard";
import {
  accountOfLink,
  confirmAddressSchema,
  EMAIL_CHANGE_PASSWORD_NEEDED,
  EMAIL_CHANGED_COOKIE,
  type Follower,
  followVerificationLink,
  PASSWORD_NEEDED,
} from "@/lib/auth/email-ownership/email-verification";
import { serializeCookie } from "@/lib/auth/tokens/cookies";
import { defineRoute } from "@/lib/http/define-route";
import { HttpError } from "@/lib/http/errors";
import { jsonNoStore } from "@/lib/http/responses";
import { invalid, limited } from "@/lib/openapi/responses";

const token = confirmAddressSchema.shape.token;

// The link in a verification mail (lib/auth/email-ownership/email-verification.ts), opened by a
// browser: the token is consumed, and the browser lands on the dashboard's confirmation when it is
// signed in, else on a page that says so (and offers a new link when this one was used or has
// expired). A link to an unverified account, or one that changes an account's address, opened
// where nobody is signed in to that account is not consumed: the page asks for the account's
// password first (POST below). Shadows Better Auth's own GET /verify-email, whose tokens are
// reusable JWTs. The request log never holds the query string, and no Referer may carry the token
// on (Referrer-Policy). A change of email lands on a page that names the new address (from a
// cookie, never the URL).
export const GET = defineRoute(
  {
    tag: "Auth",
    summary:
      "The link in a verification or change-of-email mail: consumes its token where its account is signed in (a verification link also where the account is already verified), else sends the browser to the page that asks the password",
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
    if (followed === PASSWORD_NEEDED || followed === EMAIL_CHANGE_PASSWORD_NEEDED) {
      const page = new URLSearchParams({ token: presented.data });
      if (followed === EMAIL_CHANGE_PASSWORD_NEEDED) page.set("change", "1");
      return seeOther(`/verify-email?${page}`);
    }
    if (!followed) return seeOther("/verify-email?status=invalid");
    if (followed.changedTo) {
      return seeOther("/verify-email?status=email_changed", [changedToCookie(followed.changedTo)]);
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
      "Confirm an address, or a change of address, with the link's token and the account's password (a link confirms only the credentials of whoever follows it)",
    limit: enforceAuthIpRateLimit,
    body: confirmAddressSchema,
    responses: {
      200: {
        description:
          "The address is verified (`verified`), or is now the account's (`email_changed`, the new address in a short-lived cookie for the page that says so)",
        body: z.strictObject({
          ok: z.literal(true),
          status: z.enum(["verified", "email_changed"]),
        }),
      },
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
    // Given the password, it asks for none: a string here is not a followed link either.
    if (!followed || typeof followed === "string") {
      throw new HttpError(400, "invalid_token", "This link is invalid or has expired");
    }
    if (!followed.changedTo) return jsonNoStore({ ok: true, status: "verified" });
    const answer = jsonNoStore({ ok: true, status: "email_changed" });
    answer.headers.append("set-cookie", changedToCookie(followed.changedTo));
    return answer;
  },
);

/** Names the new address to the page that says it changed, never in the URL. */
const changedToCookie = (address: string) =>
  serializeCookie(EMAIL_CHANGED_COOKIE, encodeURIComponent(address), 10 * 60);

function seeOther(location: string, cookies: string[] = []): Response {
  const headers = new Headers({
    location,
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
  });
  for (const cookie of cookies) headers.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
}
