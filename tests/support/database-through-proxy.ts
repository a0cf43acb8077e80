import { vi } from "vitest";
import { closeDb } from "@/lib/db/client";
import { proxyDatabase, type TcpProxy } from "./tcp-proxy";

/**
 * For fault tests: the app's modules imported from now on reach this worker's database through a
 * TCP proxy the test can cut or stall, with node-postgres whatever the suite's driver (what is
 * under test is the answer, not the driver). `undo` puts the database and the modules back.
 */
export async function routeDatabaseThroughProxy(): Promise<{
  proxy: TcpProxy;
  undo: () => Promise<void>;
}> {
  const saved = { url: process.env.DATABASE_URL, driver: process.env.DATABASE_DRIVER };
  const { proxy, url } = await proxyDatabase(saved.url ?? "");
  await closeDb();
  process.env.DATABASE_URL = url;
  process.env.DATABASE_DRIVER = "pg";
  vi.resetModules();
  const undo = async () => {
    await closeDb();
    await proxy.close();
    process.env.DATABASE_URL = saved.url;
    process.env.DATABASE_DRIVER = saved.driver;
    vi.resetModules();
  };
  return { proxy, undo };
}
