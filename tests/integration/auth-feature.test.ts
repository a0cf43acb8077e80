import { createAuthEndpoint } from "better-auth/api";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAuth } from "@/lib/auth/better-auth/auth";
import { AUTH_FEATURES } from "@/lib/auth/better-auth/features";
import { ok } from "@/lib/auth/contract/answers";
import { servedEndpoints } from "@/lib/auth/contract/collect";
import { type AuthFeature, withoutToken } from "@/lib/auth/contract/endpoint";
import { ipLimit } from "@/lib/auth/core/auth-limits";
import { frontDoor } from "@/lib/auth/front-door/handler";
import { handleRoute } from "@/lib/http/handle-route";
import { apiReference } from "@/lib/openapi/document";
import { endpointTable } from "@/scripts/endpoint-table";
import { jsonRequest, uniqueClientIp } from "../support/http";

/**
 * A feature is one unit: this file adds one, as a newcomer would, and nothing else changes. Its
 * endpoint is served through the front door (its strict body, its rate limit from the table, the
 * session token stripped from its answer), documented in the OpenAPI answers and listed in
 * docs/api.md's generated table.
 */
const echo = {
  plugins: () => [
    {
      id: "test-only-echo",
      endpoints: {
        echo: createAuthEndpoint(
          "/test-only/echo",
          { method: "POST", body: z.object({ word: z.string() }) },
          async (ctx) => ctx.json({ word: ctx.body.word, token: "a session token" }),
        ),
      },
    },
  ],
  endpoints: {
    "/test-only/echo": {
      method: "POST",
      caller: "anyone",
      body: z.strictObject({ word: z.string().max(20) }),
      limit: ipLimit("register-ip"),
      answers: { 200: ok("The word", z.strictObject({ word: z.string() })) },
      withoutSessionToken: withoutToken,
      why: "a feature that exists only in this test",
    },
  },
} satisfies AuthFeature;

const features = [...AUTH_FEATURES, echo];
const auth = createAuth([echo]);
const serve = handleRoute(frontDoor(features, () => auth));

const post = (body: unknown, ip: string) =>
  serve(jsonRequest("/api/auth/test-only/echo", { body, headers: { "x-real-ip": ip } }));

describe("an auth feature added in one file", () => {
  it("is served through the front door, its answer without the session token", async () => {
    const response = await post({ word: "hello" }, uniqueClientIp());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ word: "hello" });
  });

  it("has its body checked by its strict schema before Better Auth sees it", async () => {
    const response = await post({ word: "hello", extra: true }, uniqueClientIp());
    expect(response.status).toBe(400);
  });

  it("is rate limited by the row of the table it names", async () => {
    const ip = uniqueClientIp();
    // register-ip allows 5 a minute (lib/rate-limit/rules.ts).
    const statuses = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await post({ word: "again" }, ip)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it("is documented in the OpenAPI document and listed in the endpoint table", () => {
    const endpoints = servedEndpoints(features);
    const { paths } = apiReference({}, endpoints).document("http://localhost");
    expect(paths?.["/api/auth/test-only/echo"]?.post?.responses?.["200"]).toMatchObject({
      description: "The word",
    });
    expect(endpointTable(endpoints)).toContain(
      "| `POST /api/auth/test-only/echo` | anyone | 64 KB | `register-ip` |",
    );
  });

  it("is not served by the app, which does not name it", async () => {
    const { POST } = await import("@/app/api/auth/[...all]/route");
    const response = await POST(jsonRequest("/api/auth/test-only/echo", { body: { word: "x" } }));
    expect(response.status).toBe(404);
  });
});
