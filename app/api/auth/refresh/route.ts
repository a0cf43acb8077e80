import { refreshSchema } from "@/lib/auth/core/credentials";
import { refreshFromRequest } from "@/lib/auth/core/refresh-answer";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { error, invalid, limited, tokenAnswer } from "@/lib/openapi/responses";

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
  ({ request }) => refreshFromRequest(request),
);

export const OPTIONS = corsPreflight;
