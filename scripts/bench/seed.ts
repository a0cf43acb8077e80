/**
 * The benchmark's load data (`npm run bench` runs it; by hand: `npx tsx scripts/bench/seed.ts
 * [--users 2000 --tasks 200000 --workspaces 0]`): fills DATABASE_URL (or the embedded database).
 * Every seeded account is `seed-<n>@seed.taskflow.test` with the password `seed-password` (local
 * test data, not a secret); running it again replaces them and the workspaces they own. The tasks
 * go to the accounts' personal workspaces, or with `--workspaces N` to N shared workspaces of
 * three seeded members each (owner, admin, member). The rows are generated inside PostgreSQL
 * (generate_series), so 200,000 tasks take seconds.
 */
import { parseArgs } from "node:util";
import { type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { hashPassword } from "@/lib/auth/passwords/password";
import { account, tasks, user, workspace, workspaceMember } from "@/lib/db/schema";
import { openLocalDatabase } from "@/lib/dev/local-database";

const SEED_DOMAIN = "seed.taskflow.test";
const SEED_PASSWORD = "seed-password";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "2000" },
    tasks: { type: "string", default: "200000" },
    workspaces: { type: "string", default: "0" },
  },
});
const userCount = positive(values.users, "--users");
const taskCount = positive(values.tasks, "--tasks");
const workspaceCount = values.workspaces === "0" ? 0 : positive(values.workspaces, "--workspaces");

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
    // Deleting the shared workspaces they own, then the accounts, cascades to their tasks,
    // memberships, sessions and credentials.
    await tx.execute(sql`
      delete from ${workspace} where ${workspace.personalOwnerId} is null and ${workspace.id} in (
        select ${workspaceMember.workspaceId} from ${workspaceMember} join ${user}
          on ${user.id} = ${workspaceMember.userId}
        where ${workspaceMember.role} = 'owner' and ${user.email} like ${`%@${SEED_DOMAIN}`})`);
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

    // Shared workspace k (ids derived from k, so members and tasks can name it) has the seeded
    // users k, k + 1 and k + 2 (wrapping round) as its owner, admin and member.
    const sharedWorkspace = (k: SQL) => sql`md5('seed-workspace-' || ${k})::uuid`;
    if (workspaceCount > 0) {
      await tx.execute(sql`
        insert into ${workspace} (id, name, created_at, updated_at)
        select ${sharedWorkspace(sql`k`)}, 'Seed workspace ' || k,
               now() - (k % 365) * interval '1 day', now()
        from generate_series(1, ${workspaceCount}::int) as k`);
      await tx.execute(sql`
        insert into ${workspaceMember} (workspace_id, user_id, role)
        select ${sharedWorkspace(sql`k`)}, 'seed-' || ((k - 1 + m) % ${userCount}::int + 1),
               (array['owner', 'admin', 'member'])[m + 1]
        from generate_series(1, ${workspaceCount}::int) as k,
             generate_series(0, least(2, ${userCount}::int - 1)) as m`);
    }

    // Tasks spread evenly over the users' personal workspaces (a task without a workspace goes
    // to its author's) or over the shared workspaces (written by each one's owner), with a mix of
    // every status, priority and due date (a fifth undated), created over the last 180 days;
    // completed ones completed since.
    const owner =
      workspaceCount > 0
        ? sql`'seed-' || ((n % ${workspaceCount}::int) % ${userCount}::int + 1)`
        : sql`'seed-' || (n % ${userCount}::int + 1)`;
    const filedIn =
      workspaceCount > 0 ? sharedWorkspace(sql`(n % ${workspaceCount}::int + 1)`) : sql`null`;
    await tx.execute(sql`
      insert into ${tasks}
        (user_id, workspace_id, title, description, status, priority, due_date, completed_at,
         created_at, updated_at)
      select ${owner},
             ${filedIn},
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
  await db.execute(
    sql`vacuum (analyze) ${user}, ${account}, ${workspace}, ${workspaceMember}, ${tasks}`,
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Seeded ${userCount} users, ${workspaceCount} shared workspaces and ${taskCount} tasks in ${seconds} s (sign in as seed-1@${SEED_DOMAIN} / ${SEED_PASSWORD})`,
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
