import { z } from "zod";
import { ROLES } from "@/lib/validation/roles";
import { type Answer, timestamp } from "./responses";

/**
 * What each Better Auth endpoint the front door serves answers when it succeeds, as strict
 * objects: Better Auth's own shapes, less the session token the token bridge removes.
 * document.ts refuses to build without an entry for every served endpoint, so a new one cannot
 * go undocumented, and tests/integration/openapi.test.ts (and sso.test.ts for the provider
 * flows) checks real answers against these.
 */

const betterAuthUser = z.strictObject({
  id: z.string(),
  name: z.string(),
  email: z.email(),
  emailVerified: z.boolean(),
  image: z.string().nullable(),
  role: z.enum(ROLES),
  createdAt: timestamp,
  updatedAt: timestamp,
});

const signedInSession = z.strictObject({
  session: z.strictObject({
    id: z.string(),
    userId: z.string(),
    expiresAt: timestamp,
    ipAddress: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
  user: betterAuthUser.extend({ roleSetAt: timestamp.nullable() }),
});

/** Where a provider flow goes next: the browser follows `url`. */
const providerRedirect = z.strictObject({ url: z.url(), redirect: z.literal(true) });

const status = z.strictObject({ status: z.boolean() });

const ok = (description: string, body: z.ZodType): Answer => ({ description, body });

export const BETTER_AUTH_ANSWERS: Record<string, Record<number, Answer>> = {
  "/sign-up/email": { 200: ok("The new account", z.strictObject({ user: betterAuthUser })) },
  "/sign-in/email": {
    200: ok(
      "Signed in: our token pair is in the cookies",
      z.strictObject({ redirect: z.boolean(), url: z.url().optional(), user: betterAuthUser }),
    ),
  },
  "/sign-out": { 200: ok("Signed out", z.strictObject({ success: z.literal(true) })) },
  "/get-session": {
    200: ok("The session and its user, or null when signed out", signedInSession.nullable()),
  },
  "/update-user": { 200: ok("Saved", status) },
  "/change-password": { 200: ok("Changed", z.strictObject({ user: betterAuthUser })) },
  "/request-password-reset": {
    200: ok(
      "The same answer for every address",
      z.strictObject({ status: z.literal(true), message: z.string() }),
    ),
  },
  "/send-verification-email": {
    200: ok("The same answer for every address", z.strictObject({ status: z.literal(true) })),
  },
  "/sign-in/social": { 200: ok("The provider's authorization page", providerRedirect) },
  "/callback/:id": {
    302: {
      description:
        "Signed in (our token pair in the cookies) or linked, then to the page that started it; a failed flow goes to /login?error=<code>",
    },
  },
  "/link-social": { 200: ok("The provider's authorization page", providerRedirect) },
  "/unlink-account": { 200: ok("Disconnected", status) },
  "/list-accounts": {
    200: ok(
      "The account's ways to sign in",
      z.array(
        z.strictObject({
          id: z.string(),
          providerId: z.string(),
          accountId: z.string(),
          userId: z.string(),
          scopes: z.array(z.string()),
          createdAt: timestamp,
          updatedAt: timestamp,
        }),
      ),
    ),
  },
};
