import { z } from "zod";
import { revokeSession } from "@/lib/auth/account/sessions";
import { requireUser } from "@/lib/auth/core/guard";
import { withClearedTokenCookies } from "@/lib/auth/tokens/cookies";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { noContent } from "@/lib/http/responses";
import { error, unauthenticated } from "@/lib/openapi/responses";

// Revoking the session the request is made with signs this browser out: its cookies go too.
export const DELETE = defineRoute(
  {
    tag: "Sessions",
    summary: "End one of the caller's sessions",
    auth: { user: requireUser },
    params: z.strictObject({ id: z.string() }),
    responses: {
      204: { description: "Ended" },
      401: unauthenticated,
      404: error("Not one of the caller's sessions"),
    },
  },
  async ({ caller: context, params: { id } }) => {
    await revokeSession(context, id);
    return id === context.sessionId ? withClearedTokenCookies(noContent()) : noContent();
  },
);

export const OPTIONS = corsPreflight;
