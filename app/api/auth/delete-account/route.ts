import { deleteAccount, deleteAccountSchema } from "@/lib/auth/better-auth/delete-account";
import { enforcePasswordCheckRateLimits } from "@/lib/auth/core/auth-limits";
import { requireUser } from "@/lib/auth/core/guard";
import { withClearedTokenCookies } from "@/lib/auth/tokens/cookies";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { error, invalid, limited, okBody } from "@/lib/openapi/responses";

export const POST = defineRoute(
  {
    tag: "Sessions",
    summary:
      "Delete the account, its tasks and sessions (asks for the password, and a current code from the authenticator app when it has one)",
    auth: { user: requireUser },
    body: deleteAccountSchema,
    responses: {
      200: { description: "Deleted; both cookies cleared", body: okBody },
      400: invalid,
      401: error("Not signed in, or the authenticator code is wrong"),
      429: limited,
    },
  },
  async ({ request, caller: { user }, body: confirmation }) => {
    await enforcePasswordCheckRateLimits(request, user.email);
    await deleteAccount(user, confirmation, request.headers);
    return withClearedTokenCookies(jsonNoStore({ ok: true }));
  },
);

export const OPTIONS = corsPreflight;
