import nodemailer from "nodemailer";
import type { EmailSender } from "./message";

export function createSmtpSender(url: string, from: string): EmailSender {
  const transporter = nodemailer.createTransport(url);
  return {
    transport: "smtp",
    async send(message) {
      await transporter.sendMail({ from, ...message });
    },
  };
}
