import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { tasks, user } from "@/lib/db/schema";
import type { Role } from "@/lib/validation/roles";
import { uniqueEmail } from "./http";

/**
 * Rows written straight into the database, for what the API cannot set on purpose: a task
 * completed at a chosen instant, created in a chosen order, or users in bulk without bcrypt.
 */
export async function insertUser(options: { role?: Role; name?: string } = {}) {
  const [created] = await getDb()
    .insert(user)
    .values({
      id: randomUUID(),
      email: uniqueEmail(options.role ?? "user"),
      name: options.name ?? "Test User",
      role: options.role ?? "user",
    })
    .returning();
  if (!created) throw new Error("insert returned no row");
  return created;
}

type TaskRow = typeof tasks.$inferInsert;

export async function insertTasks(userId: string, rows: Omit<TaskRow, "userId">[]) {
  return getDb()
    .insert(tasks)
    .values(rows.map((row) => ({ ...row, userId })))
    .returning();
}
