import { z } from "zod";
import { ok, signedInSession, status } from "../contract/answers";
import type { AuthFeature } from "../contract/endpoint";
import { AUTH_IP_LIMIT } from "../core/auth-limits";
import { displayName, imageUrl } from "../fields/fields";

/**
 * The signed-in session as Better Auth's client sees it: who is signed in, signing out, and the
 * profile of the account. The session itself is the refresh family (lib/auth/core/refresh.ts);
 * the token bridge answers get-session from the guard's one query.
 */
export const sessions = {
  plugins: () => [],
  endpoints: {
    "/sign-out": {
      method: "POST",
      caller: "anyone",
      body: z.strictObject({}),
      limit: AUTH_IP_LIMIT,
      answers: { 200: ok("Signed out", z.strictObject({ success: z.literal(true) })) },
      why: "Better Auth's client `signOut`: ends the session (the refresh family) and clears our cookies",
    },
    "/get-session": {
      method: "GET",
      caller: "anyone",
      limit: AUTH_IP_LIMIT,
      answers: {
        200: ok("The session and its user, or null when signed out", signedInSession.nullable()),
      },
      why: "Better Auth's client `getSession`: the signed-in user (null without one); never the session token",
    },
    "/update-user": {
      method: "POST",
      caller: "signed-in",
      body: z
        .strictObject({ name: displayName.optional(), image: imageUrl.optional() })
        .refine((patch) => Object.keys(patch).length > 0, "Send at least one field to change"),
      limit: AUTH_IP_LIMIT,
      answers: { 200: ok("Saved", status) },
      why: "settings: the profile name",
    },
  },
} satisfies AuthFeature;
