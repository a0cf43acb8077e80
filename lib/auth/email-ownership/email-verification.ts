import { randomBytes } from "node:crypto";
import { and, eq, gt, ne } from "drizzle-orm";
import { z } from "zod";
import { sha256 } from "@/lib/crypto/sha256";
import { type Database, getDb } from "@/lib/db/client";
import { session, user, verification } from "@/lib/db/schema";
import { escapeHtml } from "@/lib/email/html";
import { mailCapAllows } from "@/lib/email/mail-cap";
import { sendEmail } from "@/lib/email/send-email";
import { getEnv } from "@/lib/env";
import { runAfterResponse } from "@/lib/http/after-response";
import { proveMailbox } from "../account/fresh-start";
import { recordSecurityEvent } from "../account/security-events";
import { mailSecurityNotice } from "../account/security-notice";
import { presentedPassword } from "../fields/fields";
import { assertCurrentPassword } from "../passwords/current-password";

/**
 * Email verification links. Better Auth decides when one is due (at sign-up, on a
 * resend) and calls `sendVerificationEmail`; its own tokens are stateless JWTs, valid until they
 * expire however often they are used, so the link we mail carries a token of ours instead:
 * 32 random bytes, stored only as a SHA-256 hash in `verification`, valid 24 hours, consumed
 * by its first use (a DELETE … RETURNING: of two clicks at once, one wins). Following it
 * (GET /api/auth/verify-email, or the page's password form for an unverified account opened where
 * nobody is signed in to it) marks the address verified if the account still has it, through the
 * fresh start (lib/auth/account/fresh-start.ts), and ADMIN_EMAILS may then promote the account.
 * At most 3 mails an hour go to one address (lib/email/mail-cap.ts). Tokens and links are never
 * logged.
 */
export const VERIFICATION_LINK_LIFETIME_SECONDS = 24 * 60 * 60;
const IDENTIFIER_PREFIX = "verify-email:";

// What a link proves: `email` reaches the account's owner. A change of email also names the
// address it replaces and the session that asked, the one the change keeps signed in.
const claimSchema = z.object({
  userId: z.string(),
  email: z.string(),
  change: z.object({ from: z.string(), sessionId: z.string() }).optional(),
});
type Claim = z.infer<typeof claimSchema>;

type Recipient = { id: string; email: string; name: string };

/** Better Auth's `emailVerification.sendVerificationEmail`. */
export function deliverVerificationLink(recipient: Recipient): Promise<void> {
  return mailLink(recipient, { userId: recipient.id, email: recipient.email });
}

async function mailLink(recipient: Recipient, claim: Claim): Promise<void> {
  if (!(await mailCapAllows(recipient.email))) return;
  const link = verificationLink(await storeToken(claim));
  // A slow SMTP server must not hold up the request that asked for the mail.
  const message = claim.change
    ? emailChangeConfirmation(recipient, link)
    : verificationEmail(recipient, link);
  runAfterResponse("verification_email_failed", () => sendEmail(message));
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
  return `${IDENTIFIER_PREFIX}${sha256(token)}`;
}

function verificationLink(token: string): string {
  const url = new URL("/api/auth/verify-email", getEnv().BETTER_AUTH_URL);
  url.searchParams.set("token", token);
  return url.toString();
}

/**
 * A change of email (POST /api/auth/change-email, after its password check): a link to the new
 * address, which changes only when that link is followed, and a security notice to the current
 * one (its own cap: reset or verification mail to that address cannot spend it).
 */
export async function deliverEmailChangeLink(
  account: Recipient,
  newEmail: string,
  sessionId: string,
  headers: Headers,
): Promise<void> {
  await mailLink(
    { ...account, email: newEmail },
    { userId: account.id, email: newEmail, change: { from: account.email, sessionId } },
  );
  mailSecurityNotice(
    account,
    {
      kind: "email_change_requested",
      subject: "Your Taskflow email address is being changed",
      summary:
        `Someone signed in to your Taskflow account asked to change its email address to ` +
        `${newEmail}. It changes only when the link we sent to that address is opened.`,
      advice:
        "If this was not you, change your password now: the request needed it, so someone " +
        `else may know it (${new URL("/forgot-password", getEnv().BETTER_AUTH_URL)}).`,
    },
    headers,
  );
}

