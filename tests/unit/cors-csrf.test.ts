import { afterEach, describe, expect, it, vi } from "vitest";
import { TEST_ORIGIN } from "../support/http";
import { importWithEnv, restoreEnv } from "../support/isolation";

const LISTED = "https://app.example.com";

async function load() {
  const { handleRoute, corsPreflight } = await importWithEnv(
    async () => ({
      ...(await import("@/lib/http/handle-route")),
      ...(await import("@/lib/http/cors")),
    }),
    { CORS_ORIGINS: `${LISTED}, http://localhost:5173` },
  );
  const handler = vi.fn(async () =>
    Response.json({ ok: true }, { headers: { vary: "Accept-Encoding" } }),
  );
  return { route: handleRoute(handler), handler, corsPreflight };
}

function request(method: string, headers: Record<string, string> = {}) {
  return new Request("http://localhost:3000/api/tasks", { method, headers });
}

const varyOf = (response: Response) => (response.headers.get("vary") ?? "").toLowerCase();

afterEach(restoreEnv);

describe("CORS", () => {
  it("allows a listed origin, with credentials, echoing it exactly", async () => {
    const { route } = await load();
    const response = await route(request("GET", { origin: LISTED }));
    expect(response.headers.get("access-control-allow-origin")).toBe(LISTED);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(varyOf(response)).toContain("origin");
    expect(varyOf(response)).toContain("accept-encoding");
  });

  it("lets a listed origin read the headers our answers carry for clients, and no other origin", async () => {
    const { route } = await load();
    const exposed = (origin: string) =>
      route(request("GET", { origin })).then((response) =>
        (response.headers.get("access-control-expose-headers") ?? "")
          .split(",")
          .map((name) => name.trim().toLowerCase())
          .filter(Boolean),
      );
    expect(await exposed(LISTED)).toEqual(
      expect.arrayContaining(["etag", "location", "retry-after", "www-authenticate"]),
    );
    expect(await exposed("https://evil.example")).toEqual([]);
  });

  it.each([
    ["an unlisted origin", "https://evil.example"],
    ["a look-alike with the listed origin as a prefix", "https://app.example.com.evil.com"],
    ["a look-alike with the listed origin as a suffix", "https://evilapp.example.com"],
    ["the listed host on another scheme", "http://app.example.com"],
    ["the listed host on another port", "https://app.example.com:8443"],
    ["the null origin", "null"],
  ])("gives %s nothing, and still varies on Origin", async (_, origin) => {
    const { route } = await load();
    const response = await route(request("GET", { origin }));
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    expect(varyOf(response)).toContain("origin");
  });

  it("answers a preflight from a listed origin with its permissions, never a wildcard", async () => {
    const { corsPreflight } = await load();
    const response = corsPreflight(
      request("OPTIONS", { origin: LISTED, "access-control-request-method": "PATCH" }),
    );
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(LISTED);
    expect(response.headers.get("access-control-allow-methods")).toContain("PATCH");
    expect(response.headers.get("access-control-allow-headers")).toContain("Authorization");
    // A conditional task write, and an MCP client's every request.
    expect(response.headers.get("access-control-allow-headers")).toContain("If-Match");
    expect(response.headers.get("access-control-allow-headers")).toContain("Mcp-Protocol-Version");
    expect(varyOf(response)).toContain("origin");
  });

  it("answers a preflight from any other origin without permissions", async () => {
    const { corsPreflight } = await load();
    for (const origin of ["https://evil.example", "null", "https://app.example.com.evil.com"]) {
      const response = corsPreflight(
        request("OPTIONS", { origin, "access-control-request-method": "POST" }),
      );
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
      expect(response.headers.get("access-control-allow-methods")).toBeNull();
      expect(varyOf(response)).toContain("origin");
    }
  });
});

describe("CSRF", () => {
  const cookie = { cookie: "access_token=abc" };

  it.each(["POST", "PATCH", "PUT", "DELETE"])(
    "refuses a cookie-carrying %s from another site with 403, before the handler runs",
    async (method) => {
      const { route, handler } = await load();
      const response = await route(request(method, { ...cookie, origin: "https://evil.example" }));
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe("cross_site_request");
      expect(handler).not.toHaveBeenCalled();
    },
  );

  it("refuses the null origin and look-alikes of a listed one", async () => {
    const { route } = await load();
    for (const origin of [
      "null",
      "https://app.example.com.evil.com",
      "http://localhost:3000.evil.com",
    ]) {
      expect((await route(request("POST", { ...cookie, origin }))).status).toBe(403);
    }
  });

  it("accepts the app's own origin and the listed origins", async () => {
    const { route } = await load();
    for (const origin of [TEST_ORIGIN, LISTED, "http://localhost:5173"]) {
      expect((await route(request("POST", { ...cookie, origin }))).status).toBe(200);
    }
  });

  it("treats the other loopback names of a development server's port as its own, and no other port", async () => {
    const { route } = await load();
    for (const origin of ["http://127.0.0.1:3000", "http://[::1]:3000"]) {
      expect((await route(request("POST", { ...cookie, origin }))).status).toBe(200);
    }
    expect(
      (await route(request("POST", { ...cookie, origin: "http://127.0.0.1:3001" }))).status,
    ).toBe(403);
  });

  it("trusts only BETTER_AUTH_URL's own origin in production", async () => {
    const { handleRoute } = await importWithEnv(() => import("@/lib/http/handle-route"), {
      NODE_ENV: "production",
      DATABASE_URL: "postgres://db.example.test/app",
      BETTER_AUTH_SECRET: "s".repeat(32),
      JWT_SECRET_KEY: "j".repeat(32),
      EMAIL_OUTBOX_IN_PRODUCTION: "1",
    });
    const route = handleRoute(async () => Response.json({ ok: true }));
    expect(
      (await route(request("POST", { ...cookie, origin: "http://127.0.0.1:3000" }))).status,
    ).toBe(403);
    expect((await route(request("POST", { ...cookie, origin: TEST_ORIGIN }))).status).toBe(200);
  });

  it("falls back to Sec-Fetch-Site without an Origin: only same-origin passes", async () => {
    const { route } = await load();
    const status = async (site: string) =>
      (await route(request("DELETE", { ...cookie, "sec-fetch-site": site }))).status;
    expect(await status("cross-site")).toBe(403);
    expect(await status("same-site")).toBe(403);
    expect(await status("same-origin")).toBe(200);
  });

  it("lets Bearer-authenticated requests through from anywhere", async () => {
    const { route } = await load();
    const headers = { authorization: "Bearer some.jwt.value", origin: "https://evil.example" };
    expect((await route(request("POST", headers))).status).toBe(200);
  });

  it("does not exempt a Bearer request that also carries cookies, which the guard prefers", async () => {
    const { route } = await load();
    const headers = { ...cookie, authorization: "Bearer x.y.z", origin: "https://evil.example" };
    expect((await route(request("POST", headers))).status).toBe(403);
  });

  it("leaves reads and non-browser clients alone", async () => {
    const { route } = await load();
    expect(
      (await route(request("GET", { ...cookie, origin: "https://evil.example" }))).status,
    ).toBe(200);
    expect((await route(request("POST", cookie))).status).toBe(200);
  });
});
