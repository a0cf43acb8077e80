import { APIError } from "better-auth/api";
import { getAuth } from "@/lib/auth/better-auth/auth";
import { enforceResetPasswordRateLimit } from "@/lib/auth/core/auth-limits";
import { resetPasswordSchema } from "@/lib/auth/core/credentials";
import { refuseBreachedPassword } from "@/lib/auth/passwords/breached-password";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { HttpError } from "@/lib/http/errors";
import { jsonNoStore } from "@/lib/http/responses";
import { invalid, limited, okBody } from "@/lib/openapi/responses";

// Shadows Better Auth's own POST /api/auth/reset-password, accepting its `newPassword` field
// too, so its client keeps working. Better Auth consumes the token (single use) and ends every
// session of the user in the same transaction as the new password.
export const POST = defineRoute(
  {
    tag: "Auth",
    summary: "Choose a new password with a reset token; ends every session",
    limit: enforceResetPasswordRateLimit,
    body: resetPasswordSchema,
    responses: {
      200: { description: "Password changed", body: okBody },
      400: invalid,
      429: limited,
    },
  },
  async ({ body: { token, password } }) => {
    await refuseBreachedPassword(password, "password");
    await getAuth()
      .api.resetPassword({ body: { token, newPassword: password } })
      .catch((error: unknown) => {
        if (error instanceof APIError && error.statusCode < 500) {
          throw new HttpError(400, "invalid_token", "This reset link is invalid or has expired");
        }
        throw error;
      });
    return jsonNoStore({ ok: true });
  },
);

export const OPTIONS = corsPreflight;
