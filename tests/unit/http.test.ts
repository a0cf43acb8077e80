import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { HttpError } from "@/lib/http/errors";
import { handleRoute } from "@/lib/http/handle-route";
import { MAX_BODY_BYTES } from "@/lib/http/read-body";
import { readJson } from "@/lib/http/read-json";

const schema = z.strictObject({ title: z.string().min(1) });
const echo = handleRoute(async (request: Request) =>
  Response.json(await readJson(request, schema)),
);

function post(body: BodyInit, contentType = "application/json") {
  return echo(
    new Request("http://localhost/x", {
      method: "POST",
      body,
      headers: { "content-type": contentType },
    }),
  );
}

describe("JSON bodies and the error shape", () => {
  it("passes a valid body through", async () => {
    const response = await post(JSON.stringify({ title: "ok" }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ title: "ok" });
  });

  it("answers 400 invalid_json for malformed JSON", async () => {
    const response = await post("{ nope");
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("invalid_json");
  });

  it("answers 400 with fields for unknown or invalid fields", async () => {
    const response = await post(JSON.stringify({ title: "", userId: "someone-else" }));
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe("validation_error");
    expect(Object.keys(error.fields)).toEqual(expect.arrayContaining(["title", ""]));
  });

  it("answers 415 for another content type", async () => {
    const response = await post("title=x", "application/x-www-form-urlencoded");
    expect(response.status).toBe(415);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 413 past 64 KB even when Content-Length is absent", async () => {
    const big = JSON.stringify({ title: "x".repeat(MAX_BODY_BYTES) });
    const stream = new Blob([big]).stream();
    const request = new Request("http://localhost/x", {
      method: "POST",
      body: stream,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect(request.headers.get("content-length")).toBeNull();
    const response = await echo(request);
    expect(response.status).toBe(413);
  });

  it("turns an HttpError into its status and the error shape", async () => {
    const route = handleRoute(async () => {
      throw new HttpError(409, "conflict", "Already there", { headers: { "retry-after": "3" } });
    });
    const response = await route(new Request("http://localhost/x"));
    expect(response.status).toBe(409);
    expect(response.headers.get("retry-after")).toBe("3");
    expect(await response.json()).toEqual({
      error: { code: "conflict", message: "Already there" },
    });
  });

  it("answers an unexpected failure with a generic 500 that reveals nothing", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const route = handleRoute(async () => {
      throw new Error("connection to db.internal:5432 refused");
    });
    const response = await route(new Request("http://localhost/x"));
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(text).not.toContain("db.internal");
    expect(text).not.toMatch(/at .*\.ts/);
    expect(JSON.parse(text).error.code).toBe("internal_error");
    expect(log).toHaveBeenCalledOnce();
    log.mockRestore();
  });
});
