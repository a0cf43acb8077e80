import { z } from "zod";
import { registerWithPassword } from "@/lib/auth/better-auth/password-sign-in";
import { registerSchema } from "@/lib/auth/core/credentials";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { error, invalid, limited, userBody } from "@/lib/openapi/responses";

// An alias of Better Auth's /sign-up/email at the lib level, with our body and answer. Refused
// input costs nothing to answer: only a well-formed sign-up counts against the limit.
export const POST = defineRoute(
  {
    tag: "Auth",
    summary: "Create an account and sign in",
    body: registerSchema,
    responses: {
      201: {
        description: "The new user, and both cookies",
        body: z.strictObject({ user: userBody }),
      },
      202: {
        description:
          "EMAIL_VERIFICATION=required: no session until the link in the mail is followed",
        body: z.strictObject({ verificationRequired: z.literal(true), message: z.string() }),
      },
      400: invalid,
      409: error("Email already registered"),
      429: limited,
    },
  },
  ({ request, body }) => registerWithPassword(request, body),
);

export const OPTIONS = corsPreflight;
