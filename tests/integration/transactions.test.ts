import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { tasks, user } from "@/lib/db/schema";
import { uniqueEmail } from "../support/http";

/**
 * Interactive transactions are why production uses Neon's Pool over WebSockets and not
 * neon-http: these run on every driver the suite runs on (see database-driver.test.ts).
 */
function newUser() {
  return { id: randomUUID(), name: "Transaction Test", email: uniqueEmail("tx") };
}

async function taskTitlesOf(userId: string) {
  const rows = await getDb()
    .select({ title: tasks.title })
    .from(tasks)
    .where(eq(tasks.userId, userId))
    .orderBy(tasks.title);
  return rows.map((row) => row.title);
}

async function userExists(id: string) {
  return (await getDb().select({ id: user.id }).from(user).where(eq(user.id, id))).length === 1;
}

class Abort extends Error {}

describe("transactions", () => {
  it("commits every statement of a transaction together", async () => {
    const owner = newUser();
    await getDb().transaction(async (tx) => {
      await tx.insert(user).values(owner);
      await tx.insert(tasks).values([
        { userId: owner.id, title: "a" },
        { userId: owner.id, title: "b" },
      ]);
    });
    expect(await userExists(owner.id)).toBe(true);
    expect(await taskTitlesOf(owner.id)).toEqual(["a", "b"]);
  });

  it("rolls back every statement when the transaction's code throws", async () => {
    const owner = newUser();
    await expect(
      getDb().transaction(async (tx) => {
        await tx.insert(user).values(owner);
        await tx.insert(tasks).values({ userId: owner.id, title: "lost" });
        throw new Abort("changed my mind");
      }),
    ).rejects.toBeInstanceOf(Abort);
    expect(await userExists(owner.id)).toBe(false);
    expect(await taskTitlesOf(owner.id)).toEqual([]);
  });

  it("rolls back every statement when the database refuses one, and the pool stays usable", async () => {
    const owner = newUser();
    await expect(
      getDb().transaction(async (tx) => {
        await tx.insert(user).values(owner);
        // Violates tasks_priority_check: the server aborts the transaction.
        await tx.execute(
          sql`insert into tasks (user_id, title, priority) values (${owner.id}, 'bad', 'urgent')`,
        );
      }),
    ).rejects.toThrow();
    expect(await userExists(owner.id)).toBe(false);
    // A connection returned to the pool mid-transaction would fail here with
    // "current transaction is aborted".
    for (let i = 0; i < 3; i++) {
      expect(await taskTitlesOf(owner.id)).toEqual([]);
    }
  });

  it("rolls back only the nested transaction (savepoint) that failed", async () => {
    const owner = newUser();
    await getDb().transaction(async (tx) => {
      await tx.insert(user).values(owner);
      await tx.insert(tasks).values({ userId: owner.id, title: "kept" });
      await expect(
        tx.transaction(async (nested) => {
          await nested.insert(tasks).values({ userId: owner.id, title: "dropped" });
          throw new Abort("inner only");
        }),
      ).rejects.toBeInstanceOf(Abort);
    });
    expect(await taskTitlesOf(owner.id)).toEqual(["kept"]);
  });
});
