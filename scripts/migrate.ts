/** `npm run db:migrate`: applies drizzle/ to DATABASE_URL, or to the embedded database. */
import { openLocalDatabase } from "@/lib/dev/local-database";

const database = await openLocalDatabase(process.env.DATABASE_URL);
await database.stop();
console.log(
  `Migrations applied (${database.embedded ? "embedded database in .data/pglite" : "DATABASE_URL"})`,
);
