import { APIError } from "better-auth/api";
import { z } from "zod";
import { getAuth } from "@/lib/auth/better-auth/auth";
import { enforceRegisterRateLimit } from "@/lib/auth/core/auth-limits";
import { emailTaken, explainFailedSignUp, registerSchema } from "@/lib/auth/core/credentials";
import { finishedSignIn } from "@/lib/auth/front-door/token-bridge";
import { refuseBreachedPassword } from "@/lib/auth/passwords/breached-password";
import { withSetCookies } from "@/lib/auth/tokens/cookies";
import { getEnv } from "@/lib/env";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { error, invalid, limited, userBody } from "@/lib/openapi/responses";

const VERIFICATION_REQUIRED = {
  verificationRequired: true,
  message: "Check your inbox: open the link we sent to verify your address, then sign in.",
};

// Refused input costs nothing to answer: only a well-formed sign-up counts against the limit.
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
  async ({ request, body: { email, password, name } }) => {
    await enforceRegisterRateLimit(request);
    await refuseBreachedPassword(password, "password");
    const signUp = await getAuth()
      .api.signUpEmail({
        body: { email, password, name: name ?? email.split("@")[0] ?? email },
        headers: request.headers,
        returnHeaders: true,
      })
      .catch(async (error: unknown) => {
        const code = error instanceof APIError ? error.body?.code : undefined;
        if (code?.startsWith("USER_ALREADY_EXISTS")) throw emailTaken();
        if (code === "FAILED_TO_CREATE_USER") throw (await explainFailedSignUp(email)) ?? error;
        throw error;
      });
    // EMAIL_VERIFICATION=required: no session until the link is followed. Better Auth then answers
    // a taken address like a new one (its mail goes out only for a new account), and so do we.
    if (getEnv().EMAIL_VERIFICATION === "required") {
      return jsonNoStore(VERIFICATION_REQUIRED, { status: 202 });
    }
    const { user } = finishedSignIn(signUp.response);
    return withSetCookies(jsonNoStore({ user }, { status: 201 }), signUp.headers);
  },
);

export const OPTIONS = corsPreflight;
