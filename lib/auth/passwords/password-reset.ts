import { and, eq, gt, like, lt, ne } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { verification } from "@/lib/db/schema";
import { escapeHtml } from "@/lib/email/html";
import { mailCapAllows } from "@/lib/email/mail-cap";
import { sendEmail } from "@/lib/email/send-email";
import { getEnv } from "@/lib/env";

/**
 * The parts of Better Auth's reset flow that are ours (it stores the token, one hour, single
 * use, in `verification` as `reset-password:<token>` → user id):
 * - a newer request invalidates the older links of the same user, except those younger than
 *   ten minutes: someone who knows the address cannot keep cancelling the owner's fresh link;
 * - at most 3 mails an hour to one address (lib/email/mail-cap.ts): past that the new token is
 *   dropped, nothing is sent, and the answer is the same;
 * - the link is built from BETTER_AUTH_URL, never from the request's Host;
 * - the whole request (lookup, token, mail) runs after the answer (the forgot-password route
 *   and the front door), so the answer takes as long for an unknown email.
 */
export const RESET_TOKEN_LIFETIME_SECONDS = 60 * 60;
const RESET_PREFIX = "reset-password:";
const PROTECTED_LINK_AGE_MS = 10 * 60_000;

type Recipient = { id: string; email: string; name: string };

/** Better Auth's `sendResetPassword`, called once the new token is stored. */
export async function deliverResetLink(user: Recipient, token: string): Promise<void> {
  const db = getDb();
  const identifier = `${RESET_PREFIX}${token}`;
  if (!(await mailCapAllows(user.email))) {
    await db.delete(verification).where(eq(verification.identifier, identifier));
    return;
  }
  await db
    .delete(verification)
    .where(
      and(
        eq(verification.value, user.id),
        like(verification.identifier, `${RESET_PREFIX}%`),
        ne(verification.identifier, identifier),
        lt(verification.createdAt, new Date(Date.now() - PROTECTED_LINK_AGE_MS)),
      ),
    );
  await sendEmail(resetEmail(user, resetLink(token)));
}

/**
 * Whether a reset link still works (stored, not yet used or superseded, not expired), so the
 * page can say so on load instead of after the user chose a password. Tokens are 24 random
 * characters: asking about guesses finds nothing, and setting a password stays rate-limited.
 */
export async function isUsableResetToken(token: string): Promise<boolean> {
  const [row] = await getDb()
    .select({ id: verification.id })
    .from(verification)
    .where(
      and(
        eq(verification.identifier, `${RESET_PREFIX}${token}`),
        gt(verification.expiresAt, new Date()),
      ),
    )
    .limit(1);
  return row !== undefined;
}

export function resetLink(token: string): string {
  const url = new URL("/reset-password", getEnv().BETTER_AUTH_URL);
  url.searchParams.set("token", token);
  return url.toString();
}

function resetEmail(user: Recipient, link: string) {
  const minutes = RESET_TOKEN_LIFETIME_SECONDS / 60;
  const text = [
    `Hello ${user.name},`,
    "",
    `Someone (hopefully you) asked to reset the password of your Taskflow account. Open this link within ${minutes} minutes to choose a new one:`,
    "",
    link,
    "",
    "If you did not ask for it, ignore this email: your password stays as it is.",
  ].join("\n");
  const html = `<p>Hello ${escapeHtml(user.name)},</p>
<p>Someone (hopefully you) asked to reset the password of your Taskflow account. Open this link within ${minutes} minutes to choose a new one:</p>
<p><a href="${escapeHtml(link)}">Choose a new password</a></p>
<p>If you did not ask for it, ignore this email: your password stays as it is.</p>`;
  return { to: user.email, subject: "Reset your Taskflow password", text, html };
}
