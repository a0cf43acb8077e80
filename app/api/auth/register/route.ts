import { APIError } from "better-auth/api";
import { getAuth } from "@/lib/auth/better-auth/auth";
import { finishedSignIn } from "@/lib/auth/better-auth/token-bridge";
import { enforceRegisterRateLimit } from "@/lib/auth/core/auth-limits";
import { emailTaken, explainFailedSignUp, registerSchema } from "@/lib/auth/core/credentials";
import { refuseBreachedPassword } from "@/lib/auth/passwords/breached-password";
import { withSetCookies } from "@/lib/auth/tokens/cookies";
import { getEnv } from "@/lib/env";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { jsonNoStore } from "@/lib/http/responses";

const VERIFICATION_REQUIRED = {
  verificationRequired: true,
  message: "Check your inbox: open the link we sent to verify your address, then sign in.",
};

export const POST = handleRoute(async (request) => {
  // Refused input costs nothing to answer: only a well-formed sign-up counts against the limit.
  const { email, password, name } = await readJson(request, registerSchema);
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
});

export const OPTIONS = corsPreflight;
