import { escapeHtml } from "@/lib/email/html";
import { sendEmail } from "@/lib/email/send-email";
import { getEnv } from "@/lib/env";
import { runAfterResponse } from "@/lib/http/after-response";
import { clientAddress } from "@/lib/http/client-ip";
import { withinRateLimit } from "@/lib/rate-limit/index";
import { normalizeEmail } from "@/lib/validation/normalize-email";
import { displayIp } from "./ip-address";
import { describeUserAgent } from "./user-agent";

/**
 * A security notice: a short mail to an account's address that something about the account
 * changed, when, from which device and address (the approximate place: we keep no location
 * database), and what to do if it was not the owner. It never holds a token or a link that
 * acts: only links to pages the reader opens signed in (or to ask for a reset link).
 *
 * Bounded, never silenced: notices have their own cap (`security-notice-address`), counted per
 * address AND kind of change. Reset or verification mail (`mail-address`) and sign-in notices
 * spend other counters, and spending one kind of notice (toggling a passkey) leaves every other
 * kind's first notices of the hour untouched. Every kind needs a signed-in session, a reset
 * link from the mailbox itself, or a link to a new address, so only the account's holder can
 * spend the cap at all. Sent after the answer: a slow or failed mail never fails the change.
 */
export type NoticeRecipient = { email: string; name: string };

export type SecurityNotice = {
  /** What the cap counts separately: one kind of change (`password_changed`, ...). */
  kind: string;
  subject: string;
  /** What changed, in one or two sentences of plain text. */
  summary: string;
  /** What to do if it was not you; by default, end unknown sessions and reset the password. */
  advice?: string;
};

export function mailSecurityNotice(
  recipient: NoticeRecipient,
  notice: SecurityNotice,
  headers: Headers | undefined,
): void {
  const message = composeNotice(recipient, notice, {
    at: new Date(),
    device: describeUserAgent(headers?.get("user-agent") ?? null),
    ip: headers ? displayIp(clientAddress({ headers })) : null,
  });
  const capKey = `${notice.kind}:${normalizeEmail(recipient.email)}`;
  runAfterResponse("security_notice_failed", async () => {
    if (await withinRateLimit("security-notice-address", capKey)) await sendEmail(message);
  });
}

type Seen = { at: Date; device: string; ip: string | null };

function composeNotice(recipient: NoticeRecipient, notice: SecurityNotice, seen: Seen) {
  const base = getEnv().BETTER_AUTH_URL;
  const sessions = new URL("/settings#sessions", base).toString();
  const reset = new URL("/forgot-password", base).toString();
  const advice =
    notice.advice ??
    `If this was not you, sign out the sessions you do not recognise (${sessions}) and ` +
      `reset your password (${reset}).`;
  const from = seen.ip ? `${seen.device}, from IP address ${seen.ip}` : seen.device;
  const when = seen.at.toUTCString();
  const text = [
    `Hello ${recipient.name},`,
    "",
    notice.summary,
    "",
    `When: ${when}`,
    `Device: ${from}`,
    "",
    `If this was you, there is nothing to do. ${advice}`,
  ].join("\n");
  const html = `<p>Hello ${escapeHtml(recipient.name)},</p>
<p>${escapeHtml(notice.summary)}</p>
<p>When: ${escapeHtml(when)}<br>Device: ${escapeHtml(from)}</p>
<p>If this was you, there is nothing to do. ${linked(advice, [sessions, reset])}</p>`;
  return { to: recipient.email, subject: notice.subject, text, html };
}

/** The advice as HTML, each of our own URLs in it a link. */
function linked(advice: string, urls: string[]): string {
  let html = escapeHtml(advice);
  for (const url of urls) {
    const escaped = escapeHtml(url);
    html = html.replaceAll(escaped, `<a href="${escaped}">${escaped}</a>`);
  }
  return html;
}
