import { afterEach, describe, expect, inject, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { importWithEnv, restoreEnv } from "../support/isolation";
import { startUpstashBridge } from "../support/upstash-bridge";

const redisUrl = inject("redisUrl");

function loadHealthRoute(env: Record<string, string | undefined> = {}) {
  return importWithEnv(() => import("@/app/api/health/route"), env);
}

describe("GET /api/health", () => {
  const databaseUrl = process.env.DATABASE_URL;
  afterEach(async () => {
    await closeDb();
    process.env.DATABASE_URL = databaseUrl;
    restoreEnv();
  });

  it("answers 200 when the database answers", async () => {
    const { GET } = await loadHealthRoute();
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", db: "ok", rateLimits: "memory" });
  });

  it("answers 503 naming the database when it cannot be reached", async () => {
    await closeDb();
    // Port 9 (discard) has no PostgreSQL behind it: the connection is refused at once.
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:9/none";
    const { GET } = await loadHealthRoute();
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: "error",
      db: "unavailable",
      rateLimits: "memory",
    });
  });

  it.skipIf(!redisUrl)("reports Redis-backed limits while Redis answers", async () => {
    const bridge = await startUpstashBridge(redisUrl ?? "");
    try {
      const { GET } = await loadHealthRoute({
        UPSTASH_REDIS_REST_URL: bridge.url,
        UPSTASH_REDIS_REST_TOKEN: bridge.token,
        RATE_LIMIT_REDIS_TIMEOUT_MS: "3000",
      });
      const response = await GET();
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        status: "ok",
        db: "ok",
        rateLimits: "redis",
        redis: "ok",
      });
    } finally {
      await bridge.close();
    }
  });

  it("stays ready when Redis is down, reporting in-process limits", async () => {
    const { GET } = await loadHealthRoute({
      // Nothing listens on port 9: every Redis call is refused, as in an outage.
      UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9",
      UPSTASH_REDIS_REST_TOKEN: "token",
    });
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      db: "ok",
      rateLimits: "memory",
      redis: "unavailable",
    });
  });
});

describe("GET /api/health/live", () => {
  afterEach(restoreEnv);

  it("answers 200 with no database at all", async () => {
    await closeDb();
    const { GET } = await importWithEnv(() => import("@/app/api/health/live/route"), {
      DATABASE_URL: "postgres://postgres@127.0.0.1:9/none",
    });
    const response = GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok" });
  });
});
