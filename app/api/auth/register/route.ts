import { APIError } from "better-auth/api";
import { getAuth } from "@/lib/auth/auth";
import { registerSchema } from "@/lib/auth/credentials";
import { issueTokenPair, withTokenCookies } from "@/lib/auth/token-pair";
import { corsPreflight } from "@/lib/http/cors";
import { HttpError } from "@/lib/http/errors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { jsonNoStore } from "@/lib/http/responses";
import { enforceRegisterRateLimit } from "@/lib/rate-limit/auth-limits";

export const POST = handleRoute(async (request) => {
  await enforceRegisterRateLimit(request);
  const { email, password, name } = await readJson(request, registerSchema);
  const { token } = await getAuth()
    .api.signUpEmail({
      body: { email, password, name: name ?? email.split("@")[0] ?? email },
      headers: request.headers,
    })
    .catch((error: unknown) => {
      if (error instanceof APIError && error.body?.code?.startsWith("USER_ALREADY_EXISTS")) {
        throw new HttpError(409, "email_taken", "Email already registered", {
          fields: { email: ["Email already registered"] },
        });
      }
      throw error;
    });
  if (!token) throw new Error("Sign-up did not create a session");
  const issued = await issueTokenPair(token);
  return withTokenCookies(jsonNoStore({ user: issued.user }, { status: 201 }), issued);
});

export const OPTIONS = corsPreflight;
