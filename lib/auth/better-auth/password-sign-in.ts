import { APIError } from "better-auth/api";
import type { z } from "zod";
import { getEnv } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";
import { jsonNoStore } from "@/lib/http/responses";
import { ACCOUNT_DISABLED } from "../core/account-ban";
import { enforcePasswordCheckRateLimits, enforceRegisterRateLimit } from "../core/auth-limits";
import {
  emailNotVerified,
  emailTaken,
  explainFailedSignUp,
  incorrectCredentials,
  type LoginInput,
  readTokenRequest,
  type registerSchema,
} from "../core/credentials";
import { refreshedPairResponse, sessionEnded } from "../core/refresh-answer";
import { tokenPairBodyResponse } from "../core/token-pair";
import { refuseBreachedPassword } from "../passwords/breached-password";
import { pendingSecondFactor } from "../second-factor/challenge";
import { withSetCookies } from "../tokens/cookies";
import { getAuth } from "./auth";
import { signInInProcess } from "./token-bridge";

/**
 * Our /api/auth/login and /register for API clients and OAuth2 form grants: aliases of Better
 * Auth's /sign-in/email and /sign-up/email, called in-process (`auth.api.*`), so every plugin
 * and the token bridge decide as on Better Auth's own endpoints; only the body and the answer
 * are ours (an OAuth2 token response, our error codes).
 */

/**
 * The OAuth2 token endpoint (RFC 8414 metadata, lib/auth/core/discovery.ts): the password grant
 * (JSON or form) and the refresh_token grant, which takes the refresh route's own answer.
 */
export async function tokenEndpoint(request: Request): Promise<Response> {
  const body = await readTokenRequest(request);
  if (body.grant === "password") return passwordGrant(request, body);
  // A refresh_token grant without its token is a session that has ended, as on the refresh route.
  if (!body.refreshToken) throw sessionEnded();
  return refreshedPairResponse(request, { token: body.refreshToken, fromCookie: false });
}

// Better Auth verifies the password, and hashes a dummy for unknown emails so that the answer
// and its timing are the same whether or not the account exists. Rate limits come first: a
// flood of guesses is refused before any of them costs a bcrypt hash. An account with a second
// factor gets no pair here, only Better Auth's challenge cookie: the pair comes from
// /api/auth/two-factor/verify-totp or /verify-backup-code.
async function passwordGrant(request: Request, { email, password, rememberMe }: LoginInput) {
  await enforcePasswordCheckRateLimits(request, email);
  const { answer, pair } = await signInInProcess(() =>
    getAuth()
      .api.signInEmail({
        body: { email, password, rememberMe },
        headers: request.headers,
        returnHeaders: true,
      })
      .catch((error: unknown) => {
        // EMAIL_VERIFICATION=required: said only after the right password, so it reveals nothing.
        if (error instanceof APIError && error.body?.code === "EMAIL_NOT_VERIFIED") {
          throw emailNotVerified();
        }
        // A disabled account: said only after the right password, like the verification above.
        if (error instanceof APIError && error.body?.code === ACCOUNT_DISABLED) {
          throw new HttpError(403, "account_disabled", error.body.message ?? "Account disabled");
        }
        if (error instanceof APIError && error.statusCode < 500) throw incorrectCredentials();
        throw error;
      }),
  );
  const pending = pendingSecondFactor(answer.response);
  if (pending) return withSetCookies(jsonNoStore(pending), answer.headers);
  return withSetCookies(tokenPairBodyResponse(finished(pair)), answer.headers);
}

const VERIFICATION_REQUIRED = {
  verificationRequired: true,
  message: "Check your inbox: open the link we sent to verify your address, then sign in.",
};

/** POST /api/auth/register: Better Auth's sign-up, with our body and our answer. */
export async function registerWithPassword(
  request: Request,
  { email, password, name }: z.infer<typeof registerSchema>,
): Promise<Response> {
  await enforceRegisterRateLimit(request);
  await refuseBreachedPassword(password, "password");
  const { answer, pair } = await signInInProcess(() =>
    getAuth()
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
      }),
  );
  // EMAIL_VERIFICATION=required: no session until the link is followed. Better Auth then answers
  // a taken address like a new one (its mail goes out only for a new account), and so do we.
  if (getEnv().EMAIL_VERIFICATION === "required") {
    return jsonNoStore(VERIFICATION_REQUIRED, { status: 202 });
  }
  const { user } = finished(pair);
  return withSetCookies(jsonNoStore({ user }, { status: 201 }), answer.headers);
}

function finished<Pair>(pair: Pair | undefined): Pair {
  if (!pair) throw new Error("The sign-in did not finish: no token pair was issued");
  return pair;
}
