import { getAuth } from "@/lib/auth/auth";
import { requireUser } from "@/lib/auth/guard";
import { getEnv } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";
import { handleRoute } from "@/lib/http/handle-route";
import { jsonNoStore } from "@/lib/http/responses";

/**
 * Benchmark probes, served only when BENCH_ROUTES=1 (`npm run bench` sets it): the same
 * response through our guard and through Better Auth's getSession, and a route with no work.
 */
const probes: Record<string, (request: Request) => Promise<Response>> = {
  noop: async () => jsonNoStore({ ok: true }),
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
    if (!getEnv().BENCH_ROUTES || !probe) throw new HttpError(404, "not_found", "Not found");
    return probe(request);
  },
);
