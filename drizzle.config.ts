import { defineConfig } from "drizzle-kit";

// Used by `npm run db:generate` only; migrations are applied by `npm run db:migrate`.
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/schema.ts",
  out: "./drizzle",
});
