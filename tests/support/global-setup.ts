import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import type { DriverName } from "@/lib/db/client";
import { generateSigningKey } from "@/lib/env/generate-signing-key";
import { startNeonWsProxy } from "./neon-ws-proxy";
import {
  createTestDatabase,
  embeddedTemplate,
  startEmbeddedDatabaseThread,
  type TestDatabase,
} from "./test-database";

/**
 * One database per test worker, migrated from drizzle/ and dropped afterwards: fresh databases
 * on the server named by TEST_DATABASE_URL, or in-memory embedded PGlites when it is unset.
 *
 * JWT_ALGORITHM=ES256 runs the whole suite with ES256 access tokens under a fresh key pair
 * (CI's neon suite does); the default is HS256 under a fresh JWT_SECRET_KEY.
 *
 * TEST_DATABASE_DRIVER=neon runs the app's queries through @neondatabase/serverless (the Pool
 * production uses) instead of node-postgres: a local WebSocket-to-TCP proxy stands in for Neon.
 */
declare module "vitest" {
  export interface ProvidedContext {
    /** The run's databases, one per worker (`VITEST_POOL_ID`, 1-based). */
    databaseUrls: string[];
    databaseKind: "postgres" | "embedded";
    /** TEST_DATABASE_URL, for tests that need a database of their own on the same server. */
    databaseServer: string | null;
    /** Embedded runs: the migrated, empty database as a file, to start private ones from. */
    embeddedTemplate: string | null;
    databaseDriver: DriverName;
    /** host:port/path of the WebSocket proxy when databaseDriver is "neon". */
    neonWsProxy: string | null;
    secrets: {
      BETTER_AUTH_SECRET: string;
      JWT_SECRET_KEY: string;
      JWT_ALGORITHM: JwtAlgorithm;
      JWT_SIGNING_KEY?: string;
    };
    /** TEST_REDIS_URL: the Redis behind tests/support/upstash-bridge.ts, or null (skip). */
    redisUrl: string | null;
  }
}

export default async function setup(project: TestProject) {
  const redisUrl = process.env.TEST_REDIS_URL;
  // Locally the Redis tests may be skipped; CI must run them, and says so before anything else.
  if (!redisUrl && process.env.CI) {
    throw new Error("CI runs the Redis tests: set TEST_REDIS_URL=redis://127.0.0.1:6379");
  }
  project.provide("redisUrl", redisUrl ?? null);

  const server = process.env.TEST_DATABASE_URL || undefined;
  const driver = driverFrom(process.env.TEST_DATABASE_DRIVER, server);
  const template = server ? null : await embeddedTemplate();
  // Each worker has a database of its own, so no test file can touch another's rows:
  // - A test that moves the clock forward (a reset link an hour old) runs Better Auth's cleanup
  //   of expired verification rows by that clock: in one shared database it deleted the live
  //   passkey challenges of the files running beside it (CHALLENGE_NOT_FOUND, about once a
  //   full run, never in a file alone).
  // - PGlite answers one query at a time for all its connections: workers sharing one waited on
  //   each other's transactions (a fuzz file took 7x longer beside the others). Each embedded one
  //   starts from the template on a thread of its own (off this process's thread, which also
  //   serves the workers' module requests).
  const databases = await Promise.all(
    Array.from({ length: project.config.maxWorkers }, () =>
      template ? startEmbeddedDatabaseThread(template) : createTestDatabase(server),
    ),
  );
  const [first] = databases as [TestDatabase];
  const proxy = driver === "neon" ? await startNeonWsProxy(first.url) : undefined;

  project.provide(
    "databaseUrls",
    databases.map(({ url }) => url),
  );
  project.provide("databaseKind", server ? "postgres" : "embedded");
  project.provide("databaseServer", server ?? null);
  project.provide("embeddedTemplate", template);
  project.provide("databaseDriver", driver);
  project.provide("neonWsProxy", proxy?.address ?? null);
  const algorithm = algorithmFrom(process.env.JWT_ALGORITHM);
  project.provide("secrets", {
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
    JWT_SECRET_KEY: randomBytes(32).toString("base64url"),
    JWT_ALGORITHM: algorithm,
    ...(algorithm === "ES256" ? { JWT_SIGNING_KEY: generateSigningKey().jwk } : {}),
  });
  console.log(
    `[tests] database: ${server ? "PostgreSQL server (TEST_DATABASE_URL)" : "embedded PGlite"}, driver: ${driver === "neon" ? "@neondatabase/serverless over a local WebSocket proxy" : "node-postgres"}`,
  );
  console.log(`[tests] access tokens: ${algorithm}`);
  console.log(
    `[tests] redis: ${redisUrl ? "TEST_REDIS_URL" : "none (TEST_REDIS_URL unset: skipped)"}`,
  );
  return async () => {
    await proxy?.stop();
    await Promise.all(databases.map(({ drop }) => drop()));
  };
}

type JwtAlgorithm = "HS256" | "ES256";

function algorithmFrom(value: string | undefined): JwtAlgorithm {
  if (!value) return "HS256";
  if (value === "HS256" || value === "ES256") return value;
  throw new Error(`JWT_ALGORITHM must be "HS256" or "ES256", not "${value}"`);
}

function driverFrom(value: string | undefined, server: string | undefined): DriverName {
  if (!value || value === "pg") return "pg";
  if (value !== "neon") {
    throw new Error(`TEST_DATABASE_DRIVER must be "pg" or "neon", not "${value}"`);
  }
  // PGlite's single query queue is no stand-in for the server Neon runs.
  if (!server) {
    throw new Error("TEST_DATABASE_DRIVER=neon needs TEST_DATABASE_URL (a PostgreSQL server)");
  }
  return "neon";
}
