import type { BetterAuthOptions, BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { HttpError } from "@/lib/http/errors";
import type { HookContext } from "../contract/hooks";

/**
 * Durable credentials need a proven address (docs/architecture.md, "Who owns an account").
 *
 * An unverified account may be someone else's address typed by a stranger, so it may add no
 * credential that outlives a password reset's reach: no passkey, no authenticator app, no
 * provider link. They are refused here, before Better Auth runs, whatever the verification
 * policy; once the address is proven (./fresh-start.ts) they are the owner's to add.
 */
const DURABLE_CREDENTIAL_PATHS = new Set([
  "/passkey/generate-register-options",
  "/passkey/verify-registration",
  "/two-factor/enable",
  "/link-social",
]);

const CONFIRM_FIRST = "Confirm your email address first (follow the link we sent)";

/**
 * The one refusal (403 `address_not_proven`) of whatever an unproven account may not add or
 * give: `needs` says what, as "… need(s) a confirmed address".
 */
export function addressNotProven(needs: string): HttpError {
  return new HttpError(403, "address_not_proven", `${CONFIRM_FIRST}: ${needs}`);
}

export const ADDRESS_NOT_PROVEN_MESSAGE = `${CONFIRM_FIRST}: passkeys, authenticator apps and connected providers need a confirmed address`;

export function provenAddressRules() {
  return {
    id: "taskflow-proven-address",
    hooks: {
      before: [
        {
          matcher: (ctx) => DURABLE_CREDENTIAL_PATHS.has(ctx.path ?? ""),
          handler: createAuthMiddleware(requireProvenAddress),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}

async function requireProvenAddress(ctx: HookContext) {
  // The token bridge's first half, the first plugin, put the request's session there.
  const signedIn = ctx.context.session;
  if (!signedIn || signedIn.user.emailVerified) return; // Better Auth answers a missing session.
  throw new APIError("FORBIDDEN", {
    code: "ADDRESS_NOT_PROVEN",
    message: ADDRESS_NOT_PROVEN_MESSAGE,
  });
}

type UserHooks = NonNullable<NonNullable<BetterAuthOptions["databaseHooks"]>["user"]>;

/**
 * No account from an unverified claim. The only account created unverified is a password
 * sign-up, which proves nothing until its link or a reset. Better Auth creates the user and
 * account rows of a provider sign-in even when the provider says `email_verified: false` (its
 * handleOAuthUserInfo) and only withholds the session; refusing the user row here, inside its
 * transaction, leaves neither row. Its callback turns this error's code into
 * `?error=email_not_verified_by_provider` on the sign-in page (lib/auth/sso/callback-errors.ts).
 */
export const EMAIL_NOT_VERIFIED_BY_PROVIDER = "email_not_verified_by_provider";

export const unprovenAccountHooks: UserHooks = {
  create: {
    before: async (data, ctx) => {
      if (data.emailVerified === true || ctx?.path === "/sign-up/email") return;
      throw new APIError("FORBIDDEN", {
        code: EMAIL_NOT_VERIFIED_BY_PROVIDER,
        message: "The provider did not confirm this email address",
      });
    },
  },
};
