import { afterEach, describe, expect, it, vi } from "vitest";
import { closeDb } from "@/lib/db/client";

async function loadHealthRoute() {
  vi.resetModules();
  return import("@/app/api/health/route");
}

describe("GET /api/health", () => {
  const databaseUrl = process.env.DATABASE_URL;
  afterEach(async () => {
    await closeDb();
    process.env.DATABASE_URL = databaseUrl;
  });

  it("answers 200 when the database answers", async () => {
    const { GET } = await loadHealthRoute();
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", db: "ok" });
  });

  it("answers 503 naming the database when it cannot be reached", async () => {
    await closeDb();
    // Port 9 (discard) has no PostgreSQL behind it: the connection is refused at once.
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:9/none";
    const { GET } = await loadHealthRoute();
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "error", db: "unavailable" });
  });
});
