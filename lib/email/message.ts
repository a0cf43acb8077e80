/** A mail as every sender takes it. */
export type EmailMessage = { to: string; subject: string; text: string; html: string };

/** One way of sending mail (./smtp.ts, ./outbox.ts); ./send-email.ts picks one. */
export type EmailSender = {
  transport: "smtp" | "outbox";
  send(message: EmailMessage): Promise<void>;
};
