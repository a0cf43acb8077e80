import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { SMTPServer } from "smtp-server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { captureConsole } from "../support/console";
import { importWithEnv, restoreEnv } from "../support/isolation";

const RESET_LINK = "http://localhost:3000/reset-password?token=Zk3pQ9xR2sT7vW1yA4bC6dE8";
const message = {
  to: "dana@example.test",
  subject: "Reset your password",
  text: `Someone asked to reset your password. Follow ${RESET_LINK} within an hour.`,
  html: `<p>Someone asked to reset your password. <a href="${RESET_LINK}">Reset it</a>.</p>`,
};

let outbox: string;

beforeEach(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), "taskflow-outbox-"));
});
afterEach(async () => {
  vi.restoreAllMocks();
  restoreEnv();
  await rm(outbox, { recursive: true, force: true });
});

describe("sendEmail without SMTP: the development outbox", () => {
  it("writes each message as a file only its owner can read, and never logs the body", async () => {
    const { sendEmail } = await importWithEnv(() => import("@/lib/email/send-email"), {
      EMAIL_OUTBOX_DIR: outbox,
      SMTP_URL: undefined,
    });
    const logs = captureConsole();
    await sendEmail(message);

    const [file, ...others] = await readdir(outbox);
    expect(others).toHaveLength(0);
    expect((await stat(path.join(outbox, String(file)))).mode & 0o077).toBe(0);
    const { readOutbox } = await import("@/lib/email/outbox");
    expect(await readOutbox(outbox)).toEqual([
      expect.objectContaining({ ...message, from: "Taskflow <no-reply@localhost>" }),
    ]);
    expect(logs.join("\n")).not.toContain("token=");
    expect(logs.join("\n")).not.toContain(message.subject);
  });

  it("never shows a reader half a message, however often it looks while mail is written", async () => {
    const { createOutboxSender, readOutbox } = await import("@/lib/email/outbox");
    const sender = createOutboxSender(outbox, "Taskflow <no-reply@localhost>");
    const large = { ...message, text: message.text.repeat(20_000) };
    let writing = true;
    const written = Promise.all(Array.from({ length: 20 }, () => sender.send(large))).finally(
      () => {
        writing = false;
      },
    );
    let reads = 0;
    while (writing) {
      for (const read of await readOutbox(outbox)) expect(read.text).toBe(large.text);
      reads += 1;
    }
    await written;
    expect(reads).toBeGreaterThan(0);
    expect(await readOutbox(outbox)).toHaveLength(20);
  });

  it("lists messages newest first at /dev/outbox, with the links clickable", async () => {
    const { sendEmail } = await importWithEnv(() => import("@/lib/email/send-email"), {
      EMAIL_OUTBOX_DIR: outbox,
    });
    captureConsole();
    await sendEmail({ ...message, subject: "First" });
    await sendEmail({ ...message, subject: "Second" });
    const { default: OutboxPage } = await import("@/app/dev/outbox/page");
    const html = renderToStaticMarkup(await OutboxPage());
    expect(html.indexOf("Second")).toBeLessThan(html.indexOf("First"));
    expect(html).toContain(`href="${RESET_LINK.replace("&", "&amp;")}"`);
  });

  it("does not exist while the dev server can be reached from the network, or by plain next dev", async () => {
    for (const host of ["0.0.0.0", "192.168.1.20", undefined]) {
      const { default: OutboxPage } = await importWithEnv(() => import("@/app/dev/outbox/page"), {
        DEV_SERVER_HOST: host,
        EMAIL_OUTBOX_DIR: outbox,
      });
      await expect(OutboxPage()).rejects.toMatchObject({ digest: expect.stringContaining("404") });
    }
  });

  it("does not exist in production", async () => {
    const { default: OutboxPage } = await importWithEnv(() => import("@/app/dev/outbox/page"), {
      NODE_ENV: "production",
      EMAIL_OUTBOX_IN_PRODUCTION: "1",
      EMAIL_OUTBOX_DIR: outbox,
    });
    await expect(OutboxPage()).rejects.toMatchObject({ digest: expect.stringContaining("404") });
  });
});

describe("sendEmail with SMTP_URL", () => {
  it("delivers through the SMTP server from EMAIL_FROM, and writes no outbox file", async () => {
    const received: { from: string; to: string[]; data: string }[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, session, callback) {
        let data = "";
        stream.on("data", (chunk: Buffer) => {
          data += chunk.toString("utf8");
        });
        stream.on("end", () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            data,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.server.address() as AddressInfo;
    try {
      const { sendEmail } = await importWithEnv(() => import("@/lib/email/send-email"), {
        SMTP_URL: `smtp://127.0.0.1:${port}`,
        EMAIL_FROM: "Taskflow <no-reply@taskflow.test>",
        EMAIL_OUTBOX_DIR: outbox,
      });
      const logs = captureConsole();
      await sendEmail(message);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ from: "no-reply@taskflow.test", to: [message.to] });
      expect(received[0]?.data).toContain("Subject: Reset your password");
      expect(await readdir(outbox)).toEqual([]);
      expect(logs.join("\n")).not.toContain("token=");
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
