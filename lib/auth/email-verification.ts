import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt } from "drizzle-orm";
import { z } from "zod";
import { type Database, getDb } from "@/lib/db/client";
import { user, verification } from "@/lib/db/schema";
import { escapeHtml } from "@/lib/email/html";
import { mailCapAllows } from "@/lib/email/mail-cap";
import { sendEmail } from "@/lib/email/send-email";
import { getEnv } from "@/lib/env";
import { runAfterResponse } from "@/lib/http/after-response";
import { promoteListedAdmin } from "./admin-bootstrap";

/**
 * Email verification links (issue 13). Better Auth decides when one is due (at sign-up, on a
 * resend) and calls `sendVerificationEmail`; its own tokens are stateless JWTs, valid until they
 * expire however often they are used, so the link we mail carries a token of ours instead:
 * 32 random bytes, stored only as a SHA-256 hash in `verification`, valid 24 hours, consumed
 * by its first use (a DELETE … RETURNING: of two clicks at once, one wins). Following it
 * (GET /api/auth/verify-email) marks the address verified if the account still has it, and
 * ADMIN_EMAILS may then promote the account (./admin-bootstrap.ts). At most 3 mails an hour go
 * to one address (lib/email/mail-cap.ts). Tokens and links are never logged.
 */
export const VERIFICATION_LINK_LIFETIME_SECONDS = 24 * 60 * 60;
const IDENTIFIER_PREFIX = "verify-email:";

const claimSchema = z.object({ userId: z.string(), email: z.string() });
type Claim = z.infer<typeof claimSchema>;

type Recipient = { id: string; email: string; name: string };

/** Better Auth's `emailVerification.sendVerificationEmail`. */
export async function deliverVerificationLink(recipient: Recipient): Promise<void> {
  if (!(await mailCapAllows(recipient.email))) return;
  const token = await storeToken({ userId: recipient.id, email: recipient.email });
  // A slow SMTP server must not hold up the sign-up that asked for the mail.
  runAfterResponse("verification_email_failed", () =>
    sendEmail(verificationEmail(recipient, verificationLink(token))),
  );
}

async function storeToken(claim: Claim): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await getDb()
    .insert(verification)
    .values({
      id: randomBytes(16).toString("hex"),
      identifier: identifierOf(token),
      value: JSON.stringify(claim),
      expiresAt: new Date(Date.now() + VERIFICATION_LINK_LIFETIME_SECONDS * 1000),
    });
  return token;
}

function identifierOf(token: string): string {
  return `${IDENTIFIER_PREFIX}${createHash("sha256").update(token).digest("base64url")}`;
}

export function verificationLink(token: string): string {
  const url = new URL("/api/auth/verify-email", getEnv().BETTER_AUTH_URL);
  url.searchParams.set("token", token);
  return url.toString();
}

export type FollowedLink = { userId: string } | null;

/**
 * Consumes the link's token and marks the address verified. Null when the token is unknown,
 * used, expired, or names an address the account no longer has: nothing changes then.
 */
export async function followVerificationLink(token: string): Promise<FollowedLink> {
  return getDb().transaction(async (tx) => {
    const claim = await consumeToken(tx, token);
    if (!claim) return null;
    const [verified] = await tx
      .update(user)
      .set({ emailVerified: true })
      .where(and(eq(user.id, claim.userId), eq(user.email, claim.email)))
      .returning({ id: user.id });
    if (!verified) return null;
    await promoteListedAdmin(tx, verified.id);
    return { userId: verified.id };
  });
}

/** The address was proven some other way (a password reset link reached it). */
export async function markEmailVerified(userId: string): Promise<void> {
  await getDb().transaction(async (tx) => {
    await tx.update(user).set({ emailVerified: true }).where(eq(user.id, userId));
    await promoteListedAdmin(tx, userId);
  });
}

async function consumeToken(db: Database, token: string): Promise<Claim | null> {
  const [row] = await db
    .delete(verification)
    // The app's clock, as for every other token (Better Auth's reset links too).
    .where(
      and(eq(verification.identifier, identifierOf(token)), gt(verification.expiresAt, new Date())),
    )
    .returning({ value: verification.value });
  if (!row) return null;
  const claim = claimSchema.safeParse(JSON.parse(row.value));
  return claim.success ? claim.data : null;
}

function verificationEmail(recipient: Recipient, link: string) {
  const text = [
    `Hello ${recipient.name},`,
    "",
    "Please confirm that this is your email address by opening this link within 24 hours:",
    "",
    link,
    "",
    "If you did not create a Taskflow account, ignore this email: nothing happens without the link.",
  ].join("\n");
  const html = `<p>Hello ${escapeHtml(recipient.name)},</p>
<p>Please confirm that this is your email address by opening this link within 24 hours:</p>
<p><a href="${escapeHtml(link)}">Verify my email address</a></p>
<p>If you did not create a Taskflow account, ignore this email: nothing happens without the link.</p>`;
  return { to: recipient.email, subject: "Verify your Taskflow email address", text, html };
}
