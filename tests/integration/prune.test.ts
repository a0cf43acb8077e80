import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { POST as refresh } from "@/app/api/auth/refresh/route";
import { GET as cronPrune } from "@/app/api/cron/prune/route";
import { findClient } from "@/lib/auth/oauth/clients";
import { startGrant } from "@/lib/auth/oauth/grants";
import { getDb } from "@/lib/db/client";
import {
  apiKey,
  oauthAuthorizationCode,
  oauthClient,
  oauthDeviceCode,
  refreshToken,
  securityEvent,
  session,
  verification,
  workspace,
  workspaceInvitation,
} from "@/lib/db/schema";
import { EXPIRED_INVITATION_DAYS, pruneExpiredData } from "@/lib/maintenance/prune";
import { createSignedInUser } from "../support/auth";
import { COMMAND_TEST_TIMEOUT, runCommand } from "../support/child-process";
import { grantExists, insertClient, registeredAgo } from "../support/grants";
import { jsonRequest } from "../support/http";
import { waitForLockWait } from "../support/lock-wait";
import { isolateDatabase } from "../support/private-database";
import { addInvitation } from "../support/workspaces";

// The prune deletes expired rows site-wide: other files' expired sessions are not its to take.
isolateDatabase();
const CRON_SECRET = `cron-${randomUUID()}-${randomUUID()}`;
process.env.CRON_SECRET = CRON_SECRET;

const refreshWith = async (token: string) => {
  const response = await refresh(
    jsonRequest("/api/auth/refresh", { body: { refresh_token: token } }),
  );
  return { status: response.status, token: (await response.json()).refresh_token as string };
};

/** A signed-in user whose family has rotated twice: three refresh-token rows, two rotated. */
async function familyRotatedTwice() {
  const signedIn = await createSignedInUser();
  const second = await refreshWith(signedIn.refreshToken);
  const third = await refreshWith(second.token);
  expect(third.status).toBe(200);
  const [row] = await getDb()
    .select({ sessionId: session.id })
    .from(session)
    .where(eq(session.userId, signedIn.user.id));
  return { ...signedIn, sessionId: row?.sessionId ?? "", first: signedIn.refreshToken };
}

const tokensOf = (sessionId: string) =>
  getDb().select().from(refreshToken).where(eq(refreshToken.sessionId, sessionId));

const expire = (sessionId: string) =>
  getDb()
    .update(session)
    .set({ expiresAt: sql`now() - interval '1 minute'` })
    .where(eq(session.id, sessionId));

async function insertVerification(expiresInMs: number) {
  const id = randomUUID();
  await getDb()
    .insert(verification)
    .values({
      id,
      identifier: `reset-password:${id}`,
      value: id,
      expiresAt: new Date(Date.now() + expiresInMs),
    });
  return id;
}

async function insertSecurityEvent(ageDays: number) {
  const [row] = await getDb()
    .insert(securityEvent)
    .values({ type: "test_event", createdAt: new Date(Date.now() - ageDays * 86_400_000) })
    .returning({ id: securityEvent.id });
  return row?.id ?? "";
}

async function insertApiKey(userId: string, expiresInMs: number) {
  const [row] = await getDb()
    .insert(apiKey)
    .values({
      userId,
      name: "script",
      scopes: ["tasks:read"],
      tokenHash: randomUUID(),
      lastFour: "abcd",
      expiresAt: new Date(Date.now() + expiresInMs),
    })
    .returning({ id: apiKey.id });
  return row?.id ?? "";
}

/** An authorization code, spent or not, that expires in `expiresInMs`. */
async function insertCode(userId: string, expiresInMs: number, spent: boolean) {
  const client = await insertClient();
  const codeHash = randomUUID();
  await getDb()
    .insert(oauthAuthorizationCode)
    .values({
      codeHash,
      clientId: client.id,
      userId,
      redirectUri: "https://app.example.com/callback",
      codeChallenge: "challenge",
      scopes: ["tasks:read"],
      resource: "http://localhost:3000/api/tasks",
      expiresAt: new Date(Date.now() + expiresInMs),
      usedAt: spent ? new Date() : null,
    });
  return codeHash;
}

