import { expect, vi } from "vitest";
import { readOutbox } from "@/lib/email/outbox";
import { getEnv } from "@/lib/env";

/** The mails to `email` whose subject matches, oldest first, from the outbox the app writes to. */
export const mailsTo = async (email: string, subject: RegExp) =>
  (await readOutbox(getEnv().EMAIL_OUTBOX_DIR))
    .filter((mail) => mail.to === email && subject.test(mail.subject))
    .reverse();

/** Waits until exactly `count` such mails arrived (mail leaves after the answer), and returns them. */
export async function waitForMails(email: string, subject: RegExp, count = 1) {
  await vi.waitFor(async () => expect(await mailsTo(email, subject)).toHaveLength(count));
  return mailsTo(email, subject);
}

/**
 * What every security notice holds (when, from what device, what to do: by default, the links to
 * the sessions and to a reset), and never: a token or a link that acts.
 */
export function expectSecurityNotice(
  notice: { text: string; html: string } | undefined,
  { defaultAdvice = true } = {},
) {
  expect(notice?.text).toMatch(/^When: /m);
  expect(notice?.text).toMatch(/^Device: /m);
  expect(notice?.text).toContain("If this was not you");
  if (defaultAdvice) {
    expect(notice?.text).toContain("/settings#sessions");
    expect(notice?.html).toContain("/forgot-password</a>");
  }
  expect(`${notice?.text}${notice?.html}`).not.toMatch(/token|[?&]code=/i);
}
