import { escapeHtml } from "@/lib/email/html";
import { sendEmail } from "@/lib/email/send-email";
import { getEnv } from "@/lib/env";
import { runAfterResponse } from "@/lib/http/after-response";
import { clientAddress } from "@/lib/http/client-ip";
import { withinRateLimit } from "@/lib/rate-limit/index";
import { normalizeEmail } from "@/lib/validation/normalize-email";
import { trustedDevice } from "../core/device-cookie";
import { displayIp } from "./ip-address";
import { describeUserAgent } from "./user-agent";

/**
 * A finished sign-in from a browser the account has not used before (no valid device
 * cookie for it, lib/auth/core/device-cookie.ts) mails the owner when, from what device and
 * roughly where, with the way to end that session. Sent after the answer, so it costs the sign-in
 * nothing and a failed mail never fails it; at most `sign-in-notice-address` (5 an hour) to one
 * address.
 */
export async function noticeSignInFromNewBrowser(
  headers: Headers | undefined,
  user: { email: string; name: string },
  credentials: string,
): Promise<void> {
  if (!headers || (await trustedDevice({ headers }, user.email, credentials))) return;
  const message = signInNotice(user, {
    at: new Date(),
    device: describeUserAgent(headers.get("user-agent")),
    ip: displayIp(clientAddress({ headers })),
  });
  runAfterResponse("sign_in_notice_failed", async () => {
    if (await withinRateLimit("sign-in-notice-address", normalizeEmail(user.email))) {
      await sendEmail(message);
    }
  });
}

function signInNotice(
  user: { email: string; name: string },
  seen: { at: Date; device: string; ip: string | null },
) {
  const sessions = new URL("/settings#sessions", getEnv().BETTER_AUTH_URL).toString();
  const when = `${seen.at.toUTCString()}`;
  const from = seen.ip ? `${seen.device}, from ${seen.ip}` : seen.device;
  const text = [
    `Hello ${user.name},`,
    "",
    "Your Taskflow account was signed in to from a browser it has not used before:",
    "",
    `When: ${when}`,
    `Device: ${from}`,
    "",
    `If this was you, there is nothing to do. If not, sign that session out and change your password: ${sessions}`,
  ].join("\n");
  const html = `<p>Hello ${escapeHtml(user.name)},</p>
<p>Your Taskflow account was signed in to from a browser it has not used before:</p>
<p>When: ${escapeHtml(when)}<br>Device: ${escapeHtml(from)}</p>
<p>If this was you, there is nothing to do. If not, <a href="${escapeHtml(sessions)}">sign that session out</a> and change your password.</p>`;
  return { to: user.email, subject: "New sign-in to your Taskflow account", text, html };
}
