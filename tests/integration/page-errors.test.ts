import { inspect } from "node:util";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { onRequestError } from "@/instrumentation";
import { getDb } from "@/lib/db/client";
import { withErrorsScrubbed } from "@/lib/http/log";
import { captureConsole } from "../support/console";

afterEach(() => vi.restoreAllMocks());

/** A real failed drizzle query whose parameter is user input, as a page's data load throws it. */
async function failedQuery(userInput: string): Promise<Error> {
  try {
    await getDb().execute(sql`select ${userInput}::int as n`);
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the query to fail");
}

describe("errors thrown while a page loads its data (instrumentation.ts onRequestError)", () => {
  it("logs one line like a route error: request id, path without query, no SQL parameters", async () => {
    const input = "secret-search-words";
    const error = await failedQuery(input);
    Object.assign(error, { digest: "1234567" });
    const lines = captureConsole();
    await onRequestError(
      error,
      {
        path: `/dashboard?q=${input}`,
        method: "GET",
        headers: { "x-request-id": "5f0c-request", cookie: "access_token=secret-cookie" },
      },
      {
        routerKind: "App Router",
        routePath: "/dashboard",
        routeType: "render",
        revalidateReason: undefined,
      },
    );
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? "");
    expect(line).toMatchObject({
      level: "error",
      event: "unhandled_error",
      requestId: "5f0c-request",
      method: "GET",
      path: "/dashboard",
      route: "/dashboard",
      digest: "1234567",
    });
    expect(line.error).toBe(
      'Error: Failed query: select $1::int as n (cause: error: invalid input syntax for type integer: "…")',
    );
    expect(lines[0]).not.toContain(input);
    expect(lines[0]).not.toContain("secret-cookie");
  });

  it("leaves nothing of the values for Next.js's own print of the error (console.error)", async () => {
    const input = "secret-search-words";
    const error = Object.assign(await failedQuery(input), { digest: "1234567" });
    const printed: string[] = [];
    const consoleError = withErrorsScrubbed((...args) =>
      printed.push(args.map((arg) => inspect(arg)).join(" ")),
    );
    consoleError(" ⨯", error); // as next start prints a page's error
    expect(printed).toHaveLength(1);
    expect(printed[0]).not.toContain(input);
    expect(printed[0]).not.toContain("params");
    expect(printed[0]).toContain("Failed query: select $1::int as n");
    expect(printed[0]).toContain("digest: '1234567'");
    expect(printed[0]).toMatch(/\n\s+at /);
    // Anything that is not an Error goes out as it came.
    consoleError("plain text", 42);
    expect(printed[1]).toBe("'plain text' 42");
  });
});
