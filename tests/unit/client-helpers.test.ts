import { describe, expect, it } from "vitest";
import { apiErrorFrom, formatWait, parseRetryAfter } from "@/lib/client/api-error";
import { addDays, dueState, todayIn } from "@/lib/client/dates";
import { filterParams } from "@/lib/client/tasks-api";

describe("apiErrorFrom (what forms show of a refused call)", () => {
  it("keeps our error shape's code, message and field errors", async () => {
    const response = Response.json(
      { error: { code: "validation_error", message: "Invalid input", fields: { email: ["Bad"] } } },
      { status: 400 },
    );
    const error = await apiErrorFrom(response);
    expect(error).toMatchObject({
      status: 400,
      code: "validation_error",
      message: "Invalid input",
    });
    expect(error.fields).toEqual({ email: ["Bad"] });
  });

  it("reads Better Auth's own { code, message } too", async () => {
    const error = await apiErrorFrom(
      Response.json({ code: "INVALID_PASSWORD", message: "Invalid password" }, { status: 400 }),
    );
    expect(error).toMatchObject({ code: "INVALID_PASSWORD", message: "Invalid password" });
  });

  it("turns a 429 into when to try again, from Retry-After", async () => {
    const error = await apiErrorFrom(
      new Response(null, { status: 429, headers: { "retry-after": "42" } }),
    );
    expect(error.retryAfterSeconds).toBe(42);
    expect(error.message).toBe("Too many attempts. Try again in 42 seconds.");
  });

  it("says something useful when the body is not JSON", async () => {
    const error = await apiErrorFrom(new Response("<html>", { status: 502 }));
    expect(error.message).toBe("Something went wrong on our side. Please try again.");
  });
});

describe("parseRetryAfter and formatWait", () => {
  it("reads seconds and HTTP dates, never a negative wait", () => {
    const now = Date.parse("2026-03-05T10:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7);
    expect(parseRetryAfter("Thu, 05 Mar 2026 10:01:30 GMT", now)).toBe(90);
    expect(parseRetryAfter("Thu, 05 Mar 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });

  it("says seconds under a minute and whole minutes above", () => {
    expect(formatWait(1)).toBe("1 second");
    expect(formatWait(59)).toBe("59 seconds");
    expect(formatWait(61)).toBe("2 minutes");
  });
});

describe("due dates in the user's calendar", () => {
  it("takes today in the user's time zone, not the server's", () => {
    const lateEvening = new Date("2026-03-05T23:30:00Z");
    expect(todayIn("UTC", lateEvening)).toBe("2026-03-05");
    expect(todayIn("Asia/Tokyo", lateEvening)).toBe("2026-03-06");
    expect(todayIn("America/Los_Angeles", lateEvening)).toBe("2026-03-05");
  });

  it("adds days across month ends", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
  });

  it("labels overdue, today, tomorrow and later; a done task is never overdue", () => {
    const today = "2026-03-05";
    expect(dueState("2026-03-01", today, false)).toEqual({
      label: "Overdue · Mar 1",
      tone: "overdue",
    });
    expect(dueState("2026-03-01", today, true).tone).toBe("later");
    expect(dueState(today, today, false).label).toBe("Due today");
    expect(dueState("2026-03-06", today, false).label).toBe("Due tomorrow");
    expect(dueState("2027-01-10", today, false).label).toBe("Due Jan 10, 2027");
  });
});

describe("filterParams (the dashboard's URL and API query)", () => {
  it("leaves out what is default or empty", () => {
    expect(filterParams({ sort: "-createdAt" }).toString()).toBe("");
    expect(
      filterParams({
        sort: "title",
        status: "completed",
        q: "tax",
        priority: undefined,
      }).toString(),
    ).toBe("sort=title&status=completed&q=tax");
  });
});
