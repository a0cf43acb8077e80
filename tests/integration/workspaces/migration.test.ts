import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MIGRATIONS_FOLDER } from "@/lib/db/migrate";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";

/** drizzle/ as it stood before workspaces: every migration up to and including `lastTag`. */
function migrationsUpTo(lastTag: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), "taskflow-migrations-"));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = path.join(folder, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8"));
  const last = journal.entries.findIndex((entry: { tag: string }) => entry.tag === lastTag);
  journal.entries = journal.entries.slice(0, last + 1);
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

describe("the workspaces migration (0010)", () => {
  let database: TestDatabase;
  let client: pg.Client;
  let before: string;

  beforeAll(async () => {
    database = await createTestDatabase(inject("databaseServer") ?? undefined, {
      migrated: false,
    });
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    before = migrationsUpTo("0009_admin_console");
    await migrate(drizzle({ client }), { migrationsFolder: before });
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
    rmSync(before, { recursive: true, force: true });
  });

  it("keeps every task, each in its author's personal workspace", async () => {
    for (const id of ["ada", "bob", "cy"]) {
      await client.query(`insert into "user" (id, name, email) values ($1, $1, $1 || '@x.test')`, [
        id,
      ]);
    }
    await client.query(
      `insert into tasks (user_id, title, status, completed_at)
       select owner, 'task ' || n, case when n % 2 = 0 then 'completed' else 'pending' end,
         case when n % 2 = 0 then now() end
       from (values ('ada'), ('bob')) as owners(owner), generate_series(1, 25) as n`,
    );
    const tasksBefore = await client.query(`select * from tasks order by id`);

    await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_FOLDER });

    const tasksAfter = await client.query(
      `select tasks.*, workspace.personal_owner_id from tasks
       join workspace on workspace.id = tasks.workspace_id order by tasks.id`,
    );
    expect(tasksAfter.rows).toHaveLength(50);
    tasksAfter.rows.forEach((row, index) => {
      const { workspace_id, assignee_id, personal_owner_id, ...kept } = row;
      expect(kept).toEqual(tasksBefore.rows[index]);
      expect(personal_owner_id).toBe(row.user_id);
      expect(assignee_id).toBeNull();
    });
    const members = await client.query(
      `select user_id, role, personal_owner_id from workspace_member
       join workspace on workspace.id = workspace_member.workspace_id order by user_id`,
    );
    expect(members.rows).toEqual(
      ["ada", "bob", "cy"].map((id) => ({ user_id: id, role: "owner", personal_owner_id: id })),
    );
  });

  it("gives an account created afterwards its personal workspace, and files its tasks there", async () => {
    await client.query(`insert into "user" (id, name, email) values ('dee', 'dee', 'dee@x.test')`);
    await client.query(`insert into tasks (user_id, title) values ('dee', 'first')`);
    const { rows } = await client.query(
      `select workspace.personal_owner_id, workspace_member.role from tasks
       join workspace on workspace.id = tasks.workspace_id
       join workspace_member on workspace_member.workspace_id = workspace.id
       where tasks.user_id = 'dee'`,
    );
    expect(rows).toEqual([{ personal_owner_id: "dee", role: "owner" }]);
  });
});
