import { listSessions } from "@/lib/auth/account/sessions";
import { requireUser } from "@/lib/auth/core/guard";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { sessionsBody, unauthenticated } from "@/lib/openapi/responses";

export const GET = defineRoute(
  {
    tag: "Sessions",
    summary: "The caller's active sign-ins",
    auth: { user: requireUser },
    responses: {
      200: { description: "Newest use first", body: sessionsBody },
      401: unauthenticated,
    },
  },
  async ({ caller }) => jsonNoStore({ sessions: await listSessions(caller) }),
);

export const OPTIONS = corsPreflight;