/** A device code, pending, that expires in `expiresInMs`. */
async function insertDeviceCode(expiresInMs: number) {
  const client = await insertClient();
  const deviceCodeHash = randomUUID();
  await getDb()
    .insert(oauthDeviceCode)
    .values({
      deviceCodeHash,
      userCode: randomUUID(),
      clientId: client.id,
      scopes: ["tasks:read"],
      resource: "http://localhost:3000/api",
      intervalSeconds: 5,
      expiresAt: new Date(Date.now() + expiresInMs),
    });
  return deviceCodeHash;
}

/** What the token endpoint hands `startGrant` when `userId` has allowed the app `clientId`. */
async function grantTerms(
  clientId: string,
  userId: string,
): Promise<Parameters<typeof startGrant>[1]> {
  const client = await findClient(clientId);
  if (!client) throw new Error("no such client");
  return {
    userId,
    client,
    scopes: ["tasks:read"],
    resource: "http://localhost:3000/api",
    workspaceId: null,
    origin: {},
  };
}

const existing = async <Id>(ids: Id[], select: (ids: Id[]) => Promise<{ id: Id }[]>) =>
  (await select(ids)).map((row) => row.id);

const clientsLeft = (clientIds: string[]) =>
  existing(clientIds, (ids) =>
    getDb()
      .select({ id: oauthClient.clientId })
      .from(oauthClient)
      .where(inArray(oauthClient.clientId, ids)),
  );

