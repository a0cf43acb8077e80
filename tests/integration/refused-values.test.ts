import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { handleRoute } from "@/lib/http/handle-route";
import { captureConsole } from "../support/console";
import { jsonRequest } from "../support/http";

/**
 * A value PostgreSQL refuses (a data exception) that reached a statement past every check: the
 * answer is bad input's, a 400 in the one shape, and the log names the refusal without the value,
 * so a missing check is found in the log instead of by a user's 500.
 */
afterEach(() => {
  vi.restoreAllMocks();
});

const statementWith = (value: SQL) =>
  handleRoute(async () => {
    await getDb().execute(value);
    return Response.json({ ok: true });
  });
type SQL = ReturnType<typeof sql>;

describe("a value the database refuses", () => {
  it.each([
    ["a NUL in text", sql`select ${"before\u0000after"}::text`],
    ["text that is no uuid", sql`select ${"not-a-uuid"}::uuid`],
    ["a number out of range", sql`select ${"99999999999"}::integer`],
  ])("is a 400 in the one error shape: %s", async (_, statement) => {
    const lines = captureConsole();
    const response = await statementWith(statement)(
      jsonRequest("/api/anything", { method: "GET" }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: "invalid_value", message: "A value in the request cannot be stored or read" },
    });
    const logged = lines.join("\n");
    expect(logged).toContain("value_refused_by_database");
    expect(logged).not.toMatch(/not-a-uuid|99999999999|before/);
  });
});
