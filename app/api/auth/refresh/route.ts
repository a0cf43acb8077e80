import { readRefreshTokenBody, refreshSchema } from "@/lib/auth/core/credentials";
import { refreshedPairResponse, sessionEnded } from "@/lib/auth/core/refresh-answer";
import { cookieNames, readCredentialCookie } from "@/lib/auth/tokens/cookies";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { error, invalid, limited, tokenAnswer } from "@/lib/openapi/responses";

// The refresh token comes from its cookie (browsers) or the body (API clients: JSON, or the
// OAuth2 form with grant_type=refresh_token). A request with neither, an empty POST included, is
// a session that has ended: 401, never 415.
async function presentedToken(request: Request) {
  const fromCookie = readCredentialCookie(request.headers.get("cookie"), cookieNames().refresh);
  if (fromCookie === "conflict") return undefined;
  if (fromCookie) return { token: fromCookie, fromCookie: true };
  const token = await readRefreshTokenBody(request, refreshSchema);
  return token ? { token, fromCookie: false } : undefined;
}

export const POST = defineRoute(
  {
    tag: "Auth",
    summary: "Exchange a refresh token for a new pair (OAuth2 refresh grant)",
    readsItself: { body: refreshSchema, form: refreshSchema },
    responses: {
      200: tokenAnswer,
      400: invalid,
      401: error("The refresh token is missing, unknown, expired, revoked or reused"),
      429: limited,
    },
  },
  async ({ request }) => {
    const presented = await presentedToken(request);
    if (!presented) throw sessionEnded();
    return refreshedPairResponse(request, presented);
  },
);

export const OPTIONS = corsPreflight;
