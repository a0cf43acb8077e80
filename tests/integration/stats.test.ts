import { describe, expect, it } from "vitest";
import { GET as statsRoute } from "@/app/api/stats/route";
import type { TaskStats } from "@/lib/tasks/stats";
import { insertTasks } from "../support/data";
import { jsonRequest } from "../support/http";
import { signedInTaskUser } from "../support/tasks";

const DAY_MS = 86_400_000;

/** The calendar date of an instant in a time zone, as YYYY-MM-DD (computed by ICU, not SQL). */
function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(instant);
}

const utcMidnight = (daysAgo: number) => {
  const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  return new Date(today.getTime() - daysAgo * DAY_MS);
};

function getStats(headers: Record<string, string>, query = "") {
  return statsRoute(jsonRequest(`/api/stats${query}`, { method: "GET", headers }));
}

async function stats(headers: Record<string, string>, query = ""): Promise<TaskStats> {
  const response = await getStats(headers, query);
  expect(response.status).toBe(200);
  return response.json();
}

const countOn = (result: TaskStats, date: string) =>
  result.completedPerDay.find((day) => day.date === date)?.count;

describe("GET /api/stats", () => {
  it("answers 401 without a signed-in user", async () => {
    const response = await getStats({});
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("unauthenticated");
  });

  it("answers zeros and 14 zero-filled days ending today for a user with no tasks", async () => {
    const { headers } = await signedInTaskUser();
    const result = await stats(headers);
    expect(result).toEqual({
      total: 0,
      pending: 0,
      completed: 0,
      overdue: 0,
      dueToday: 0,
      completionRate: 0,
      byPriority: { low: 0, medium: 0, high: 0 },
      completedPerDay: Array.from({ length: 14 }, (_, index) => ({
        date: localDate(new Date(Date.now() - (13 - index) * DAY_MS), "UTC"),
        count: 0,
      })),
    });
  });

  it("counts the caller's tasks only, by status, due date, priority and completion day", async () => {
    const { user, headers, api } = await signedInTaskUser();
    const today = localDate(new Date(), "UTC");
    const daysAgo = (days: number) => localDate(new Date(Date.now() - days * DAY_MS), "UTC");
    const yesterdayNoon = new Date(utcMidnight(1).getTime() + DAY_MS / 2);
    const rows = [
      { title: "late", priority: "high", dueDate: daysAgo(3) },
      { title: "due today", priority: "medium", dueDate: today },
      { title: "undated", priority: "low", dueDate: null },
      { title: "done today", status: "completed", priority: "low", dueDate: today },
      { title: "done late", status: "completed", priority: "medium", dueDate: daysAgo(5) },
      { title: "done long ago", status: "completed", priority: "high", dueDate: null },
    ] as const;
    const completedAt = [null, null, null, new Date(), yesterdayNoon, utcMidnight(20)];
    await insertTasks(
      user.id,
      rows.map((row, index) => ({ ...row, completedAt: completedAt[index] })),
    );
    const stranger = await signedInTaskUser();
    await insertTasks(stranger.user.id, [
      { title: "not mine", dueDate: daysAgo(1) },
      { title: "not mine either", status: "completed", completedAt: new Date(), dueDate: today },
    ]);

    const result = await stats(headers);
    expect(result).toMatchObject({
      total: 6,
      pending: 3,
      completed: 3,
      overdue: 1,
      dueToday: 2,
      completionRate: 0.5,
      byPriority: { low: 2, medium: 2, high: 2 },
    });
    expect(result.completedPerDay.at(-1)).toEqual({ date: today, count: 1 });
    expect(countOn(result, daysAgo(1))).toBe(1);
    expect(result.completedPerDay.reduce((sum, day) => sum + day.count, 0)).toBe(2);

    // The list filters and the statistics agree on what overdue and due today mean.
    expect((await api.page("?due=overdue")).items).toHaveLength(result.overdue);
    expect((await api.page("?due=today")).items).toHaveLength(result.dueToday);
  });

  it("answers the completion rate as a fraction of all tasks", async () => {
    const { user, headers } = await signedInTaskUser();
    await insertTasks(user.id, [
      { title: "one", status: "completed", completedAt: new Date() },
      { title: "two" },
      { title: "three" },
    ]);
    expect((await stats(headers)).completionRate).toBeCloseTo(1 / 3, 10);
  });

  it("dates a completion at 23:30 UTC on the next day in Asia/Tokyo and the same day in UTC", async () => {
    const { user, headers } = await signedInTaskUser();
    const lateEvening = new Date(utcMidnight(2).getTime() + 23.5 * 3_600_000);
    await insertTasks(user.id, [{ title: "late", status: "completed", completedAt: lateEvening }]);
    const utcDay = localDate(lateEvening, "UTC");
    const tokyoDay = localDate(lateEvening, "Asia/Tokyo");
    expect(tokyoDay).toBe(localDate(new Date(lateEvening.getTime() + DAY_MS), "UTC"));

    const inUtc = await stats(headers, "?tz=UTC");
    expect(countOn(inUtc, utcDay)).toBe(1);
    expect(countOn(inUtc, tokyoDay)).toBe(0);

    const inTokyo = await stats(headers, "?tz=Asia/Tokyo");
    expect(countOn(inTokyo, tokyoDay)).toBe(1);
    expect(countOn(inTokyo, utcDay)).toBe(0);
    expect(inTokyo.completedPerDay.at(-1)?.date).toBe(localDate(new Date(), "Asia/Tokyo"));
  });

  it("dates a completion at 03:00 UTC on the previous day in America/Los_Angeles", async () => {
    const { user, headers } = await signedInTaskUser();
    const earlyMorning = new Date(utcMidnight(2).getTime() + 3 * 3_600_000);
    await insertTasks(user.id, [
      { title: "early", status: "completed", completedAt: earlyMorning },
    ]);
    const laDay = localDate(earlyMorning, "America/Los_Angeles");
    expect(laDay).not.toBe(localDate(earlyMorning, "UTC"));
    const result = await stats(headers, "?tz=America/Los_Angeles");
    expect(countOn(result, laDay)).toBe(1);
    expect(result.completedPerDay.reduce((sum, day) => sum + day.count, 0)).toBe(1);
  });

  it("counts completions from local midnight 13 days ago, and none before it", async () => {
    const { user, headers } = await signedInTaskUser();
    const firstDay = utcMidnight(13);
    await insertTasks(user.id, [
      { title: "first instant", status: "completed", completedAt: firstDay },
      { title: "just before", status: "completed", completedAt: new Date(firstDay.getTime() - 1) },
    ]);
    const result = await stats(headers, "?tz=UTC");
    expect(result.completedPerDay[0]).toEqual({ date: localDate(firstDay, "UTC"), count: 1 });
    expect(result.completedPerDay.reduce((sum, day) => sum + day.count, 0)).toBe(1);
    expect(result.completed).toBe(2);
  });

  it("decides due today and overdue by the caller's calendar date", async () => {
    const { user, headers, api } = await signedInTaskUser();
    // UTC+14 and UTC-11: 25 hours apart, so their dates always differ.
    const now = new Date();
    const kiritimatiToday = localDate(now, "Pacific/Kiritimati");
    const pagoPagoToday = localDate(now, "Pacific/Pago_Pago");
    await insertTasks(user.id, [
      { title: "due in Kiritimati", dueDate: kiritimatiToday },
      { title: "due in Pago Pago", dueDate: pagoPagoToday },
    ]);
    expect(await stats(headers, "?tz=Pacific/Kiritimati")).toMatchObject({
      dueToday: 1,
      overdue: 1,
    });
    expect(await stats(headers, "?tz=Pacific/Pago_Pago")).toMatchObject({
      dueToday: 1,
      overdue: 0,
    });
    const dueToday = await api.page("?due=today&tz=Pacific/Kiritimati");
    expect(dueToday.items.map((task) => task.title)).toEqual(["due in Kiritimati"]);
  });

  it("accepts IANA names in any case and their aliases", async () => {
    const { headers } = await signedInTaskUser();
    const today = localDate(new Date(), "Asia/Tokyo");
    expect((await stats(headers, "?tz=asia/tokyo")).completedPerDay.at(-1)?.date).toBe(today);
    expect((await stats(headers, "?tz=Japan")).completedPerDay.at(-1)?.date).toBe(today);
  });

  it("refuses an unknown time zone, an offset and unknown parameters with 400", async () => {
    const { headers } = await signedInTaskUser();
    const cases: [string, string][] = [
      ["?tz=Mars/Olympus_Mons", "tz"],
      ["?tz=%2B09:00", "tz"],
      ["?tz=UTC%2B9", "tz"],
      ["?tz=", "tz"],
      [`?tz=${encodeURIComponent("UTC'; DROP TABLE tasks;--")}`, "tz"],
      ["?tz=UTC&tz=Asia/Tokyo", "tz"],
      ["?days=30", ""],
    ];
    for (const [query, field] of cases) {
      const response = await getStats(headers, query);
      expect(response.status, query).toBe(400);
      const { error } = await response.json();
      expect(error.code).toBe("validation_error");
      expect(Object.keys(error.fields), query).toContain(field);
    }
  });
});
