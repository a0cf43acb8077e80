import { followVerificationLink } from "@/lib/auth/better-auth/email-verification";
import { enforceAuthIpRateLimit } from "@/lib/auth/core/auth-limits";
import { authenticateHeaders } from "@/lib/auth/core/guard";
import { handleRoute } from "@/lib/http/handle-route";

// The link in a verification mail (lib/auth/better-auth/email-verification.ts), opened by a
// browser: the token is consumed, and the browser lands on the dashboard's confirmation when it is
// signed in, else on a page that says so (and offers a new link when this one was used or has
// expired). Shadows Better Auth's own GET /verify-email, whose tokens are reusable JWTs. The
// request log never holds the query string, and no Referer may carry the token on
// (Referrer-Policy).
export const GET = handleRoute(async (request) => {
  await enforceAuthIpRateLimit(request);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const followed = token.length > 0 && token.length <= 256 && (await followVerificationLink(token));
  if (!followed) return seeOther("/verify-email?status=invalid");
  const signedIn = await authenticateHeaders(request.headers);
  return seeOther(
    signedIn?.user.id === followed.userId
      ? "/dashboard?verified=1"
      : "/verify-email?status=verified",
  );
});

function seeOther(location: string): Response {
  return new Response(null, {
    status: 303,
    headers: { location, "cache-control": "no-store", "referrer-policy": "no-referrer" },
  });
}
