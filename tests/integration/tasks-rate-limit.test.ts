import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as stats } from "@/app/api/stats/route";
import { GET as getTask } from "@/app/api/tasks/[id]/route";
import { GET as listTasks } from "@/app/api/tasks/route";
import { createSignedInUser } from "../support/auth";
import { jsonRequest } from "../support/http";
import { freezeClockMidMinute } from "../support/isolation";

describe("the task API's per-user limit (300 requests a minute)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("answers 429 with Retry-After on request 301, across every task route, for that user only", async () => {
    freezeClockMidMinute();
    const alice = await createSignedInUser();
    const bob = await createSignedInUser();
    const missing = "00000000-0000-4000-8000-000000000000";
    const read = (headers: Record<string, string>) =>
      getTask(jsonRequest(`/api/tasks/${missing}`, { method: "GET", headers }), {
        params: Promise.resolve({ id: missing }),
      });

    for (let batch = 0; batch < 6; batch++) {
      const statuses = await Promise.all(Array.from({ length: 50 }, () => read(alice.headers)));
      expect(statuses.map((response) => response.status)).toEqual(Array(50).fill(404));
    }
    for (const response of [
      await read(alice.headers),
      await listTasks(jsonRequest("/api/tasks", { method: "GET", headers: alice.headers })),
      await stats(jsonRequest("/api/stats", { method: "GET", headers: alice.headers })),
    ]) {
      expect(response.status).toBe(429);
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await response.json()).error.code).toBe("rate_limited");
    }
    expect((await read(bob.headers)).status).toBe(404);
  });
});
