/**
 * `npm run db:seed`: demo accounts on the development database (DATABASE_URL, or the embedded
 * one), to look around with: a member with a few tasks and an admin (lib/dev/demo-accounts.ts).
 * Refuses to run with NODE_ENV=production: a known password has no place there.
 */
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import * as schema from "@/lib/db/schema";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from "@/lib/dev/demo-accounts";
import { openLocalDatabase } from "@/lib/dev/local-database";

if (process.env.NODE_ENV === "production") {
  console.error("Refusing to seed demo accounts with NODE_ENV=production");
  process.exit(1);
}

const database = await openLocalDatabase(process.env.DATABASE_URL);
const client = new pg.Client({ connectionString: database.url });
await client.connect();
try {
  await seedDemoAccounts(drizzle({ client, schema }));
  console.log("Demo accounts ready. Sign in with either, password", `"${DEMO_PASSWORD}":`);
  for (const demo of DEMO_ACCOUNTS) console.log(`  ${demo.email}  (${demo.role})`);
} finally {
  await client.end();
  await database.stop();
}
