import { setTimeout as sleep } from "node:timers/promises";
import { and, eq, inArray, isNull, lt, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Database } from "@/lib/db/client";
import {
  adminAction,
  apiKey,
  oauthAuthorizationCode,
  oauthClient,
  oauthDeviceCode,
  refreshToken,
  securityEvent,
  session,
  verification,
  workspaceInvitation,
} from "@/lib/db/schema";

/**
 * Deletes what no request will ever read again, so the tables every sign-in and refresh touch
 * stop growing with time: the refresh tokens of expired sessions, then those sessions (grants to
 * apps included), expired verification rows (reset and verification links; Better Auth deletes a
 * used one itself), expired API keys (the guard refuses them already), expired authorization
 * and device codes, apps that registered themselves (RFC 7591) more than a day ago and that
 * nobody ever allowed, workspace invitations a month past their expiry, and security events and
 * admin actions older than the retention period.
 *
 * An authorization code goes only once expired, spent or not: while it could still be presented,
 * its spent row is what recognises a second use and revokes the grant it made.
 *
 * Registration is open to anyone (lib/auth/oauth/registration.ts): without this, every app that
 * registered itself and was never allowed, spam included, would stay forever. A real registration
 * is followed by its consent within minutes: a day leaves every flow in progress alone. An app
 * registered in Settings (`owner_id`) is never taken, nor one that was ever allowed (`granted_at`,
 * set by its first grant), even after its grants are gone. Deleting an app locks its row, then by
 * cascade its codes and grants; whatever writes one of those takes the app's row first
 * (`lockGrantParents`, lib/auth/oauth/grants.ts), so the two wait for each other, never deadlock.
 *
 * A live session keeps every one of its refresh-token rows, rotated ones included: reuse
 * detection (lib/auth/core/refresh.ts) recognises a replayed token only while its row exists, and a
 * pruned one would be answered as a plain unknown token, with the family left alive.
 *
 * Each batch is one short statement of its own (no transaction around the run), so sign-ins and
 * refreshes interleave with the prune instead of waiting for it. `npm run db:prune` and the cron
 * route (app/api/cron/prune) both call `pruneExpiredData`.
 */

export type PruneOptions = {
  retentionDays: number;
  /** Rows per statement. */
  batchSize?: number;
  /** Stop starting batches after this many milliseconds (a cron invocation has a time limit). */
  timeBudgetMs?: number;
  /** A pause between batches, leaving the database to other traffic. */
  pauseMs?: number;
};

export type PruneReport = {
  refreshTokens: number;
  sessions: number;
  verifications: number;
  apiKeys: number;
  authorizationCodes: number;
  deviceCodes: number;
  /** Self-registered apps more than a day old that nobody ever allowed. */
  unclaimedClients: number;
  /** Workspace invitations expired `EXPIRED_INVITATION_DAYS` ago or more. */
  expiredInvitations: number;
  securityEvents: number;
  /** The admin console's audit trail, kept as long as the security events. */
  adminActions: number;
  /** False when the time budget ran out first; the next run carries on where this one stopped. */
  complete: boolean;
  durationMs: number;
};

const DEFAULT_PRUNE_BATCH_SIZE = 2_000;

type Step = {
  key: Exclude<keyof PruneReport, "complete" | "durationMs">;
  /** Deletes up to `n` rows, picked by an indexed range scan, and says how many it took. */
  deleteBatch: (db: Database, n: number) => Promise<number>;
};

const now = sql`now()`;

/**
 * How long an expired workspace invitation stays: its workspace's managers see it as expired, and
 * may resend it, for that long; afterwards it would only fill the list and the workspace's cap
 * of invitations (lib/workspaces/invitations.ts).
 */
export const EXPIRED_INVITATION_DAYS = 30;

