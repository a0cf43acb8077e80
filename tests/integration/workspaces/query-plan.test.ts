import { desc, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { tasks } from "@/lib/db/schema";
import { requireWorkspace } from "@/lib/workspaces/scope";
import { createSignedInUser } from "../../support/auth";
import { jsonRequest } from "../../support/http";
import { expectJson, workspaceApi } from "../../support/workspaces";

/**
 * The workspace check costs no round trip and no per-row work: PostgreSQL evaluates
 * `workspace_access(...)` once, as an InitPlan behind a One-Time Filter, and reads the page
 * through the workspace-first index, whatever else the table holds.
 */
describe("the plan of a workspace's task list", () => {
  it("checks the membership once, then walks the workspace's index", async () => {
    const owner = await createSignedInUser();
    const api = workspaceApi(owner.headers);
    const ids: string[] = [];
    for (const name of ["Mine", "Other"]) {
      ids.push((await expectJson<{ id: string }>(await api.create({ name }), 201)).id);
    }
    for (const workspaceId of ids) {
      await getDb().execute(sql`insert into ${tasks} (user_id, workspace_id, title)
        select ${owner.user.id}, ${workspaceId}::uuid, 'task ' || n from generate_series(1, 3000) n`);
    }
    await getDb().execute(sql`analyze ${tasks}`);
    const request = jsonRequest("/api/workspaces", { method: "GET", headers: owner.headers });
    const scope = await requireWorkspace(request, { id: ids[0] ?? "" });
    const query = getDb()
      .select({ id: tasks.id })
      .from(tasks)
      .where(scope.permits("tasks.read", tasks.workspaceId))
      .orderBy(desc(tasks.createdAt), desc(tasks.id))
      .limit(21)
      .getSQL();
    const explained = await getDb().execute(sql`explain ${query}`);
    const plan = (explained as { rows: { "QUERY PLAN": string }[] }).rows
      .map((row) => row["QUERY PLAN"])
      .join("\n");
    expect(plan).toMatch(/One-Time Filter: \(\(InitPlan|One-Time Filter: \(\$\d+ IS NOT NULL\)/);
    expect(plan).toContain("tasks_workspace_created_idx");
    expect(plan).not.toMatch(/Seq Scan on tasks/);
  });
});
