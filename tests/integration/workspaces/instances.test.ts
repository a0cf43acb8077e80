import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { COMMAND_TEST_TIMEOUT } from "../../support/child-process";
import { TEST_ORIGIN, uniqueClientIp } from "../../support/http";
import { workspaceWithMember } from "../../support/workspaces";

/**
 * Removal and demotion across two server processes sharing one database: each instance checks
 * membership and role inside its own statements, so a change made through one is refused by the
 * other on the very next request, with nothing to invalidate between them.
 */
type Instance = { origin: string; process: ChildProcess };

async function startInstance(): Promise<Instance> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "tests/support/workspace-instance.ts"],
    {
      // Through Neon's driver, the instance reaches PostgreSQL through the suite's stand-in for
      // Neon's WebSocket endpoint, as this process does (tests/support/setup.ts).
      env: { ...process.env, TEST_NEON_WS_PROXY: inject("neonWsProxy") ?? "" },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let output = "";
  child.stdout?.setEncoding("utf8");
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: string) => {
      output += chunk;
      const origin = /listening (\S+)/.exec(output)?.[1];
      if (origin) resolve(origin);
    });
    child.once("exit", (code) => reject(new Error(`instance exited with ${code}: ${output}`)));
  });
  return { origin: await listening, process: child };
}

function call(instance: Instance, token: string, method: string, path: string, body?: unknown) {
  return fetch(`${instance.origin}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      origin: TEST_ORIGIN,
      "x-real-ip": uniqueClientIp(),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

let one: Instance;
let two: Instance;

beforeAll(async () => {
  [one, two] = await Promise.all([startInstance(), startInstance()]);
}, COMMAND_TEST_TIMEOUT);

afterAll(async () => {
  for (const instance of [one, two]) {
    if (!instance) continue;
    instance.process.kill("SIGTERM");
    await once(instance.process, "exit");
  }
});

describe("two instances of the app, one database", () => {
  it("a member removed through one is refused by the other on its next request", async () => {
    const { id, owner, member } = await workspaceWithMember("member");
    const tasks = `/api/workspaces/${id}/tasks`;
    expect((await call(two, member.accessToken, "GET", tasks)).status).toBe(200);

    const removed = await call(
      one,
      owner.accessToken,
      "DELETE",
      `/api/workspaces/${id}/members/${member.user.id}`,
    );
    expect(removed.status).toBe(204);
    expect((await call(two, member.accessToken, "GET", tasks)).status).toBe(404);
  });

  it("an admin demoted through one has the next write refused by the other", async () => {
    const { id, owner, member: admin } = await workspaceWithMember("admin");
    const tasks = `/api/workspaces/${id}/tasks`;
    expect((await call(one, admin.accessToken, "POST", tasks, { title: "before" })).status).toBe(
      201,
    );

    const demoted = await call(
      two,
      owner.accessToken,
      "PATCH",
      `/api/workspaces/${id}/members/${admin.user.id}`,
      { role: "viewer" },
    );
    expect(demoted.status).toBe(204);
    expect((await call(one, admin.accessToken, "POST", tasks, { title: "after" })).status).toBe(
      403,
    );
    expect((await call(one, admin.accessToken, "GET", tasks)).status).toBe(200);
  });
});