// Refresh tokens go first, in batches, so deleting a session never cascades to a whole family
// in one statement.
const steps = (retentionDays: number): Step[] => [
  {
    key: "refreshTokens",
    deleteBatch: (db, n) =>
      deleteIds(
        db,
        refreshToken,
        refreshToken.id,
        db
          .select({ id: refreshToken.id })
          .from(session)
          .innerJoin(refreshToken, eq(refreshToken.sessionId, session.id))
          .where(lt(session.expiresAt, now))
          .limit(n),
      ),
  },
  {
    key: "sessions",
    deleteBatch: (db, n) => deleteOlder(db, session, session.id, session.expiresAt, now, n),
  },
  {
    key: "verifications",
    deleteBatch: (db, n) =>
      deleteOlder(db, verification, verification.id, verification.expiresAt, now, n),
  },
  {
    key: "apiKeys",
    deleteBatch: (db, n) => deleteOlder(db, apiKey, apiKey.id, apiKey.expiresAt, now, n),
  },
  {
    key: "authorizationCodes",
    deleteBatch: (db, n) =>
      deleteOlder(
        db,
        oauthAuthorizationCode,
        oauthAuthorizationCode.codeHash,
        oauthAuthorizationCode.expiresAt,
        now,
        n,
      ),
  },
  {
    key: "deviceCodes",
    deleteBatch: (db, n) =>
      deleteOlder(
        db,
        oauthDeviceCode,
        oauthDeviceCode.deviceCodeHash,
        oauthDeviceCode.expiresAt,
        now,
        n,
      ),
  },
  {
    key: "unclaimedClients",
    deleteBatch: (db, n) =>
      deleteOlder(
        db,
        oauthClient,
        oauthClient.id,
        oauthClient.createdAt,
        sql`now() - interval '1 day'`,
        n,
        and(isNull(oauthClient.ownerId), isNull(oauthClient.grantedAt)),
      ),
  },
  {
    key: "expiredInvitations",
    deleteBatch: (db, n) => {
      const cutoff = sql`now() - make_interval(days => ${EXPIRED_INVITATION_DAYS})`;
      // Checked again in the delete: one resent while it waited has a new expiry, and stays.
      const stillExpired = lt(workspaceInvitation.expiresAt, cutoff);
      return deleteOlder(
        db,
        workspaceInvitation,
        workspaceInvitation.id,
        workspaceInvitation.expiresAt,
        cutoff,
        n,
        stillExpired,
      );
    },
  },
  {
    key: "securityEvents",
    deleteBatch: (db, n) =>
      deleteOlder(
        db,
        securityEvent,
        securityEvent.id,
        securityEvent.createdAt,
        sql`now() - make_interval(days => ${retentionDays})`,
        n,
      ),
  },
  {
    key: "adminActions",
    deleteBatch: (db, n) =>
      deleteOlder(
        db,
        adminAction,
        adminAction.id,
        adminAction.createdAt,
        sql`now() - make_interval(days => ${retentionDays})`,
        n,
      ),
  },
];

/** Up to `n` rows of `table` whose `time` is before `cutoff` and that match `only`, if given. */
function deleteOlder(
  db: Database,
  table: PgTable,
  id: PgColumn,
  time: PgColumn,
  cutoff: SQL,
  n: number,
  only?: SQL,
): Promise<number> {
  const picked = db
    .select({ id })
    .from(table)
    .where(and(lt(time, cutoff), only))
    .limit(n);
  return deleteIds(db, table, id, picked, only);
}

/**
 * Deletes the `picked` rows that still match `only`. A row changed while the delete waited for its
 * lock (an app allowed meanwhile) is checked again by PostgreSQL against the delete's own
 * condition, but with the values the pick first read: a condition that can change must be in both.
 */
async function deleteIds(
  db: Database,
  table: PgTable,
  id: PgColumn,
  picked: SQLWrapper,
  only?: SQL,
) {
  const deleted = await db
    .delete(table)
    .where(and(inArray(id, picked), only))
    .returning({ id });
  return deleted.length;
}

export async function pruneExpiredData(db: Database, options: PruneOptions): Promise<PruneReport> {
  const {
    retentionDays,
    batchSize = DEFAULT_PRUNE_BATCH_SIZE,
    timeBudgetMs,
    pauseMs = 0,
  } = options;
  const startedAt = performance.now();
  const outOfTime = () =>
    timeBudgetMs !== undefined && performance.now() - startedAt >= timeBudgetMs;
  const report: PruneReport = {
    refreshTokens: 0,
    sessions: 0,
    verifications: 0,
    apiKeys: 0,
    authorizationCodes: 0,
    deviceCodes: 0,
    unclaimedClients: 0,
    expiredInvitations: 0,
    securityEvents: 0,
    adminActions: 0,
    complete: false,
    durationMs: 0,
  };

  for (const step of steps(retentionDays)) {
    for (;;) {
      if (outOfTime()) return finish(report, startedAt);
      const deleted = await step.deleteBatch(db, batchSize);
      report[step.key] += deleted;
      if (deleted < batchSize) break;
      if (pauseMs > 0) await sleep(pauseMs);
    }
  }
  report.complete = true;
  return finish(report, startedAt);
}

function finish(report: PruneReport, startedAt: number): PruneReport {
  report.durationMs = Math.round(performance.now() - startedAt);
  return report;
}
