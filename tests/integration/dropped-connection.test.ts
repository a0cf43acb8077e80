import { neonConfig } from "@neondatabase/serverless";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { closeDb } from "@/lib/db/client";
import {
  type NeonWsProxy,
  routeNeonThroughProxy,
  startNeonWsProxy,
} from "../support/neon-ws-proxy";

/**
 * Neon closes the connections of a compute it suspends after a few idle minutes. A pooled
 * connection dropped while idle makes the pool emit "error", which crashes the process unless
 * someone listens. This runs the app's Neon client through a WebSocket proxy of its own (on
 * every suite, whatever the run's driver) and cuts the proxy under an idle connection.
 */
const saved = {
  driver: process.env.DATABASE_DRIVER,
  wsProxy: neonConfig.wsProxy,
  webSocketConstructor: neonConfig.webSocketConstructor,
  useSecureWebSocket: neonConfig.useSecureWebSocket,
  pipelineTLS: neonConfig.pipelineTLS,
  pipelineConnect: neonConfig.pipelineConnect,
};
let proxy: NeonWsProxy | undefined;

afterEach(async () => {
  await closeDb();
  await proxy?.stop();
  process.env.DATABASE_DRIVER = saved.driver;
  const { driver: _driver, ...config } = saved;
  Object.assign(neonConfig, config);
  vi.resetModules();
});

async function neonClientThroughNewProxy(databaseUrl: string) {
  proxy = await startNeonWsProxy(databaseUrl);
  routeNeonThroughProxy(proxy.address);
}

describe("a dropped idle database connection", () => {
  it("does not crash the process with the Neon driver, and the next query reconnects", async () => {
    const databaseUrl = process.env.DATABASE_URL as string;
    await closeDb();
    process.env.DATABASE_DRIVER = "neon";
    vi.resetModules();
    const { getDb } = await import("@/lib/db/client");
    await neonClientThroughNewProxy(databaseUrl);

    expect((await getDb().execute(sql`select 1 as one`)) as unknown).toMatchObject({
      rows: [{ one: 1 }],
    });
    // The pool now holds one idle connection; cut it, as a suspending compute would.
    await proxy?.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));

    await neonClientThroughNewProxy(databaseUrl);
    expect((await getDb().execute(sql`select 2 as two`)) as unknown).toMatchObject({
      rows: [{ two: 2 }],
    });
  });
});
