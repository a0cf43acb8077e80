/**
 * `npm run db:prune`: deletes expired sessions with their refresh tokens, expired verification
 * rows, API keys and authorization and device codes, self-registered apps nobody allowed, and old
 * security events and admin actions (lib/maintenance/prune.ts), in bounded batches, until nothing
 * is left. The same prune runs daily as a Vercel Cron job (app/api/cron/prune). Needs only
 * DATABASE_URL (and SECURITY_EVENT_RETENTION_DAYS, default 90), over node-postgres like the
 * migrator.
 */
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import * as schema from "@/lib/db/schema";
import { parseMaintenanceEnv } from "@/lib/env";
import { pruneExpiredData } from "@/lib/maintenance/prune";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("Set DATABASE_URL to the database to prune.");
  process.exit(1);
}
const { SECURITY_EVENT_RETENTION_DAYS: retentionDays } = parseMaintenanceEnv(process.env);

const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
try {
  const report = await pruneExpiredData(drizzle({ client, schema }), { retentionDays });
  console.log(
    `Pruned ${report.refreshTokens} refresh token(s), ${report.sessions} expired session(s), ` +
      `${report.verifications} expired verification row(s), ${report.apiKeys} expired API ` +
      `key(s), ${report.authorizationCodes} expired authorization code(s), ` +
      `${report.deviceCodes} expired device code(s), ${report.unclaimedClients} self-registered ` +
      `app(s) nobody allowed, ${report.expiredInvitations} workspace invitation(s) a month ` +
      `past expiry, ${report.securityEvents} security event(s) and ` +
      `${report.adminActions} admin action(s) older than ${retentionDays} days, in ` +
      `${report.durationMs} ms.`,
  );
} finally {
  await client.end();
}
