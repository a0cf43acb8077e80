import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EmailMessage, EmailSender } from "./message";

/**
 * Development outbox: each message as a JSON file, named so that names sort by time. Readable
 * by the owner only (reset links are credentials), and git-ignored under .data/.
 */
export type OutboxMessage = EmailMessage & { id: string; from: string; sentAt: string };

let sequence = 0;

export function createOutboxSender(directory: string, from: string): EmailSender {
  return {
    transport: "outbox",
    async send(message) {
      const sentAt = new Date().toISOString();
      // Time, then a per-process sequence (two messages can share a millisecond), then random
      // bytes (two processes can share one outbox): names sort in the order sent.
      sequence += 1;
      const order = String(sequence).padStart(8, "0");
      const id = `${sentAt.replace(/[:.]/g, "-")}-${order}-${randomBytes(4).toString("hex")}`;
      const stored: OutboxMessage = { id, from, sentAt, ...message };
      await mkdir(directory, { recursive: true, mode: 0o700 });
      // Written aside, then renamed (atomic in one directory): a reader listing the outbox meanwhile
      // (the /dev/outbox page, a test waiting for a link) sees the whole message or none of it.
      const file = path.join(directory, `${id}.json`);
      await writeFile(`${file}.partial`, JSON.stringify(stored, null, 2), { mode: 0o600 });
      await rename(`${file}.partial`, file);
    },
  };
}

/** Newest first. A missing outbox is an empty one. */
export async function readOutbox(directory: string): Promise<OutboxMessage[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const files = names
    .filter((name) => name.endsWith(".json"))
    .sort()
    .reverse();
  return Promise.all(
    files.map(async (name) => JSON.parse(await readFile(path.join(directory, name), "utf8"))),
  );
}
