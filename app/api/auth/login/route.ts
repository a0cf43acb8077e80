import { z } from "zod";
import { tokenEndpoint } from "@/lib/auth/better-auth/password-sign-in";
import { loginSchema, refreshSchema } from "@/lib/auth/core/credentials";
import { secondFactorRequiredBody } from "@/lib/auth/second-factor/challenge";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { error, invalid, limited, tokenPairBody } from "@/lib/openapi/responses";

// The OAuth2 token endpoint (RFC 8414 metadata, lib/auth/core/discovery.ts): an alias of Better
// Auth's /sign-in/email for the password grant (JSON or form), and of /api/auth/refresh for the
// refresh_token grant, at the lib level (lib/auth/better-auth/password-sign-in.ts).
// The refresh_token grant names its grant: a body without one is a sign-in.
const refreshGrant = refreshSchema.extend({ grant_type: z.literal("refresh_token") });

export const POST = defineRoute(
  {
    tag: "Auth",
    summary: "The OAuth2 token endpoint: the password grant, and the refresh_token grant",
    readsItself: {
      body: z.union([loginSchema, refreshGrant]),
      form: z.union([
        z.strictObject({
          grant_type: z.literal("password").optional(),
          username: z.string(),
          password: z.string(),
        }),
        refreshGrant,
      ]),
    },
    responses: {
      200: {
        description:
          "The token pair and both cookies; for an account with a second factor, `two_factor_required` and Better Auth's five-minute challenge cookie instead (send a code to /api/auth/two-factor/verify-totp or /verify-backup-code)",
        body: z.union([tokenPairBody, secondFactorRequiredBody]),
      },
      400: invalid,
      401: error("Incorrect email or password, or a refresh token that names no live session"),
      429: limited,
    },
  },
  ({ request }) => tokenEndpoint(request),
);

export const OPTIONS = corsPreflight;
