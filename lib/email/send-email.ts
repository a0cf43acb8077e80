import { getEnv } from "@/lib/env";
import { logEvent } from "@/lib/http/log";
import type { EmailMessage, EmailSender } from "./message";
import { createOutboxSender } from "./outbox";
import { createSmtpSender } from "./smtp";

/**
 * The one way the app sends email: SMTP (nodemailer) when SMTP_URL is set, otherwise the
 * development outbox, one file per message under EMAIL_OUTBOX_DIR, listed at /dev/outbox.
 * Message bodies hold reset links: they are never logged, by this module or its senders.
 */
const DEFAULT_SENDER = "Taskflow <no-reply@localhost>";

let sender: EmailSender | undefined;

export async function sendEmail(message: EmailMessage): Promise<void> {
  sender ??= createSender();
  await sender.send(message);
  logEvent("info", "email_sent", { transport: sender.transport });
}

function createSender(): EmailSender {
  const env = getEnv();
  if (env.SMTP_URL) return createSmtpSender(env.SMTP_URL, env.EMAIL_FROM ?? DEFAULT_SENDER);
  if (env.NODE_ENV === "production") {
    // Only with EMAIL_OUTBOX_IN_PRODUCTION=1 (lib/env.ts refuses to start otherwise), so that
    // production builds can be tested end to end; never what a real deployment wants.
    logEvent("warn", "email_outbox_in_production", { hint: "set SMTP_URL and EMAIL_FROM" });
  }
  return createOutboxSender(env.EMAIL_OUTBOX_DIR, env.EMAIL_FROM ?? DEFAULT_SENDER);
}
