import { getAuth } from "@/lib/auth/better-auth/auth";
import { enforceForgotPasswordRateLimit } from "@/lib/auth/core/auth-limits";
import { forgotPasswordSchema } from "@/lib/auth/core/credentials";
import { runAfterResponse } from "@/lib/http/after-response";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { jsonNoStore } from "@/lib/http/responses";

// The same answer, in the same time, whether or not the account exists: the lookup, the token
// and the email all happen after the answer (lib/auth/passwords/password-reset.ts).
const ANSWER = { ok: true, message: "If an account uses this email, a reset link is on its way." };

export const POST = handleRoute(async (request) => {
  await enforceForgotPasswordRateLimit(request);
  const { email } = await readJson(request, forgotPasswordSchema);
  const headers = new Headers(request.headers);
  runAfterResponse("password_reset_request_failed", () =>
    getAuth().api.requestPasswordReset({ body: { email }, headers }),
  );
  return jsonNoStore(ANSWER);
});

export const OPTIONS = corsPreflight;
