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
import { defineRoute } from "@/lib/http/define-route";
import { HttpError } from "@/lib/http/errors";
import { jsonNoStore } from "@/lib/http/responses";
import { invalid, limited, unauthenticated } from "@/lib/openapi/responses";

const changeEmailSchema = z.strictObject({ email, password: presentedPassword });

// Settings: the current password (counted as a sign-in), then a link to the new address and a
// notice to the current one (lib/auth/email-ownership/email-verification.ts). Nothing changes
// until the link is followed; then the account's other sessions end. Shadows Better Auth's /change-email,
// which asks for no password. An address that has an account gets the same answer (the route
// must not tell who is registered) and its owner a short notice instead of a link.
export const POST = defineRoute(
  {
    tag: "Sessions",
    summary:
      "Ask to change the email (the new address, the current password); a link goes to the new address, nothing changes until it is followed; an address with an account gets the same answer and its owner a notice",
    auth: { user: requireUser },
    body: changeEmailSchema,
    responses: {
      202: {
        description: "The link is on its way",
        body: z.strictObject({ ok: z.literal(true), pendingEmail: z.email() }),
      },
      400: invalid,
      401: unauthenticated,
      429: limited,
    },
  },
  async ({ request, caller: { user, sessionId }, body: { email: newEmail, password } }) => {
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
  },
);

export const OPTIONS = corsPreflight;
