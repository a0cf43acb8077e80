/**
 * The benchmark's load data (`npm run bench` runs it; by hand: `npx tsx scripts/bench/seed.ts
 * [--users 2000 --tasks 200000]`): fills DATABASE_URL (or the embedded database). Every seeded
 * account is `seed-<n>@seed.taskflow.test` with the password `seed-password` (local test data,
 * not a secret); running it again replaces them. The rows are generated inside PostgreSQL
 * (generate_series), so 200,000 tasks take seconds.
 */
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { hashPassword } from "@/lib/auth/passwords/password";
import { account, tasks, user } from "@/lib/db/schema";
import { openLocalDatabase } from "@/lib/dev/local-database";

const SEED_DOMAIN = "seed.taskflow.test";
const SEED_PASSWORD = "seed-password";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "2000" },
    tasks: { type: "string", default: "200000" },
  },
});
const userCount = positive(values.users, "--users");
const taskCount = positive(values.tasks, "--tasks");

if (process.env.NODE_ENV === "production") {
  console.error("Refusing to seed with NODE_ENV=production");
  process.exit(1);
}

const database = await openLocalDatabase(process.env.DATABASE_URL);
const client = new pg.Client({ connectionString: database.url });
await client.connect();
const db = drizzle({ client });
const started = performance.now();

try {
  const passwordHash = await hashPassword(SEED_PASSWORD);
  await db.transaction(async (tx) => {
    // Deleting the accounts cascades to their tasks, sessions and credentials.
    await tx.delete(user).where(sql`${user.email} like ${`%@${SEED_DOMAIN}`}`);

    await tx.execute(sql`
      insert into ${user} (id, name, email, email_verified, role, created_at, updated_at)
      select 'seed-' || n, 'Seed User ' || n, 'seed-' || n || '@' || ${SEED_DOMAIN}, true, 'user',
             now() - (n % 365) * interval '1 day', now()
      from generate_series(1, ${userCount}::int) as n`);

    // Better Auth's email-and-password credential: provider "credential", account id = user id.
    await tx.execute(sql`
      insert into ${account} (id, account_id, provider_id, user_id, password)
      select 'seed-account-' || n, 'seed-' || n, 'credential', 'seed-' || n, ${passwordHash}
      from generate_series(1, ${userCount}::int) as n`);

    // Tasks spread evenly over the users, with a mix of every status, priority and due date
    // (a fifth undated), created over the last 180 days; completed ones completed since.
    await tx.execute(sql`
      insert into ${tasks}
        (user_id, title, description, status, priority, due_date, completed_at, created_at, updated_at)
      select 'seed-' || (n % ${userCount}::int + 1),
             'Seed task ' || n,
             case when n % 3 = 0 then 'Notes for seeded task number ' || n else '' end,
             case when done then 'completed' else 'pending' end,
             (array['low', 'medium', 'high'])[1 + n % 3],
             case when n % 5 = 0 then null else current_date + (n % 61 - 30) end,
             case when done then created + random() * (now() - created) end,
             created,
             created
      from (
        select n, random() < 0.4 as done, now() - random() * interval '180 days' as created
        from generate_series(1, ${taskCount}::int) as n
      ) as generated`);
  });
  // Fresh planner statistics, and a visibility map, as a long-running database would have them
  // (index-only scans depend on it).
  await db.execute(sql`vacuum (analyze) ${user}, ${account}, ${tasks}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Seeded ${userCount} users and ${taskCount} tasks in ${seconds} s (sign in as seed-1@${SEED_DOMAIN} / ${SEED_PASSWORD})`,
  );
} finally {
  await client.end();
  await database.stop();
}

function positive(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    console.error(`${name} must be a positive integer`);
    process.exit(1);
  }
  return number;
}
