import { and, eq, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { getAuth } from "@/lib/auth/better-auth/auth";
import { requireUser } from "@/lib/auth/core/guard";
import { scopeOfCheckedSession } from "@/lib/auth/core/owner-scope";
import { getDb } from "@/lib/db/client";
import { workspace, workspaceMember } from "@/lib/db/schema";
import { HttpError } from "@/lib/http/errors";
import { handleRoute } from "@/lib/http/handle-route";
import { jsonNoStore } from "@/lib/http/responses";
import { listTasks } from "@/lib/tasks/queries";
import { listTasksQuerySchema } from "@/lib/tasks/schemas";
import { requireWorkspaceCaller, type WorkspaceScope } from "@/lib/workspaces/scope";
import { getWorkspace } from "@/lib/workspaces/workspaces";

/**
 * Benchmark probes: the same response through our guard and through Better Auth's getSession,
 * one workspace through our workspace guard and through getSession plus a membership query, the
 * task lists without a guard, and a route with no work. A `*.bench.ts` route: only the
 * bench's own build (`BENCH_BUILD=1`, next.config.ts) contains it, never a deployment's.
 */
const searchParam = (request: Request, name: string) =>
  new URL(request.url).searchParams.get(name) ?? "";

/**
 * A workspace's task list with no guard: a stand-in for the guard's scope that keeps its
 * statement's workspace condition and leaves out the check it adds (session, membership, role).
 */
const unguardedWorkspace = (id: string) =>
  ({
    permits: (_action: string, workspaceColumn: PgColumn) => eq(workspaceColumn, id),
  }) as unknown as WorkspaceScope;

const probes: Record<string, (request: Request) => Promise<Response>> = {
  noop: async () => jsonNoStore({ ok: true }),
  // GET /api/tasks's own query for the user named in ?user=, with no token at all: the one
  // scope made without the guard (lib/auth/core/owner-scope.ts is private to it and to bench code).
  "control-tasks": async (request) =>
    jsonNoStore(
      await listTasks(
        scopeOfCheckedSession(searchParam(request, "user")),
        listTasksQuerySchema.parse({}),
      ),
    ),
  // GET /api/workspaces/{id}/tasks's own query for the workspace named in ?workspace=.
  "control-workspace-tasks": async (request) =>
    jsonNoStore(
      await listTasks(
        unguardedWorkspace(searchParam(request, "workspace")),
        listTasksQuerySchema.parse({}),
      ),
    ),
  guard: async (request) => jsonNoStore({ user: (await requireUser(request)).user }),
  // One workspace with the caller's role: the session, the membership and the role are checked
  // by the statement that reads it (lib/workspaces/scope.ts).
  "workspace-guard": async (request) => {
    const caller = await requireWorkspaceCaller(request);
    return jsonNoStore(await getWorkspace(caller.in({ id: searchParam(request, "workspace") })));
  },
  // The same answer the way Better Auth's organization plugin gets an active member: the
  // session first (getSession), then the membership in a query of its own.
  "get-session-member": async (request) => {
    const session = await getAuth().api.getSession({ headers: request.headers });
    if (!session) return jsonNoStore({ error: "unauthenticated" }, { status: 401 });
    const [found] = await getDb()
      .select({
        id: workspace.id,
        name: workspace.name,
        personal: sql<boolean>`${workspace.personalOwnerId} is not null`,
        createdAt: workspace.createdAt,
        role: workspaceMember.role,
      })
      .from(workspaceMember)
      .innerJoin(workspace, eq(workspace.id, workspaceMember.workspaceId))
      .where(
        and(
          eq(workspaceMember.workspaceId, searchParam(request, "workspace")),
          eq(workspaceMember.userId, session.user.id),
        ),
      );
    return found ? jsonNoStore(found) : jsonNoStore({ error: "not found" }, { status: 404 });
  },
  "get-session": async (request) => {
    const session = await getAuth().api.getSession({ headers: request.headers });
    return session
      ? jsonNoStore({ user: session.user })
      : jsonNoStore({ error: "unauthenticated" }, { status: 401 });
  },
};

export const GET = handleRoute(
  async (request, { params }: { params: Promise<{ probe: string }> }) => {
    const probe = probes[(await params).probe];
    if (!probe) throw new HttpError(404, "not_found", "Not found");
    return probe(request);
  },
);
