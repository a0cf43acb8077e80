import type { BetterAuthOptions } from "better-auth";
import { APIError } from "better-auth/api";
import { and, eq, ne } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { account as accountTable } from "@/lib/db/schema";
import { recordSecurityEvent } from "../account/security-events";

/**
 * The rules of "Connected accounts" that live in Better Auth's account table (its database
 * hooks, so every path that links or unlinks passes them):
 * - a provider account linked to a user (at a provider sign-up, an automatic link of a verified
 *   matching email, or from settings) and one unlinked are security events, kept as the others,
 *   and mailed to the owner (not the provider sign-up: that account has nothing else yet);
 * - the password is not a connected account: /unlink-account cannot remove it (Better Auth
 *   itself refuses to remove the last account of any kind);
 * - a provider's id_token is never stored: the app signs in with it once and never uses it
 *   again, and `encryptOAuthTokens` seals access and refresh tokens only.
 */
// Better Auth's providerId of the email-and-password account.
export const PASSWORD_ACCOUNT = "credential";

type AccountHooks = NonNullable<NonNullable<BetterAuthOptions["databaseHooks"]>["account"]>;
type HookContext = Parameters<NonNullable<NonNullable<AccountHooks["create"]>["after"]>>[1];
type AccountRow = { id: string; userId: string; providerId: string };

const requestHeaders = (ctx: HookContext) => ctx?.request?.headers ?? ctx?.headers;

async function recordLinked(account: AccountRow, ctx: HookContext) {
  if (account.providerId === PASSWORD_ACCOUNT) return;
  const [other] = await getDb()
    .select({ id: accountTable.id })
    .from(accountTable)
    .where(and(eq(accountTable.userId, account.userId), ne(accountTable.id, account.id)))
    .limit(1);
  await recordSecurityEvent("account_linked", account.userId, requestHeaders(ctx), {
    notify: Boolean(other),
  });
}

async function recordUnlinked(account: AccountRow, ctx: HookContext) {
  if (account.providerId === PASSWORD_ACCOUNT) return;
  await recordSecurityEvent("account_unlinked", account.userId, requestHeaders(ctx));
}

const withoutIdToken = async <Row extends { idToken?: string | null }>(row: Row) =>
  row.idToken === undefined ? undefined : { data: { ...row, idToken: null } };

export const connectedAccountHooks: AccountHooks = {
  create: { before: withoutIdToken, after: recordLinked },
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
    after: recordUnlinked,
  },
};
