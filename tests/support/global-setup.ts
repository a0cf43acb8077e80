import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { createTestDatabase } from "./test-database";

/**
 * One database per test run, migrated from drizzle/ and dropped afterwards: a fresh database on
 * the server named by TEST_DATABASE_URL, or an in-memory embedded PGlite when it is unset.
 */
declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "postgres" | "embedded";
    secrets: { BETTER_AUTH_SECRET: string; JWT_SECRET_KEY: string };
  }
}

export default async function setup(project: TestProject) {
  const database = await createTestDatabase();
  project.provide("databaseUrl", database.url);
  project.provide("databaseKind", database.kind);
  project.provide("secrets", {
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
    JWT_SECRET_KEY: randomBytes(32).toString("base64url"),
  });
  console.log(
    `[tests] database: ${database.kind === "postgres" ? "PostgreSQL server (TEST_DATABASE_URL)" : "embedded PGlite"}`,
  );
  return database.drop;
}