describe("pruneExpiredData", () => {
  let live: Awaited<ReturnType<typeof familyRotatedTwice>>;
  let dead: Awaited<ReturnType<typeof familyRotatedTwice>>;
  let liveTokenIds: string[];
  let report: Awaited<ReturnType<typeof pruneExpiredData>>;
  let verifications: { expired: string; live: string };
  let events: { old: string; recent: string };
  let keys: { expired: string; live: string };
  let codes: Record<"expired" | "expiredSpent" | "live" | "liveSpent", string>;
  let deviceCodes: { expired: string; live: string };
  let clients: Record<"unclaimed" | "young" | "granted" | "owned", string>;
  let invitations: Record<"pastGrace" | "expired" | "live", string>;

  beforeAll(async () => {
    live = await familyRotatedTwice();
    dead = await familyRotatedTwice();
    await expire(dead.sessionId);
    liveTokenIds = (await tokensOf(live.sessionId)).map((row) => row.id);
    verifications = {
      expired: await insertVerification(-60_000),
      live: await insertVerification(3_600_000),
    };
    events = { old: await insertSecurityEvent(91), recent: await insertSecurityEvent(89) };
    keys = {
      expired: await insertApiKey(live.user.id, -60_000),
      live: await insertApiKey(live.user.id, 3_600_000),
    };
    codes = {
      expired: await insertCode(live.user.id, -1_000, false),
      expiredSpent: await insertCode(live.user.id, -1_000, true),
      live: await insertCode(live.user.id, 60_000, false),
      liveSpent: await insertCode(live.user.id, 60_000, true),
    };
    deviceCodes = { expired: await insertDeviceCode(-1_000), live: await insertDeviceCode(60_000) };
    const granted = await insertClient();
    const terms = await grantTerms(granted.clientId, live.user.id);
    const grant = await getDb().transaction((tx) => startGrant(tx, terms));
    // Its grant is gone (revoked, or expired and pruned): the app was allowed all the same.
    await getDb()
      .delete(session)
      .where(eq(session.id, grant?.sessionId ?? ""));
    clients = {
      unclaimed: (await insertClient()).clientId,
      young: (await insertClient()).clientId,
      granted: granted.clientId,
      owned: (await insertClient({ ownerId: live.user.id })).clientId,
    };
    for (const [name, clientId] of Object.entries(clients)) {
      await registeredAgo(clientId, name === "young" ? 23 : 25);
    }
    const [team] = await getDb().insert(workspace).values({ name: "Team" }).returning();
    const invitation = async (expiredDaysAgo: number) => {
      const { id } = await addInvitation(team?.id ?? "", `${randomUUID()}@example.test`);
      await getDb()
        .update(workspaceInvitation)
        .set({ expiresAt: new Date(Date.now() - expiredDaysAgo * 86_400_000) })
        .where(eq(workspaceInvitation.id, id));
      return id;
    };
    invitations = {
      pastGrace: await invitation(EXPIRED_INVITATION_DAYS + 1),
      expired: await invitation(EXPIRED_INVITATION_DAYS - 1),
      live: await invitation(-1),
    };
    // Batches of two, so every step has to loop to finish.
    report = await pruneExpiredData(getDb(), { retentionDays: 90, batchSize: 2 });
  });

  it("deletes an expired session with every refresh token of its family", async () => {
    expect(await tokensOf(dead.sessionId)).toHaveLength(0);
    expect(await getDb().select().from(session).where(eq(session.id, dead.sessionId))).toEqual([]);
    expect(report).toMatchObject({ refreshTokens: 3, sessions: 1, complete: true });
  });

  it("keeps every refresh-token row of a live session, the rotated ones included", async () => {
    const kept = await tokensOf(live.sessionId);
    expect(kept.map((row) => row.id).sort()).toEqual([...liveTokenIds].sort());
    expect(kept.filter((row) => row.rotatedAt !== null)).toHaveLength(2);
  });

  it("deletes expired verification rows and keeps unexpired ones", async () => {
    const left = await existing(Object.values(verifications), (ids) =>
      getDb()
        .select({ id: verification.id })
        .from(verification)
        .where(inArray(verification.id, ids)),
    );
    expect(left).toEqual([verifications.live]);
    expect(report.verifications).toBe(1);
  });

  it("deletes expired API keys and keeps unexpired ones", async () => {
    const left = await existing(Object.values(keys), (ids) =>
      getDb().select({ id: apiKey.id }).from(apiKey).where(inArray(apiKey.id, ids)),
    );
    expect(left).toEqual([keys.live]);
    expect(report.apiKeys).toBe(1);
  });

  it("deletes expired authorization codes, spent or not, and keeps a spent one until it expires", async () => {
    const left = await existing(Object.values(codes), (ids) =>
      getDb()
        .select({ id: oauthAuthorizationCode.codeHash })
        .from(oauthAuthorizationCode)
        .where(inArray(oauthAuthorizationCode.codeHash, ids)),
    );
    expect(left.sort()).toEqual([codes.live, codes.liveSpent].sort());
    expect(report.authorizationCodes).toBe(2);
  });

  it("deletes expired device codes and keeps pending ones", async () => {
    const left = await existing(Object.values(deviceCodes), (ids) =>
      getDb()
        .select({ id: oauthDeviceCode.deviceCodeHash })
        .from(oauthDeviceCode)
        .where(inArray(oauthDeviceCode.deviceCodeHash, ids)),
    );
    expect(left).toEqual([deviceCodes.live]);
    expect(report.deviceCodes).toBe(1);
  });

  it("deletes an app that registered itself more than a day ago and that nobody allowed", async () => {
    expect(await clientsLeft([clients.unclaimed])).toEqual([]);
    expect(report.unclaimedClients).toBe(1);
  });

  it("keeps a self-registered app younger than a day: its consent may still be on its way", async () => {
    expect(await clientsLeft([clients.young])).toEqual([clients.young]);
  });

  it("keeps a self-registered app that a user once allowed, after its grant is gone", async () => {
    expect(await clientsLeft([clients.granted])).toEqual([clients.granted]);
  });

  it("keeps an app registered in Settings that nobody allowed", async () => {
    expect(await clientsLeft([clients.owned])).toEqual([clients.owned]);
  });

  it("deletes invitations a month past their expiry, and keeps the ones managers may still resend", async () => {
    const left = await existing(Object.values(invitations), (ids) =>
      getDb()
        .select({ id: workspaceInvitation.id })
        .from(workspaceInvitation)
        .where(inArray(workspaceInvitation.id, ids)),
    );
    expect(left.sort()).toEqual([invitations.expired, invitations.live].sort());
    expect(report.expiredInvitations).toBe(1);
  });

  it("deletes security events older than the retention period and keeps newer ones", async () => {
    const left = await existing(Object.values(events), (ids) =>
      getDb()
        .select({ id: securityEvent.id })
        .from(securityEvent)
        .where(inArray(securityEvent.id, ids)),
    );
    expect(left).toEqual([events.recent]);
    expect(report.securityEvents).toBe(1);
  });

  it("leaves reuse detection working: a replayed rotated token still revokes its live family", async () => {
    await getDb()
      .update(refreshToken)
      .set({ rotatedAt: sql`now() - interval '1 hour'` })
      .where(eq(refreshToken.sessionId, live.sessionId));
    expect((await refreshWith(live.first)).status).toBe(401);
    expect(await getDb().select().from(session).where(eq(session.id, live.sessionId))).toEqual([]);
    const reuse = await getDb()
      .select()
      .from(securityEvent)
      .where(eq(securityEvent.sessionId, live.sessionId));
    expect(reuse.map((event) => event.type)).toEqual(["refresh_token_reuse"]);
  });

  it("stops when its time budget is spent and says it is not complete", async () => {
    const signedIn = await createSignedInUser();
    const [family] = await getDb()
      .select({ id: session.id })
      .from(session)
      .where(eq(session.userId, signedIn.user.id));
    await expire(family?.id ?? "");
    const partial = await pruneExpiredData(getDb(), { retentionDays: 90, timeBudgetMs: 0 });
    expect(partial).toMatchObject({ refreshTokens: 0, sessions: 0, complete: false });
    expect(await tokensOf(family?.id ?? "")).toHaveLength(1);
  });
});

