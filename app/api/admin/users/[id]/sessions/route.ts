import { ON_ONE_USER } from "@/lib/admin/guard";
import { endUserSessions } from "@/lib/admin/users";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import {
  endedSessionsBody,
  error,
  noSuchUser,
  notAdmin,
  unauthenticated,
} from "@/lib/openapi/responses";

export const DELETE = defineRoute(
  {
    ...ON_ONE_USER,
    summary: "End every session of a user (its access and refresh tokens stop at once)",
    responses: {
      200: { description: "How many ended", body: endedSessionsBody },
      401: unauthenticated,
      403: notAdmin,
      404: noSuchUser,
      409: error("One's own account"),
    },
  },
  async ({ caller, params }) => jsonNoStore(await endUserSessions(caller.user, params.id)),
);

export const OPTIONS = corsPreflight;
