/**
 * Workspaces, measured: a shared workspace's task list through its guard vs the same query with
 * none, the workspace guard vs Better Auth's getSession followed by a membership query, and the
 * list and statistics of one workspace among 1,000 vs alone. `databaseUrl` must be a fresh
 * database: the first figures are of one workspace alone in it.
 *
 * Part of `npm run bench` (scripts/bench/index.ts); alone: `BENCH_ONLY=workspaces npm run bench`.
 */
import { execFileSync } from "node:child_process";
import pg from "pg";
import { findFreePort } from "@/lib/db/embedded";
import { betterAuthCookie, proveAddress, type RecordRow, registerAccount } from "./accounts";
import { assertClean, compareThroughput, load, rps } from "./load";
import { startBenchApp } from "./server";

const TASKS_PER_WORKSPACE = 200;
const WORKSPACES = 1_000;

export async function benchWorkspaces({
  databaseUrl,
  record,
}: {
  databaseUrl: string;
  record: RecordRow;
}): Promise<void> {
  const app = await startBenchApp(databaseUrl, await findFreePort());
  try {
    const owner = await registerAccount(app.origin, `owner-${Date.now()}@example.test`);
    const member = await registerAccount(app.origin, `member-${Date.now()}@example.test`);
    await proveAddress(databaseUrl, owner.id);
    const workspaceId = await createWorkspace(app.origin, owner.accessToken, "Bench workspace");
    await addMember(databaseUrl, workspaceId, member.id);
    const asMember = { authorization: `Bearer ${member.accessToken}` };
    for (let i = 0; i < 20; i++) {
      const author = i % 2 ? member : owner;
      await createTask(app.origin, author.accessToken, workspaceId, `Bench task ${i}`);
    }
    const tasksUrl = `${app.origin}/api/workspaces/${workspaceId}/tasks`;

    // 1. The guard's cost on a shared workspace's list, for a member who is not its owner.
    const list = await compareThroughput(
      { name: "GET /api/workspaces/{id}/tasks", url: tasksUrl, headers: asMember },
      {
        name: "control",
        url: `${app.origin}/api/bench/control-workspace-tasks?workspace=${workspaceId}`,
      },
    );
    record(
      {
        measure:
          "GET /api/workspaces/{id}/tasks (member) with token vs same query unguarded (req/s)",
        a: rps(list.aRps),
        b: rps(list.bRps),
        ratio: list.ratio,
        target: "≥ 0.95",
      },
      (r) => r >= 0.95,
    );

    // 2. One statement proving session, membership and role, vs Better Auth's getSession and
    // then the membership: the same workspace and role answered, the same member.
    const cookie = await betterAuthCookie(databaseUrl, app.secret, member.accessToken);
    const guard = await compareThroughput(
      {
        name: "workspace guard",
        url: `${app.origin}/api/bench/workspace-guard?workspace=${workspaceId}`,
        headers: asMember,
      },
      {
        name: "getSession + membership",
        url: `${app.origin}/api/bench/get-session-member?workspace=${workspaceId}`,
        headers: { cookie },
      },
    );
    record(
      {
        measure: "workspace guard vs Better Auth getSession + a membership query (req/s)",
        a: rps(guard.aRps),
        b: rps(guard.bRps),
        ratio: guard.ratio,
        target: "≥ 2.0",
      },
      (r) => r >= 2,
    );

    // 3. Scale: the workspace's list and stats with its 200 tasks alone in the database, then
    // beside 999 more shared workspaces of 200 tasks each.
    await topUpTasks(databaseUrl, workspaceId, owner.id, TASKS_PER_WORKSPACE);
    const statsUrl = `${app.origin}/api/workspaces/${workspaceId}/stats?tz=Europe/Paris`;
    const measure = async () => ({
      list: assertClean(
        "list",
        await load({ url: tasksUrl, headers: asMember, connections: 10, seconds: 5 }),
      ),
      stats: assertClean(
        "stats",
        await load({ url: statsUrl, headers: asMember, connections: 10, seconds: 5 }),
      ),
    });
    const alone = await measure();
    const others = WORKSPACES - 1;
    console.log(`seeding ${others} shared workspaces of ${TASKS_PER_WORKSPACE} tasks…`);
    const started = performance.now();
    execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/bench/seed.ts",
        ...["--users", String(WORKSPACES), "--workspaces", String(others)],
        ...["--tasks", String(others * TASKS_PER_WORKSPACE)],
      ],
      { stdio: "ignore", env: { ...process.env, DATABASE_URL: databaseUrl } },
    );
    console.log(`  seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const among = await measure();
    for (const name of ["list", "stats"] as const) {
      record(
        {
          measure: `workspace ${name} p50, ${WORKSPACES.toLocaleString("en")} workspaces × ${TASKS_PER_WORKSPACE} tasks vs 1 × ${TASKS_PER_WORKSPACE} (ms)`,
          a: `${among[name].p50} ms`,
          b: `${alone[name].p50} ms`,
          ratio: among[name].p50 / alone[name].p50,
          target: "≤ 1.5",
        },
        (r) => r <= 1.5,
      );
    }
  } finally {
    await app.stop();
  }
}

async function createWorkspace(origin: string, accessToken: string, name: string) {
  const response = await fetch(`${origin}/api/workspaces`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ name }),
  });
  if (response.status !== 201) throw new Error(`create workspace: ${response.status}`);
  return ((await response.json()) as { id: string }).id;
}

async function createTask(origin: string, accessToken: string, workspaceId: string, title: string) {
  const response = await fetch(`${origin}/api/workspaces/${workspaceId}/tasks`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ title }),
  });
  if (response.status !== 201) throw new Error(`create task: ${response.status}`);
}

/**
 * The membership an accepted invitation would give (the invitation's own path, by mail, is the
 * integration tests' business, not the bench's).
 */
async function addMember(databaseUrl: string, workspaceId: string, userId: string) {
  await withClient(databaseUrl, (client) =>
    client.query(
      `insert into workspace_member (workspace_id, user_id, role) values ($1, $2, 'member')`,
      [workspaceId, userId],
    ),
  );
}

/** Brings the workspace's task count to `total`, in one statement. */
async function topUpTasks(databaseUrl: string, workspaceId: string, userId: string, total: number) {
  await withClient(databaseUrl, (client) =>
    client.query(
      `insert into tasks (workspace_id, user_id, title, priority, due_date)
       select $1, $2, 'Bench task ' || n, (array['low','medium','high'])[1 + n % 3],
              current_date + (n % 30)
       from generate_series(1, $3::int - (select count(*)::int from tasks where workspace_id = $1))
         as n`,
      [workspaceId, userId, total],
    ),
  );
}

async function withClient<T>(databaseUrl: string, use: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
