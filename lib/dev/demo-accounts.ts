import { inArray } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/passwords/password";
import type { Database } from "@/lib/db/client";
import { account, tasks, user } from "@/lib/db/schema";
import type { Role } from "@/lib/validation/roles";

/**
 * The accounts `npm run db:seed` makes for looking around a development server: a member with a
 * few tasks and an admin, both verified, with a known password (development data, not a
 * secret: scripts/seed.ts refuses to run in production). Seeding again puts them back as new.
 */
export const DEMO_PASSWORD = "taskflow demo password";
export const DEMO_ACCOUNTS: { email: string; name: string; role: Role }[] = [
  { email: "member@demo.taskflow.test", name: "Demo Member", role: "user" },
  { email: "admin@demo.taskflow.test", name: "Demo Admin", role: "admin" },
];

const DAY = 86_400_000;
const dueIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const DEMO_TASKS = [
  { title: "Read the README", status: "completed", priority: "high", dueDate: dueIn(-1) },
  { title: "Add a passkey in Settings", status: "pending", priority: "high", dueDate: dueIn(0) },
  { title: "Turn on two-factor authentication", status: "pending", priority: "medium" },
  {
    title: "Replace these tasks with your own",
    status: "pending",
    priority: "low",
    dueDate: dueIn(7),
  },
  { title: "Overdue on purpose", status: "pending", priority: "medium", dueDate: dueIn(-3) },
] as const;

export async function seedDemoAccounts(db: Database): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const emails = DEMO_ACCOUNTS.map((demo) => demo.email);
  await db.transaction(async (tx) => {
    // Deleting the accounts cascades to their tasks, sessions and credentials.
    await tx.delete(user).where(inArray(user.email, emails));
    for (const demo of DEMO_ACCOUNTS) {
      const id = crypto.randomUUID();
      const roleSetAt = demo.role === "admin" ? new Date() : null;
      await tx.insert(user).values({ id, ...demo, emailVerified: true, roleSetAt });
      // Better Auth's email-and-password credential: provider "credential", account id = user id.
      await tx.insert(account).values({
        id: crypto.randomUUID(),
        accountId: id,
        providerId: "credential",
        userId: id,
        password: passwordHash,
      });
      if (demo.role !== "user") continue;
      await tx.insert(tasks).values(
        DEMO_TASKS.map((task) => ({
          ...task,
          userId: id,
          completedAt: task.status === "completed" ? new Date() : null,
        })),
      );
    }
  });
}
