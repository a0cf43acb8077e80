import { sql } from "drizzle-orm";
import { getDb } from "./client";

const HEALTH_TIMEOUT_MS = 2_000;

/** True when the database answers a trivial query within two seconds. */
export async function isDatabaseHealthy(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), HEALTH_TIMEOUT_MS);
  });
  const query = getDb()
    .execute(sql`select 1`)
    .then(() => true)
    .catch(() => false);
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