/**
 * A change of email asked for an address that already has an account: its owner is told, in a
 * few words, and nothing changes. The asker's answer is the same as for a free address. A notice
 * of its own kind: another account's requests cannot spend the owner's reset or other notices.
 */
export function noticeAddressAlreadyUsed(holder: Recipient): void {
  mailSecurityNotice(
    holder,
    {
      kind: "address_in_use",
      subject: "Someone tried to use your Taskflow email address",
      summary:
        "Someone signed in to another Taskflow account asked to use this email address. It " +
        "already belongs to your account, so nothing changed and nothing was sent to them.",
      advice: "Your account is unchanged: there is nothing to do.",
    },
    undefined,
  );
}

/** Names the address an email change gave the account to the page that says so, briefly. */
export const EMAIL_CHANGED_COOKIE = "email_changed_to";

/** Who followed a link, and the address an email change gave the account. */
export type FollowedLink = { userId: string; changedTo: string | null } | null;

/**
 * What the link's follower showed besides the mailbox: a session of the account, or its password.
 */
export type Follower = {
  signedIn?: { userId: string; sessionId: string };
  password?: string;
  headers?: Headers;
};

export const PASSWORD_NEEDED = "password_needed";
/** The same, for a link that changes the account's address: its page says so. */
export const EMAIL_CHANGE_PASSWORD_NEEDED = "email_change_password_needed";

/** The /verify-email page's form: the link's token and the account's password. */
export const confirmAddressSchema = z.strictObject({
  token: z.string().min(1).max(256),
  password: presentedPassword,
});

/**
 * Consumes the link's token and marks the address verified. Null when the token is unknown,
 * used, expired, or names an address the account no longer has: nothing changes then.
 *
 * A link confirms only the credentials of the person who follows it (docs/architecture.md, "Who
 * owns an account"): anyone can register someone else's address with a password of theirs, or
 * ask for their own account to take someone else's address, and the mailbox's owner who opens
 * that link must not give the address to an account she does not hold. So a link to an
 * unverified account, and every change of email, takes effect only in a browser signed in to
 * that account, or after its password (checked here, counted by the caller); otherwise it
 * answers PASSWORD_NEEDED and stays unused. Whoever does not know the password of an account
 * registered with her address proves the mailbox with a reset instead; a change she did not ask
 * for she leaves unconfirmed.
 */
export async function followVerificationLink(
  token: string,
  follower: Follower = {},
): Promise<FollowedLink | typeof PASSWORD_NEEDED | typeof EMAIL_CHANGE_PASSWORD_NEEDED> {
  const claim = await readToken(getDb(), token);
  if (!claim) return null;
  const signedInHere =
    follower.signedIn?.userId === claim.userId ? follower.signedIn.sessionId : undefined;
  if (!signedInHere && (claim.change || (await isUnverified(claim.userId)))) {
    if (follower.password === undefined) {
      return claim.change ? EMAIL_CHANGE_PASSWORD_NEEDED : PASSWORD_NEEDED;
    }
    await assertCurrentPassword(claim.userId, follower.password);
  }
  const followed = await getDb().transaction(async (tx) => {
    const consumed = await consumeToken(tx, token);
    if (!consumed) return null;
    const verified = consumed.change
      ? await changeEmail(tx, consumed.userId, consumed.email, consumed.change)
      : await markVerified(tx, consumed, { ...follower, keepSessionId: signedInHere });
    if (!verified) return null;
    return consumed;
  });
  if (!followed) return null;
  const { headers } = follower;
  if (!followed.change) {
    await recordSecurityEvent("email_verified", followed.userId, headers);
    return { userId: followed.userId, changedTo: null };
  }
  // After the commit: the event is written through the pool, which waits for the transaction.
  await recordSecurityEvent("email_changed", followed.userId, headers);
  const [account] = await getDb()
    .select({ name: user.name })
    .from(user)
    .where(eq(user.id, followed.userId));
  // Told to the address it replaces: the one a thief would not read.
  mailSecurityNotice(
    { email: followed.change.from, name: account?.name ?? "" },
    {
      kind: "email_changed",
      subject: "Your Taskflow email address was changed",
      summary:
        `The email address of your Taskflow account was changed to ${followed.email}, and ` +
        "every other session of the account was signed out. This address no longer signs in.",
      advice:
        "If this was not you, someone who knew your password has taken the account: contact " +
        "this Taskflow site's administrator at once, since it no longer answers to this address.",
    },
    headers,
  );
  return { userId: followed.userId, changedTo: followed.email };
}

