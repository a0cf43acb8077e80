import { afterEach, describe, expect, it, vi } from "vitest";
import { handleRoute } from "@/lib/http/handle-route";
import { logBetterAuth, logEvent, loggablePath, noteRequestUser } from "@/lib/http/log";
import { captureConsole } from "../support/console";

const requestLines = (lines: string[]) =>
  lines.map((line) => JSON.parse(line)).filter((entry) => entry.event === "request");

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("request logs", () => {
  it("writes one JSON line per request with only method, path, status, duration, user and id", async () => {
    const lines = captureConsole();
    const route = handleRoute(async (request: Request) => {
      noteRequestUser(request, "user-123");
      return Response.json({ ok: true }, { status: 201 });
    });
    const response = await route(
      new Request("http://localhost:3000/api/tasks?x=1", { method: "POST" }),
    );
    const [entry, ...others] = requestLines(lines);
    expect(others).toHaveLength(0);
    expect(Object.keys(entry).sort()).toEqual(
      [
        "durationMs",
        "event",
        "level",
        "method",
        "path",
        "requestId",
        "status",
        "time",
        "userId",
      ].sort(),
    );
    expect(entry).toMatchObject({
      method: "POST",
      path: "/api/tasks",
      status: 201,
      userId: "user-123",
    });
    expect(entry.requestId).toBe(response.headers.get("x-request-id"));
  });

  it("writes a short line a person reads under npm run dev, the same fields and nothing else", async () => {
    vi.stubEnv("NODE_ENV", "development");
    const lines = captureConsole();
    const route = handleRoute(async () => Response.json({ ok: true }, { status: 201 }));
    await route(new Request("http://localhost:3000/api/tasks?x=1", { method: "POST" }));
    logEvent("error", "sign_in_notice_failed", { error: "Error: no route", userId: undefined });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^POST \/api\/tasks 201 \d+ ms$/);
    expect(lines[1]).toBe("ERROR sign_in_notice_failed error=Error: no route");
  });

  it("names the same request id in a 500 answer and in its log lines", async () => {
    const lines = captureConsole();
    const route = handleRoute(async () => {
      throw new Error("boom");
    });
    const response = await route(new Request("http://localhost:3000/api/tasks"));
    const id = response.headers.get("x-request-id");
    expect((await response.json()).error.message).toContain(id);
    expect(requestLines(lines)[0]).toMatchObject({ status: 500, requestId: id, userId: null });
    expect(lines.filter((line) => line.includes(String(id)))).toHaveLength(2);
  });

  it("never logs passwords, tokens, cookies, query strings or reset links", async () => {
    const secrets = {
      password: "hunter2-correct-horse",
      bearer: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
      cookie: "refresh_token=rt_9f8e7d6c5b4a39281706",
      query: "qs-secret-0123456789",
      resetToken: "Zk3pQ9xR2sT7vW1yA4bC6dE8",
    };
    const lines = captureConsole();
    const route = handleRoute(async (request: Request) => {
      await request.text();
      return Response.json(
        { error: { code: "invalid_credentials", message: "no" } },
        { status: 401 },
      );
    });
    await route(
      new Request(
        `http://localhost:3000/api/auth/reset-password/${secrets.resetToken}?token=${secrets.query}&callbackURL=/x`,
        {
          method: "POST",
          headers: {
            authorization: `Bearer ${secrets.bearer}`,
            cookie: secrets.cookie,
            "content-type": "application/json",
          },
          body: JSON.stringify({ email: "a@example.test", password: secrets.password }),
        },
      ),
    );
    const output = lines.join("\n");
    expect(requestLines(lines)[0]?.path).toBe("/api/auth/reset-password/:redacted");
    for (const secret of Object.values(secrets)) expect(output).not.toContain(secret);
  });

  it("logs a failed query without the values it carried", async () => {
    const lines = captureConsole();
    const failedQuery = new Error(
      'Failed query: insert into "session" ("token") values ($1)\nparams: sess-tok-0123456789abcdef',
      { cause: new Error('duplicate key value violates unique constraint "session_token_unique"') },
    );
    const route = handleRoute(async () => {
      throw failedQuery;
    });
    expect((await route(new Request("http://localhost:3000/api/x"))).status).toBe(500);
    logBetterAuth("error", "Error", failedQuery);
    const output = lines.join("\n");
    expect(output).toContain("Failed query: insert into");
    expect(output).toContain("session_token_unique");
    expect(output).not.toContain("sess-tok-0123456789abcdef");
  });

  it("keeps readable path segments and record ids, redacts opaque ones", () => {
    const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    expect(loggablePath(`http://h/api/tasks/${id}`)).toBe(`/api/tasks/${id}`);
    expect(loggablePath("http://h/api/auth/request-password-reset")).toBe(
      "/api/auth/request-password-reset",
    );
    expect(loggablePath("http://h/api/auth/verify/abcDEF0123456789xyz")).toBe(
      "/api/auth/verify/:redacted",
    );
  });
});