// Only separate backends wait for each other's row locks: the embedded database runs one queue (a
// prune started inside a transaction would wait for it forever), so this exists on PostgreSQL only.
const describeOnPostgres = inject("databaseKind") === "postgres" ? describe : () => undefined;

describeOnPostgres("the prune racing an app's first grant", () => {
  it("keeps an app allowed while the prune waited for its row, and the grant with it", async () => {
    const { user } = await createSignedInUser();
    const { clientId } = await insertClient();
    await registeredAgo(clientId, 25);
    const terms = await grantTerms(clientId, user.id);
    let pruning: ReturnType<typeof pruneExpiredData> | undefined;
    const grant = await getDb().transaction(async (tx) => {
      const started = await startGrant(tx, terms);
      pruning = pruneExpiredData(getDb(), { retentionDays: 90 });
      await waitForLockWait(
        async (text) => (await tx.execute(sql.raw(text))) as { rows: unknown[] },
        "the prune",
      );
      return started;
    });
    expect((await pruning)?.unclaimedClients).toBe(0);
    expect(await clientsLeft([clientId])).toEqual([clientId]);
    expect(await grantExists(grant?.sessionId ?? "")).toBe(true);
  });
});

describe("npm run db:prune", () => {
  it(
    "prunes the database named by DATABASE_URL and reports what it deleted",
    async () => {
      const signedIn = await familyRotatedTwice();
      await expire(signedIn.sessionId);
      // Async on purpose: an embedded database is served from this very process.
      const { stdout } = await runCommand("npm", ["run", "--silent", "db:prune"], {
        env: process.env,
      });
      expect(stdout).toMatch(/Pruned \d+ refresh token\(s\), \d+ expired session\(s\)/);
      expect(await tokensOf(signedIn.sessionId)).toHaveLength(0);
    },
    COMMAND_TEST_TIMEOUT,
  );
});

describe("GET /api/cron/prune", () => {
  const call = (authorization?: string) =>
    cronPrune(
      new Request("http://localhost:3000/api/cron/prune", {
        headers: authorization ? { authorization } : {},
      }),
    );

  it("answers 401 with the plain challenge without a secret", async () => {
    const response = await call();
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="taskflow"');
    expect((await response.json()).error.code).toBe("unauthenticated");
  });

  it("answers 401 with invalid_token for a wrong secret of any length", async () => {
    for (const wrong of [`${CRON_SECRET}x`, CRON_SECRET.slice(1), "short"]) {
      const response = await call(`Bearer ${wrong}`);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
    }
  });

  it("prunes with the cron secret and answers what it deleted", async () => {
    const signedIn = await familyRotatedTwice();
    await expire(signedIn.sessionId);
    const response = await call(`Bearer ${CRON_SECRET}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ refreshTokens: 3, sessions: 1, complete: true });
    expect(await tokensOf(signedIn.sessionId)).toHaveLength(0);
  });
});
