import type { BetterAuthOptions } from "better-auth";
import { APIError } from "better-auth/api";
import { getDb } from "@/lib/db/client";
import { securityEvent } from "@/lib/db/schema";
import { clientAddress } from "@/lib/http/client-ip";

/**
 * The rules of "Connected accounts" that live in Better Auth's account table (its database
 * hooks, so every path that links or unlinks passes them):
 * - a provider account linked to a user (at a provider sign-up, an automatic link of a verified
 *   matching email, or from settings) and one unlinked are security events, kept as the others;
 * - the password is not a connected account: /unlink-account cannot remove it (Better Auth
 *   itself refuses to remove the last account of any kind);
 * - a provider's id_token is never stored: the app signs in with it once and never uses it
 *   again, and `encryptOAuthTokens` seals access and refresh tokens only.
 */
export const ACCOUNT_LINKED = "account_linked";
export const ACCOUNT_UNLINKED = "account_unlinked";

// Better Auth's providerId of the email-and-password account.
export const PASSWORD_ACCOUNT = "credential";

type AccountHooks = NonNullable<NonNullable<BetterAuthOptions["databaseHooks"]>["account"]>;
type HookContext = Parameters<NonNullable<NonNullable<AccountHooks["create"]>["after"]>>[1];
type AccountRow = { userId: string; providerId: string };

async function record(type: string, account: AccountRow, ctx: HookContext) {
  if (account.providerId === PASSWORD_ACCOUNT) return;
  const headers = ctx?.request?.headers ?? ctx?.headers;
  await getDb()
    .insert(securityEvent)
    .values({
      type,
      userId: account.userId,
      ipAddress: headers ? clientAddress({ headers }) : null,
      userAgent: headers?.get("user-agent")?.slice(0, 512) ?? null,
    });
}

const withoutIdToken = async <Row extends { idToken?: string | null }>(row: Row) =>
  row.idToken === undefined ? undefined : { data: { ...row, idToken: null } };

export const connectedAccountHooks: AccountHooks = {
  create: {
    before: withoutIdToken,
    after: (account, ctx) => record(ACCOUNT_LINKED, account, ctx),
  },
  update: { before: withoutIdToken },
  delete: {
    before: async (account, ctx) => {
      if (ctx?.path === "/unlink-account" && account.providerId === PASSWORD_ACCOUNT) {
        throw new APIError("BAD_REQUEST", {
          code: "PASSWORD_NOT_UNLINKABLE",
          message: "The password is not a connected account: change it instead",
        });
      }
    },
    after: (account, ctx) => record(ACCOUNT_UNLINKED, account, ctx),
  },
};
