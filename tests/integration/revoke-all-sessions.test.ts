import { randomUUID } from "node:crypto";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_SESSIONS_REVOKED } from "@/lib/auth/account/revoke-all-sessions";
import { refreshToken, securityEvent, session, user } from "@/lib/db/schema";
import { COMMAND_TEST_TIMEOUT, runCommand } from "../support/child-process";
import { uniqueEmail } from "../support/http";
import { createPrivateDatabase } from "../support/private-database";
import type { TestDatabase } from "../support/test-database";

/**
 * Runs the real `npm run auth:revoke-all` against a database of its own: revoking every session
 * in the shared test database would sign out the users of tests running beside this one.
 */

let database: TestDatabase;
let client: pg.Client;
const db = () => drizzle({ client });

beforeAll(async () => {
  database = await createPrivateDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await database?.drop();
});

async function userWithSessions(count: number) {
  const owner = { id: randomUUID(), name: "Signed In", email: uniqueEmail("revoke") };
  await db().insert(user).values(owner);
  for (let i = 0; i < count; i++) {
    const [created] = await db()
      .insert(session)
      .values({
        id: randomUUID(),
        token: randomUUID(),
        userId: owner.id,
        expiresAt: new Date(Date.now() + 86_400_000),
      })
      .returning();
    await db()
      .insert(refreshToken)
      .values({ sessionId: created?.id as string, tokenHash: randomUUID() });
  }
  return owner;
}

describe("npm run auth:revoke-all", () => {
  it(
    "deletes every session and refresh token, keeps the accounts, and records the event",
    async () => {
      const alice = await userWithSessions(2);
      const bob = await userWithSessions(1);

      // Async on purpose: an embedded database is served from this very process.
      const { stdout } = await runCommand("npm", ["run", "--silent", "auth:revoke-all"], {
        env: { ...process.env, DATABASE_URL: database.url },
      });

      expect(stdout).toContain("Revoked 3 session(s)");
      expect(await db().select().from(session)).toEqual([]);
      expect(await db().select().from(refreshToken)).toEqual([]);
      const accounts = await db().select({ id: user.id }).from(user);
      expect(accounts.map((account) => account.id).sort()).toEqual([alice.id, bob.id].sort());
      const events = await db().select().from(securityEvent);
      expect(events.map((event) => event.type)).toEqual([ALL_SESSIONS_REVOKED]);
    },
    COMMAND_TEST_TIMEOUT,
  );

  it(
    "refuses to run without DATABASE_URL",
    async () => {
      const { DATABASE_URL: _ignored, ...withoutUrl } = process.env;
      await expect(
        runCommand("npm", ["run", "--silent", "auth:revoke-all"], { env: withoutUrl }),
      ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("Set DATABASE_URL") });
    },
    COMMAND_TEST_TIMEOUT,
  );
});