async function isUnverified(userId: string): Promise<boolean> {
  const [row] = await getDb()
    .select({ verified: user.emailVerified })
    .from(user)
    .where(eq(user.id, userId));
  return row?.verified === false;
}

/** The account whose unused link this is, for the caller's count of password guesses. */
export async function accountOfLink(token: string): Promise<{ email: string } | undefined> {
  const claim = await readToken(getDb(), token);
  if (!claim) return undefined;
  const [row] = await getDb()
    .select({ email: user.email })
    .from(user)
    .where(eq(user.id, claim.userId));
  return row;
}

async function markVerified(
  db: Database,
  claim: Claim,
  follower: { keepSessionId?: string; headers?: Headers },
): Promise<boolean> {
  const [holder] = await db
    .select({ id: user.id })
    .from(user)
    .where(and(eq(user.id, claim.userId), eq(user.email, claim.email)));
  if (!holder) return false;
  await proveMailbox(db, { userId: claim.userId, ...follower });
  return true;
}

/**
 * The new address replaces the one the link was asked from (if the account still has it, and
 * nobody registered the new one meanwhile), verified, and every other session of the account
 * ends: whoever else was signed in must sign in again, with the new address.
 */
async function changeEmail(
  db: Database,
  userId: string,
  email: string,
  change: NonNullable<Claim["change"]>,
): Promise<boolean> {
  const [taken] = await db.select({ id: user.id }).from(user).where(eq(user.email, email));
  if (taken) return false;
  const updated = await db
    .update(user)
    .set({ email })
    .where(and(eq(user.id, userId), eq(user.email, change.from)))
    .returning({ id: user.id });
  if (updated.length === 0) return false;
  // The new address is proven: for an account whose old one never was, that is its first proof.
  await proveMailbox(db, { userId, keepSessionId: change.sessionId });
  await db.delete(session).where(and(eq(session.userId, userId), ne(session.id, change.sessionId)));
  return true;
}

const tokenIsLive = (token: string) =>
  // The app's clock, as for every other token (Better Auth's reset links too).
  and(eq(verification.identifier, identifierOf(token)), gt(verification.expiresAt, new Date()));

async function readToken(db: Database, token: string): Promise<Claim | null> {
  const [row] = await db
    .select({ value: verification.value })
    .from(verification)
    .where(tokenIsLive(token));
  return row ? parseClaim(row.value) : null;
}

function parseClaim(value: string): Claim | null {
  const claim = claimSchema.safeParse(JSON.parse(value));
  return claim.success ? claim.data : null;
}

async function consumeToken(db: Database, token: string): Promise<Claim | null> {
  const [row] = await db
    .delete(verification)
    .where(tokenIsLive(token))
    .returning({ value: verification.value });
  return row ? parseClaim(row.value) : null;
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

function emailChangeConfirmation(recipient: Recipient, link: string) {
  const text = [
    `Hello ${recipient.name},`,
    "",
    "You asked to use this address for your Taskflow account. To confirm it, open this link " +
      "within 24 hours:",
    "",
    link,
    "",
    "The account keeps its current address until then. If you did not ask for this, ignore " +
      "this email: nothing changes without the link.",
  ].join("\n");
  const html = `<p>Hello ${escapeHtml(recipient.name)},</p>
<p>You asked to use this address for your Taskflow account. To confirm it, open this link within 24 hours:</p>
<p><a href="${escapeHtml(link)}">Use this address for my account</a></p>
<p>The account keeps its current address until then. If you did not ask for this, ignore this email: nothing changes without the link.</p>`;
  return { to: recipient.email, subject: "Confirm your new Taskflow email address", text, html };
}
