import { getAuth } from "@/lib/auth/auth";
import { forgotPasswordSchema } from "@/lib/auth/credentials";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { jsonNoStore } from "@/lib/http/responses";
import { enforceForgotPasswordRateLimit } from "@/lib/rate-limit/auth-limits";

// The same answer, in about the same time, whether or not the account exists: the email goes
// out after the answer (lib/auth/password-reset.ts).
const ANSWER = { ok: true, message: "If an account uses this email, a reset link is on its way." };

export const POST = handleRoute(async (request) => {
  await enforceForgotPasswordRateLimit(request);
  const { email } = await readJson(request, forgotPasswordSchema);
  await getAuth().api.requestPasswordReset({ body: { email }, headers: request.headers });
  return jsonNoStore(ANSWER);
});

export const OPTIONS = corsPreflight;
