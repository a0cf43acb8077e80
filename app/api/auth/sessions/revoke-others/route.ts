import { z } from "zod";
import { revokeOtherSessions } from "@/lib/auth/account/sessions";
import { requireUser } from "@/lib/auth/core/guard";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { unauthenticated } from "@/lib/openapi/responses";

export const POST = defineRoute(
  {
    tag: "Sessions",
    summary: "End every session of the caller but this one",
    auth: { user: requireUser },
    responses: {
      200: { description: "How many ended", body: z.strictObject({ revoked: z.number().int() }) },
      401: unauthenticated,
    },
  },
  async ({ caller }) => jsonNoStore({ revoked: await revokeOtherSessions(caller) }),
);

export const OPTIONS = corsPreflight;
