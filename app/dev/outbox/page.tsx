import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { isLoopbackOnly } from "@/lib/dev/listen-host";
import { type OutboxMessage, readOutbox } from "@/lib/email/outbox";
import { getEnv } from "@/lib/env";

// Development only: the mail that SMTP would have sent (reset links included). Reset links are
// credentials, so it answers only while the dev server can be reached from this machine alone
// (`npm run dev` without --host, lib/dev/listen-host.ts); otherwise, and in production, 404.
export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: "Outbox (development) · Taskflow",
  robots: { index: false },
};

export default async function OutboxPage() {
  const env = getEnv();
  if (env.NODE_ENV === "production" || !isLoopbackOnly(env.DEV_SERVER_HOST)) notFound();
  const messages = await readOutbox(env.EMAIL_OUTBOX_DIR);

  return (
    <main id="main" className="mx-auto flex max-w-3xl flex-col gap-6 px-6 py-12">
      <header>
        <h1 className="text-2xl font-bold">Outbox</h1>
        <p className="text-slate-600 dark:text-slate-300">
          Email the app sent without SMTP_URL, newest first, from{" "}
          <code>{env.EMAIL_OUTBOX_DIR}</code>.
        </p>
      </header>
      {messages.length === 0 ? (
        <p>No messages yet.</p>
      ) : (
        <ul className="flex flex-col gap-4">
          {messages.map((message) => (
            <OutboxEntry key={message.id} message={message} />
          ))}
        </ul>
      )}
    </main>
  );
}

function OutboxEntry({ message }: { message: OutboxMessage }) {
  return (
    <li className="rounded border border-slate-200 p-4 dark:border-slate-700">
      <p className="font-semibold">{message.subject}</p>
      <p className="text-sm [overflow-wrap:anywhere] text-slate-600 dark:text-slate-300">
        To {message.to} · from {message.from} ·{" "}
        <time dateTime={message.sentAt}>{message.sentAt}</time>
      </p>
      {/* Words wrap whole; only what has no room at all (a long link) breaks inside. */}
      <pre className="mt-3 whitespace-pre-wrap text-sm [overflow-wrap:anywhere]">
        <LinkedText text={message.text} />
      </pre>
    </li>
  );
}

// Links in the plain-text body become clickable, so a reset link can be followed from here.
function LinkedText({ text }: { text: string }) {
  return text.split(/(https?:\/\/\S+)/).map((part, index) =>
    index % 2 === 1 ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string
      <a key={index} href={part} className="text-indigo-700 underline dark:text-indigo-300">
        {part}
      </a>
    ) : (
      part
    ),
  );
}
