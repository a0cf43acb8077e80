import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb } from "@/lib/db/client";
import { createSignedInUser } from "../support/auth";
import { jsonRequest } from "../support/http";
import { proxyDatabase, type TcpProxy } from "../support/tcp-proxy";

/**
 * The database stops mid-flight: the app must answer 503 JSON at once (not hang, not 500) and
 * recover by itself when it is back. The app reaches the database through a TCP proxy that
 * this test cuts; node-postgres is used whatever the suite's driver, since what is under test
 * is the answer, not the driver.
 */
const saved = { url: process.env.DATABASE_URL, driver: process.env.DATABASE_DRIVER };
let proxy: TcpProxy;
let routes: typeof import("@/app/api/tasks/route");
let user: Awaited<ReturnType<typeof createSignedInUser>>;

beforeAll(async () => {
  user = await createSignedInUser();
  const proxied = await proxyDatabase(saved.url ?? "");
  proxy = proxied.proxy;
  await closeDb();
  process.env.DATABASE_URL = proxied.url;
  process.env.DATABASE_DRIVER = "pg";
  vi.resetModules();
  routes = await import("@/app/api/tasks/route");
});

afterAll(async () => {
  await closeDb();
  await proxy.close();
  process.env.DATABASE_URL = saved.url;
  process.env.DATABASE_DRIVER = saved.driver;
  vi.resetModules();
});

const createTask = (title: string) =>
  routes.POST(jsonRequest("/api/tasks", { body: { title }, headers: user.headers }));

describe("when the database stops", () => {
  it("answers 503 JSON with Retry-After at once, and recovers without a restart", async () => {
    expect((await createTask("before")).status).toBe(201);

    proxy.cut();
    const started = performance.now();
    const during = await createTask("during");
    expect(performance.now() - started).toBeLessThan(3000);
    expect(during.status).toBe(503);
    expect(during.headers.get("retry-after")).toBe("5");
    const body = await during.json();
    expect(body.error.code).toBe("service_unavailable");
    expect(JSON.stringify(body)).not.toMatch(/ECONN|127\.0\.0\.1|stack/);

    proxy.restore();
    expect((await createTask("after")).status).toBe(201);
    const list = await routes.GET(
      jsonRequest("/api/tasks", { method: "GET", headers: user.headers }),
    );
    const titles = (await list.json()).items.map((task: { title: string }) => task.title);
    expect(titles.sort()).toEqual(["after", "before"]);
  });
});
