import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/auth/[...all]/route";
import { getAuth } from "@/lib/auth/better-auth/auth";
import { REFUSED_ENDPOINTS, SERVED_ENDPOINTS } from "@/lib/auth/front-door/surface";
import { API_REFERENCE, endpointTable, tableIn } from "@/scripts/endpoint-table";
import { jsonRequest } from "../support/http";

// The front door serves an explicit list of Better Auth's endpoints (surface.ts). A Better Auth
// upgrade that adds an endpoint makes the first test fail until someone decides about it.

const betterAuthPaths = () =>
  Object.values(getAuth().api)
    .map((endpoint) => (endpoint as { path?: string }).path)
    .filter((path): path is string => typeof path === "string");

describe("the auth surface", () => {
  it("has decided about every endpoint of Better Auth's router, and only about those", () => {
    const paths = betterAuthPaths();
    const undecided = paths.filter(
      (path) => !Object.hasOwn(SERVED_ENDPOINTS, path) && !Object.hasOwn(REFUSED_ENDPOINTS, path),
    );
    expect(undecided).toEqual([]);
    const both = Object.keys(SERVED_ENDPOINTS).filter((path) =>
      Object.hasOwn(REFUSED_ENDPOINTS, path),
    );
    expect(both).toEqual([]);
    const stale = [...Object.keys(SERVED_ENDPOINTS), ...Object.keys(REFUSED_ENDPOINTS)].filter(
      (path) => !paths.includes(path),
    );
    expect(stale).toEqual([]);
  });

  it("answers 404 for every endpoint it does not serve, by either method", async () => {
    for (const path of Object.keys(REFUSED_ENDPOINTS)) {
      const url = `/api/auth${path.replace(/:(\w+)/, "x")}`;
      const posted = await POST(jsonRequest(url, { body: {} }));
      expect(posted.status, `POST ${path}`).toBe(404);
      expect((await posted.json()).error.code).toBe("not_found");
      const got = await GET(jsonRequest(url, { method: "GET" }));
      expect(got.status, `GET ${path}`).toBe(404);
    }
  });

  it("answers 404 for unknown paths and for variants of served ones", async () => {
    for (const path of [
      "/api/auth/no-such-endpoint",
      "/api/auth//sign-in/email",
      "/api/auth/sign-in/email/",
      "/api/auth/SIGN-IN/EMAIL",
      "/api/auth/sign-in/%65mail",
      "/api/auth/__proto__",
      "/api/auth/constructor",
    ]) {
      const response = await POST(
        jsonRequest(path, { body: { email: "a@example.test", password: "x" } }),
      );
      expect(response.status, path).toBe(404);
    }
  });

  it("answers 405 for a served endpoint asked with the other method", async () => {
    const response = await GET(jsonRequest("/api/auth/sign-in/email", { method: "GET" }));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });

  it("is the table docs/api.md shows (scripts/endpoint-table.ts writes it)", () => {
    const reference = readFileSync(API_REFERENCE, "utf8");
    expect(tableIn(reference)).toBe(endpointTable(SERVED_ENDPOINTS));
  });
});
