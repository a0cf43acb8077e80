import { deleteAccount, deleteAccountSchema } from "@/lib/auth/better-auth/delete-account";
import { enforcePasswordCheckRateLimits } from "@/lib/auth/core/auth-limits";
import { requireUser } from "@/lib/auth/core/guard";
import { withClearedTokenCookies } from "@/lib/auth/tokens/cookies";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { jsonNoStore } from "@/lib/http/responses";

export const POST = handleRoute(async (request) => {
  const { user } = await requireUser(request);
  const confirmation = await readJson(request, deleteAccountSchema);
  await enforcePasswordCheckRateLimits(request, user.email);
  await deleteAccount(user, confirmation, request.headers);
  return withClearedTokenCookies(jsonNoStore({ ok: true }));
});

export const OPTIONS = corsPreflight;
