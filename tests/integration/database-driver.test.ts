import { sql } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { getDb } from "@/lib/db/client";

/**
 * CI runs this suite once per driver. A run that asked for the Neon driver but silently fell
 * back to node-postgres (or the reverse) must fail here, so the driver is read off the wire:
 * PostgreSQL names the client port of the connection that ran the query, and the WebSocket
 * proxy lists the ports of the connections it carries.
 */
async function portsCarriedByNeonProxy(): Promise<number[]> {
  const proxy = inject("neonWsProxy");
  if (!proxy) return [];
  const response = await fetch(`http://${new URL(`ws://${proxy}`).host}/connections`);
  return response.json();
}

describe("database driver", () => {
  it("serves the app's queries through the driver the run asked for (TEST_DATABASE_DRIVER)", async () => {
    // Both drivers answer with node-postgres's result shape; lib/db's type leaves it unknown.
    const { rows } = (await getDb().execute(sql`select inet_client_port() as port`)) as {
      rows: { port: number | null }[];
    };
    const port = rows[0]?.port ?? null;
    const servedBy =
      port !== null && (await portsCarriedByNeonProxy()).includes(port) ? "neon" : "pg";
    expect(servedBy).toBe(inject("databaseDriver"));
  });

  it("is a database of this worker's own, on every kind of database", async () => {
    // In one shared database, a file that moves the clock an hour ahead (a reset link gone
    // stale) has Better Auth delete every verification row "expired" by that clock: the live
    // passkey challenges of the files running beside it (global-setup.ts).
    const urls = inject("databaseUrls");
    expect(new Set(urls).size).toBe(urls.length);
    expect(urls.length).toBeGreaterThan(1);
    const { rows } = (await getDb().execute(sql`select current_database() as name`)) as {
      rows: { name: string }[];
    };
    const mine = urls[(Number(process.env.VITEST_POOL_ID ?? 1) - 1) % urls.length] ?? "";
    if (inject("databaseKind") === "postgres") {
      expect(rows[0]?.name).toBe(new URL(mine).pathname.slice(1));
    }
    expect(process.env.DATABASE_URL).toBe(mine);
  });
});
