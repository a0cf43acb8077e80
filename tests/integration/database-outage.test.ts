import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSignedInUser } from "../support/auth";
import { routeDatabaseThroughProxy } from "../support/database-through-proxy";
import { jsonRequest } from "../support/http";
import type { TcpProxy } from "../support/tcp-proxy";

/**
 * The database stops mid-flight: the app must answer 503 JSON at once (not hang, not 500) and
 * recover by itself when it is back. The app reaches the database through a TCP proxy that
 * this test cuts; node-postgres is used whatever the suite's driver, since what is under test
 * is the answer, not the driver.
 */
let proxy: TcpProxy;
let undo: () => Promise<void>;
let routes: typeof import("@/app/api/tasks/route");
let user: Awaited<ReturnType<typeof createSignedInUser>>;

beforeAll(async () => {
  user = await createSignedInUser();
  ({ proxy, undo } = await routeDatabaseThroughProxy());
  routes = await import("@/app/api/tasks/route");
});

afterAll(() => undo());

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
