import { randomBytes, randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { newClientId } from "@/lib/auth/oauth/client-credentials";
import { getDb } from "@/lib/db/client";
import { oauthClient, session } from "@/lib/db/schema";
import type { ApiScope } from "@/lib/validation/api-scopes";

/**
 * Grants written straight into the database, as the authorization server leaves them: an app
 * (registered by `ownerId`, or by itself when null) and a session row naming it, its scopes and
 * its resource. What revokes grants is tested against these, apart from how they are made.
 */
export async function insertClient(
  options: { ownerId?: string | null; name?: string; secretHash?: string | null } = {},
) {
  const [client] = await getDb()
    .insert(oauthClient)
    .values({
      clientId: newClientId(),
      name: options.name ?? "Inserted app",
      redirectUris: ["https://app.example.com/callback"],
      secretHash: options.secretHash ?? null,
      ownerId: options.ownerId ?? null,
    })
    .returning();
  if (!client) throw new Error("insert returned no client");
  return client;
}

export async function insertGrant(
  userId: string,
  clientRowId: string,
  scopes: ApiScope[] = ["tasks:read"],
) {
  const [grant] = await getDb()
    .insert(session)
    .values({
      id: randomUUID(),
      token: randomBytes(24).toString("base64url"),
      userId,
      expiresAt: new Date(Date.now() + 30 * 86_400_000),
      oauthClientId: clientRowId,
      scopes,
      resource: "http://localhost:3000/api/tasks",
    })
    .returning();
  if (!grant) throw new Error("insert returned no grant");
  return grant;
}

/** Whether the grant's session row is still there. */
export async function grantExists(id: string): Promise<boolean> {
  const rows = await getDb().select({ id: session.id }).from(session).where(eq(session.id, id));
  return rows.length > 0;
}

/** Moves an app's registration `hours` into the past (the prune takes unclaimed apps after a day). */
export const registeredAgo = (clientId: string, hours: number) =>
  getDb()
    .update(oauthClient)
    .set({ createdAt: sql`now() - make_interval(hours => ${hours})` })
    .where(eq(oauthClient.clientId, clientId));
