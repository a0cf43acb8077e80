import { eq } from "drizzle-orm";
import { z } from "zod";
import { enforcePasswordCheckRateLimits } from "@/lib/auth/core/auth-limits";
import { requireUser } from "@/lib/auth/core/guard";
import {
  deliverEmailChangeLink,
  noticeAddressAlreadyUsed,
} from "@/lib/auth/email-ownership/email-verification";
import { email, presentedPassword } from "@/lib/auth/fields/fields";
import { assertCurrentPassword } from "@/lib/auth/passwords/current-password";
import { getDb } from "@/lib/db/client";
import { user as userTable } from "@/lib/db/schema";
import { corsPreflight } from "@/lib/http/cors";
import { HttpError } from "@/lib/http/errors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { jsonNoStore } from "@/lib/http/responses";

const changeEmailSchema = z.strictObject({ email, password: presentedPassword });

// Settings: the current password (counted as a sign-in), then a link to the new address and a
// notice to the current one (lib/auth/email-ownership/email-verification.ts). Nothing changes
// until the link is followed; then the account's other sessions end. Shadows Better Auth's /change-email,
// which asks for no password. An address that has an account gets the same answer (the route
// must not tell who is registered) and its owner a short notice instead of a link.
export const POST = handleRoute(async (request) => {
  const { user, sessionId } = await requireUser(request);
  const { email: newEmail, password } = await readJson(request, changeEmailSchema);
  await enforcePasswordCheckRateLimits(request, user.email);
  await assertCurrentPassword(user.id, password);
  if (newEmail === user.email) {
    throw new HttpError(400, "same_email", "That is already your email address", {
      fields: { email: ["That is already your email address"] },
    });
  }
  const [holder] = await getDb()
    .select({ id: userTable.id, email: userTable.email, name: userTable.name })
    .from(userTable)
    .where(eq(userTable.email, newEmail));
  if (holder) noticeAddressAlreadyUsed(holder);
  else await deliverEmailChangeLink(user, newEmail, sessionId, request.headers);
  return jsonNoStore({ ok: true, pendingEmail: newEmail }, { status: 202 });
});

export const OPTIONS = corsPreflight;
