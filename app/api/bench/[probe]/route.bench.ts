import { getAuth } from "@/lib/auth/better-auth/auth";
import { requireUser } from "@/lib/auth/core/guard";
import { scopeOfCheckedSession } from "@/lib/auth/core/owner-scope";
import { HttpError } from "@/lib/http/errors";
import { handleRoute } from "@/lib/http/handle-route";
import { jsonNoStore } from "@/lib/http/responses";
import { listTasks } from "@/lib/tasks/queries";
import { listTasksQuerySchema } from "@/lib/tasks/schemas";

/**
 * Benchmark probes: the same response through our guard and through Better Auth's getSession,
 * the task list without a guard, and a route with no work. A `*.bench.ts` route: only the
 * bench's own build (`BENCH_BUILD=1`, next.config.ts) contains it, never a deployment's.
 */
const probes: Record<string, (request: Request) => Promise<Response>> = {
  noop: async () => jsonNoStore({ ok: true }),
  // GET /api/tasks's own query for the user named in ?user=, with no token at all: the one
  // scope made without the guard (lib/auth/core/owner-scope.ts is private to it and to bench code).
  "control-tasks": async (request) =>
    jsonNoStore(
      await listTasks(
        scopeOfCheckedSession(new URL(request.url).searchParams.get("user") ?? ""),
        listTasksQuerySchema.parse({}),
      ),
    ),
  guard: async (request) => jsonNoStore({ user: (await requireUser(request)).user }),
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
