import { z } from "zod";
import { getAuth } from "@/lib/auth/better-auth/auth";
import { enforceForgotPasswordRateLimit } from "@/lib/auth/core/auth-limits";
import { forgotPasswordSchema } from "@/lib/auth/core/credentials";
import { runAfterResponse } from "@/lib/http/after-response";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { invalid, limited } from "@/lib/openapi/responses";

// The same answer, in the same time, whether or not the account exists: the lookup, the token
// and the email all happen after the answer (lib/auth/passwords/password-reset.ts).
const ANSWER = { ok: true, message: "If an account uses this email, a reset link is on its way." };

export const POST = defineRoute(
  {
    tag: "Auth",
    summary: "Mail a password-reset link (the same answer whether or not the account exists)",
    limit: enforceForgotPasswordRateLimit,
    body: forgotPasswordSchema,
    responses: {
      200: {
        description: "Always the same",
        body: z.strictObject({ ok: z.literal(true), message: z.string() }),
      },
      400: invalid,
      429: limited,
    },
  },
  async ({ request, body: { email } }) => {
    const headers = new Headers(request.headers);
    runAfterResponse("password_reset_request_failed", () =>
      getAuth().api.requestPasswordReset({ body: { email }, headers }),
    );
    return jsonNoStore(ANSWER);
  },
);

export const OPTIONS = corsPreflight;
