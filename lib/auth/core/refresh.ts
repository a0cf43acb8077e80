import { createHmac, randomBytes } from "node:crypto";
import { and, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { sha256 } from "@/lib/crypto/sha256";
import { type Database, getDb } from "@/lib/db/client";
import {
  refreshToken,
  securityEvent,
  session,
  type UserProfile,
  user,
  userProfileColumns,
} from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import type { ApiScope } from "@/lib/validation/api-scopes";

/**
 * Rotating refresh tokens with reuse detection (docs/architecture.md). A family is a Better Auth
 * session; each token is stored only as a SHA-256 hash. A token's successor is HMAC(secret, token),
 * so concurrent refreshes with one token (several tabs) compute the same successor and the unique
 * index on token_hash lets exactly one insert win: no locks, one live chain.
 *
 * Presenting a token that was already rotated is reuse — unless it was rotated within the
 * grace window (REFRESH_GRACE_SECONDS) and its successor has not itself been used, which is
 * what a race between tabs looks like. Reuse deletes the session: the whole family dies.
 *
 * A grant to another app (docs/oauth.md) is a family too, and rotates by the same rules. Each
 * exchange names who may hold the family (`FamilyHolder`): a person's own sign-in, or one app. A
 * token presented by anyone else is refused as unknown, before it is rotated or counted as
 * reuse, so an app's refresh token never yields first-party cookies, nor another app's tokens.
 */

const hashToken = (token: string) => sha256(token);

function successorOf(token: string): string {
  return createHmac("sha256", getEnv().BETTER_AUTH_SECRET)
    .update(`refresh-successor:${token}`)
    .digest("base64url");
}

/**
 * The first token of a family, issued at sign-in; `db`, a transaction that creates the family's
 * session, when the session must not go before its first token exists (an app's grant).
 */
export async function startRefreshFamily(
  sessionId: string,
  db: Pick<Database, "insert"> = getDb(),
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.insert(refreshToken).values({ sessionId, tokenHash: hashToken(token) });
  return token;
}

export type FamilyMember = {
  sessionId: string;
  expiresAt: Date;
  user: UserProfile;
};

/**
 * Who may exchange a family's tokens: `client` is the app's `oauth_client.id`, null for ours. An
 * app may ask for `scopes`, which must all be the grant's (RFC 6749 §6: a refresh may narrow the
 * access token's scope, never widen it), and name a `resource`, which must be the grant's. Either
 * refusal comes before the rotation: a refused request spends no token.
 */
export type FamilyHolder = {
  client: string | null;
  scopes?: readonly ApiScope[];
  resource?: string;
};

/** A person's own sign-in: the refresh route, the login endpoint's grant, the page proxy. */
export const FIRST_PARTY: FamilyHolder = Object.freeze({ client: null });

/** What a grant's family was consented to (null columns for a person's own sign-in). */
export type GrantTerms = {
  scopes: ApiScope[] | null;
  resource: string | null;
  workspaceId: string | null;
};

export type Rotation =
  | ({ ok: true; refreshToken: string } & FamilyMember & GrantTerms)
  | {
      ok: false;
      reason: "unknown" | "expired" | "reused" | "scope_not_granted" | "resource_not_granted";
    };

export type RequestOrigin = { ipAddress?: string | null; userAgent?: string | null };

/**
 * A presented refresh token as one SELECT found it: the family it names (for the refresh route's
 * per-family rate limit, while the session lives) and everything `rotateRefreshToken` decides on,
 * so a refresh looks its token up once. A replayed token names no family to limit: reuse
 * detection must end the family even when the limit is spent, not answer 429 until it refills.
 */
export type RefreshLookup = {
  family: string | undefined;
  successor: string;
  row: Awaited<ReturnType<typeof selectPresented>>;
};

export async function lookUpRefreshToken(presented: string): Promise<RefreshLookup> {
  const successor = successorOf(presented);
  const row = await selectPresented(presented, successor);
  const limited = row?.live && !isReplay(row);
  return { family: limited ? row.sessionId : undefined, successor, row };
}

type PresentedRow = NonNullable<Awaited<ReturnType<typeof selectPresented>>>;

/** Rotated already, and not by a tab racing its sibling within the grace window. */
function isReplay(row: PresentedRow): boolean {
  return row.rotatedAt !== null && !(row.withinGrace && !row.successorRotated);
}

async function selectPresented(presented: string, successor: string) {
  const child = alias(refreshToken, "child");
  const [row] = await getDb()
    .select({
      id: refreshToken.id,
      rotatedAt: refreshToken.rotatedAt,
      withinGrace: sql<boolean>`${refreshToken.rotatedAt} > now() - make_interval(secs => ${getEnv().REFRESH_GRACE_SECONDS})`,
      successorRotated: sql<boolean>`${child.rotatedAt} is not null`,
      sessionId: session.id,
      expiresAt: session.expiresAt,
      live: sql<boolean>`${session.expiresAt} > now()`,
      oauthClientId: session.oauthClientId,
      scopes: session.scopes,
      resource: session.resource,
      workspaceId: session.workspaceId,
      user: userProfileColumns,
    })
    .from(refreshToken)
    .innerJoin(session, eq(session.id, refreshToken.sessionId))
    .innerJoin(user, eq(user.id, session.userId))
    .leftJoin(child, eq(child.tokenHash, hashToken(successor)))
    .where(eq(refreshToken.tokenHash, hashToken(presented)));
  return row;
}

export async function rotateRefreshToken(
  { successor, row }: RefreshLookup,
  holder: FamilyHolder,
  origin: RequestOrigin = {},
): Promise<Rotation> {
  if (!row || row.oauthClientId !== holder.client) return { ok: false, reason: "unknown" };
  if (!row.live) return { ok: false, reason: "expired" };

  if (isReplay(row)) {
    await revokeFamilyForReuse(row.sessionId, row.user.id, origin);
    return { ok: false, reason: "reused" };
  }
  if (holder.scopes?.some((scope) => !row.scopes?.includes(scope))) {
    return { ok: false, reason: "scope_not_granted" };
  }
  if (holder.resource !== undefined && holder.resource !== row.resource) {
    return { ok: false, reason: "resource_not_granted" };
  }

  if (row.rotatedAt === null) await markRotated(row.sessionId, row.id);
  await getDb()
    .insert(refreshToken)
    .values({ sessionId: row.sessionId, tokenHash: hashToken(successor), parentId: row.id })
    .onConflictDoNothing({ target: refreshToken.tokenHash });

  return {
    ok: true,
    refreshToken: successor,
    sessionId: row.sessionId,
    expiresAt: row.expiresAt,
    user: row.user,
    scopes: row.scopes,
    resource: row.resource,
    workspaceId: row.workspaceId,
  };
}

/**
 * Marks a token as exchanged and, in the same statement, stamps its session's `updated_at`: the
 * "last used" of the settings page's session list, at no extra round trip.
 *
 * The session row is locked before the token row, the order in which everything that ends a
 * family takes them (deleting a session deletes its tokens by cascade: logout, revocation, a
 * password reset, an account deletion). The other order deadlocked with a logout of the same
 * session, and PostgreSQL then aborts one of the two (40P01). The token row is updated only
 * once the data-modifying CTE has run, since its WHERE needs the CTE's row.
 */
async function markRotated(sessionId: string, tokenId: string): Promise<void> {
  const db = getDb();
  const stamped = db
    .$with("stamped", { id: session.id })
    .as(
      db
        .update(session)
        .set({ updatedAt: sql`now()` })
        .where(eq(session.id, sessionId))
        .returning({ id: session.id })
        .getSQL(),
    );
  await db
    .with(stamped)
    .update(refreshToken)
    .set({ rotatedAt: sql`now()` })
    .where(
      and(
        eq(refreshToken.id, tokenId),
        isNull(refreshToken.rotatedAt),
        inArray(refreshToken.sessionId, db.select({ id: stamped.id }).from(stamped)),
      ),
    );
}

async function revokeFamilyForReuse(sessionId: string, userId: string, origin: RequestOrigin) {
  const db = getDb();
  await db.delete(session).where(eq(session.id, sessionId));
  await db.insert(securityEvent).values({
    type: "refresh_token_reuse",
    userId,
    sessionId,
    ipAddress: origin.ipAddress ?? null,
    userAgent: origin.userAgent ?? null,
  });
}

/**
 * The family (session id) a refresh token belongs to, if it is still alive and `holder`'s: a
 * person's own sign-out ends only their own sign-ins, an app's revocation only its own grants.
 */
export async function findRefreshFamily(
  presented: string,
  holder: FamilyHolder = FIRST_PARTY,
): Promise<string | undefined> {
  const [row] = await getDb()
    .select({ sessionId: refreshToken.sessionId })
    .from(refreshToken)
    .innerJoin(session, eq(session.id, refreshToken.sessionId))
    .where(
      and(
        eq(refreshToken.tokenHash, hashToken(presented)),
        gt(session.expiresAt, sql`now()`),
        holder.client === null
          ? isNull(session.oauthClientId)
          : eq(session.oauthClientId, holder.client),
      ),
    );
  return row?.sessionId;
}

/** Logout, and anything else that ends a family: the session and every token of it go. */
export async function revokeFamily(sessionId: string): Promise<void> {
  await getDb().delete(session).where(eq(session.id, sessionId));
}
