/**
 * `npm run auth:revoke-all`: signs every user out of every device, for a suspected token leak
 * (docs/deploy.md). Needs only DATABASE_URL, so an operator can run it from any machine; like
 * the migrator it connects over node-postgres, which Neon accepts as well.
 */
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { revokeAllSessions } from "@/lib/auth/account/revoke-all-sessions";
import * as schema from "@/lib/db/schema";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("Set DATABASE_URL to the database whose sessions should be revoked.");
  process.exit(1);
}

const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
try {
  const revoked = await revokeAllSessions(drizzle({ client, schema }));
  console.log(
    `Revoked ${revoked} session(s): every refresh token is dead, and every access token fails its next check.`,
  );
} finally {
  await client.end();
}
