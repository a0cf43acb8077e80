import { and, count, countDistinct, desc, eq, gt, isNotNull, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { oauthClient, session, type UserProfile } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";
import { enforceRateLimit } from "@/lib/rate-limit/index";
import { addressNotProven } from "../account/proven-address";
import { recordSecurityEvent } from "../account/security-events";
import { type AuthContext, requireUser } from "../core/guard";
import {
  hashClientSecret,
  isWellFormedClientId,
  newClientId,
  newClientSecret,
} from "./client-credentials";
import { MAX_OAUTH_CLIENTS, type OauthClientView, type RegisterClient } from "./owned-client-rules";

/**
 * The apps a user registers in Settings → Developer apps (docs/connected-apps.md): a name, the
 * exact redirect URIs, and a secret for a confidential app, answered once and kept as a hash.
 * Every query names the owner, so another account's app is indistinguishable from none.
 */

/**
 * The guard of the client routes: a person's own sign-in (`requireUser` takes neither an API key
 * nor an app's token), and nothing at all while the authorization server is off.
 */
export async function requireClientManager(request: Request): Promise<AuthContext> {
  if (!getEnv().OAUTH_PROVIDER) throw new HttpError(404, "not_found", "Not found");
  return requireUser(request);
}

/**
 * Registers an app for `owner`. It is no credential to the owner's data (every grant needs their
 * consent), but it puts a name and redirect URIs on a consent page, so, as an API key, it needs
 * a proven address, is rate-limited and capped per account.
 */
export async function registerClient(
  owner: UserProfile,
  { name, redirectUris, type }: RegisterClient,
  headers: Headers,
): Promise<{ client: OauthClientView; clientSecret?: string }> {
  if (!owner.emailVerified) {
    throw addressNotProven("registering an app needs a confirmed address");
  }
  await enforceRateLimit("oauth-client-user", owner.id);
  const [held] = await getDb()
    .select({ clients: count() })
    .from(oauthClient)
    .where(eq(oauthClient.ownerId, owner.id));
  if ((held?.clients ?? 0) >= MAX_OAUTH_CLIENTS) {
    throw new HttpError(
      409,
      "too_many_clients",
      `Delete an app first: ${MAX_OAUTH_CLIENTS} at most`,
    );
  }
  const clientSecret = type === "confidential" ? newClientSecret() : undefined;
  const [row] = await getDb()
    .insert(oauthClient)
    .values({
      clientId: newClientId(),
      name,
      redirectUris,
      secretHash: clientSecret ? hashClientSecret(clientSecret) : null,
      ownerId: owner.id,
    })
    .returning();
  await recordSecurityEvent("oauth_client_registered", owner.id, headers);
  const client = viewOf({ ...(row as typeof oauthClient.$inferSelect), users: 0 });
  return clientSecret ? { client, clientSecret } : { client };
}

/** The apps `ownerId` registered, newest first. */
export async function listClients(ownerId: string): Promise<OauthClientView[]> {
  const rows = await getDb()
    .select({
      clientId: oauthClient.clientId,
      name: oauthClient.name,
      redirectUris: oauthClient.redirectUris,
      secretHash: oauthClient.secretHash,
      createdAt: oauthClient.createdAt,
      // People whose grant (a session row naming the client) is in force.
      users: countDistinct(session.userId),
    })
    .from(oauthClient)
    .leftJoin(
      session,
      and(eq(session.oauthClientId, oauthClient.id), gt(session.expiresAt, sql`now()`)),
    )
    .where(eq(oauthClient.ownerId, ownerId))
    .groupBy(oauthClient.id)
    .orderBy(desc(oauthClient.createdAt));
  return rows.map(viewOf);
}

/** Deletes one of the owner's apps; its grants (sessions) and their tokens go by cascade. */
export async function deleteClient(
  ownerId: string,
  clientId: string,
  headers: Headers,
): Promise<void> {
  const deleted = await getDb()
    .delete(oauthClient)
    .where(ownedClient(ownerId, clientId))
    .returning({ id: oauthClient.id });
  if (deleted.length === 0) throw clientNotFound();
  await recordSecurityEvent("oauth_client_deleted", ownerId, headers);
}

/**
 * A new secret for a confidential app, answered once: the old one stops at once, as its hash is
 * overwritten. A public app has no secret to renew.
 */
export async function renewClientSecret(
  ownerId: string,
  clientId: string,
  headers: Headers,
): Promise<{ clientSecret: string }> {
  const owned = ownedClient(ownerId, clientId);
  await enforceRateLimit("oauth-client-user", ownerId);
  const clientSecret = newClientSecret();
  const renewed = await getDb()
    .update(oauthClient)
    .set({ secretHash: hashClientSecret(clientSecret) })
    .where(and(owned, isNotNull(oauthClient.secretHash)))
    .returning({ id: oauthClient.id });
  if (renewed.length === 0) {
    throw new HttpError(404, "not_found", "No such confidential app of yours");
  }
  await recordSecurityEvent("oauth_client_secret_renewed", ownerId, headers);
  return { clientSecret };
}

/** The owner's app `clientId`; a malformed id names none, and is answered without a query. */
function ownedClient(ownerId: string, clientId: string) {
  if (!isWellFormedClientId(clientId)) throw clientNotFound();
  return and(eq(oauthClient.ownerId, ownerId), eq(oauthClient.clientId, clientId));
}

const clientNotFound = () => new HttpError(404, "not_found", "No such app of yours");

function viewOf(
  row: Pick<
    typeof oauthClient.$inferSelect,
    "clientId" | "name" | "redirectUris" | "secretHash" | "createdAt"
  > & { users: number },
): OauthClientView {
  return {
    clientId: row.clientId,
    name: row.name,
    redirectUris: row.redirectUris,
    type: row.secretHash === null ? "public" : "confidential",
    createdAt: row.createdAt,
    users: row.users,
  };
}
