import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { GET as adminStats } from "@/app/api/admin/stats/route";
import { PATCH as adminUser } from "@/app/api/admin/users/[id]/route";
import { GET as adminUsers } from "@/app/api/admin/users/route";
import { GET as betterAuthGet, POST as betterAuthPost } from "@/app/api/auth/[...all]/route";
import { POST as forgotPassword } from "@/app/api/auth/forgot-password/route";
import { POST as introspect } from "@/app/api/auth/introspect/route";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as logout } from "@/app/api/auth/logout/route";
import { GET as me } from "@/app/api/auth/me/route";
import { POST as refresh } from "@/app/api/auth/refresh/route";
import { POST as register } from "@/app/api/auth/register/route";
import { POST as revokeOthers } from "@/app/api/auth/sessions/revoke-others/route";
import { GET as sessions } from "@/app/api/auth/sessions/route";
import { GET as cronPrune } from "@/app/api/cron/prune/route";
import { GET as live } from "@/app/api/health/live/route";
import { GET as health } from "@/app/api/health/route";
import { GET as openapi } from "@/app/api/openapi.json/route";
import { API_REFERENCE } from "@/app/api/reference";
import { GET as stats } from "@/app/api/stats/route";
import { SERVED_ENDPOINTS } from "@/lib/auth/front-door/surface";
import { createSignedInUser, TEST_PASSWORD } from "../support/auth";
import { jsonRequest, TEST_ORIGIN, uniqueEmail } from "../support/http";
import { expectDocumented } from "../support/openapi";
import { routeFiles, routeModule } from "../support/route-files";
import { TEST_RESOURCE_SERVERS } from "../support/setup";
import { taskApi } from "../support/tasks";

const METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const;

describe("the OpenAPI document", () => {
  const document = API_REFERENCE.document(TEST_ORIGIN);

  it("is a valid OpenAPI 3.1 document (swagger-parser)", async () => {
    expect(document.openapi).toBe("3.1.0");
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it("documents every method of every route under app/api", async () => {
    const paths = document.paths ?? {};
    const routes = routeFiles();
    expect(routes.length).toBeGreaterThan(20);
    for (const { path: route, file } of routes) {
      const module = await routeModule(file);
      for (const method of METHODS.filter((name) => typeof module[name] === "function")) {
        const lower = method.toLowerCase() as keyof (typeof paths)[string];
        if (route.includes("[...")) {
          // The front door: each Better Auth endpoint it serves with this method is listed.
          const prefix = route.slice(0, route.indexOf("/["));
          const documented = Object.entries(paths).filter(
            ([documentedPath, item]) => documentedPath.startsWith(`${prefix}/`) && item?.[lower],
          );
          expect(documented.length, `${method} ${route}`).toBeGreaterThan(0);
        } else {
          expect(paths[route]?.[lower], `${method} ${route} (${file})`).toBeDefined();
        }
      }
    }
  });

  it("is served at /api/openapi.json", async () => {
    const response = await openapi(jsonRequest("/api/openapi.json", { method: "GET" }));
    expect(response.status).toBe(200);
    await expectDocumented("get", "/api/openapi.json", response);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it("documents every Better Auth endpoint the features serve, with the answers they declare", () => {
    const paths = document.paths as Record<
      string,
      Record<string, { responses: Record<string, { description: string }> }>
    >;
    for (const [path, endpoint] of Object.entries(SERVED_ENDPOINTS)) {
      const openApiPath = `/api/auth${path.replace(/\/:(\w+)/g, "/{$1}")}`;
      const operation = paths[openApiPath]?.[endpoint.method.toLowerCase()];
      expect(operation, path).toBeDefined();
      for (const [status, answer] of Object.entries(endpoint.answers)) {
        expect(operation?.responses[status]?.description, `${path} ${status}`).toBe(
          answer.description,
        );
      }
    }
  });
});

describe("the handlers answer what the document says, for examples", () => {
  it("auth: register, login (JSON and form), refresh, me, logout, forgot-password", async () => {
    const email = uniqueEmail("openapi");
    const registered = await register(
      jsonRequest("/api/auth/register", { body: { email, password: TEST_PASSWORD } }),
    );
    await expectDocumented("post", "/api/auth/register", registered);
    await expectDocumented(
      "post",
      "/api/auth/register",
      await register(jsonRequest("/api/auth/register", { body: { email: "x" } })),
    );

    const signedIn = await login(
      jsonRequest("/api/auth/login", { body: { email, password: TEST_PASSWORD } }),
    );
    await expectDocumented("post", "/api/auth/login", signedIn);
    const form = (fields: Record<string, string>) =>
      new Request(`${TEST_ORIGIN}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields),
      });
    await expectDocumented(
      "post",
      "/api/auth/login",
      await login(form({ grant_type: "password", username: email, password: "wrong password" })),
    );
    await expectDocumented(
      "post",
      "/api/auth/login",
      await login(form({ grant_type: "implicit", username: email, password: TEST_PASSWORD })),
    );

    const { access_token: accessToken, refresh_token: refreshToken } = await signedIn.json();
    const rotated = await refresh(
      jsonRequest("/api/auth/refresh", { body: { refresh_token: refreshToken } }),
    );
    await expectDocumented("post", "/api/auth/refresh", rotated);
    await expectDocumented(
      "post",
      "/api/auth/refresh",
      await refresh(jsonRequest("/api/auth/refresh", { body: { refresh_token: "unknown" } })),
    );

    const bearer = { authorization: `Bearer ${accessToken}` };
    await expectDocumented(
      "get",
      "/api/auth/me",
      await me(jsonRequest("/api/auth/me", { method: "GET", headers: bearer })),
    );
    await expectDocumented(
      "get",
      "/api/auth/me",
      await me(jsonRequest("/api/auth/me", { method: "GET" })),
    );
    await expectDocumented(
      "post",
      "/api/auth/forgot-password",
      await forgotPassword(jsonRequest("/api/auth/forgot-password", { body: { email } })),
    );
    await expectDocumented(
      "post",
      "/api/auth/logout",
      await logout(jsonRequest("/api/auth/logout", { headers: bearer })),
    );
  });

  it("sessions: the list and revoke-others", async () => {
    const alice = await createSignedInUser();
    const request = (route: string, method: string) =>
      jsonRequest(route, { method, headers: alice.headers });
    await expectDocumented(
      "get",
      "/api/auth/sessions",
      await sessions(request("/api/auth/sessions", "GET")),
    );
    await expectDocumented(
      "post",
      "/api/auth/sessions/revoke-others",
      await revokeOthers(request("/api/auth/sessions/revoke-others", "POST")),
    );
  });

  it("tasks: create, list, get, patch, delete, stats", async () => {
    const alice = await createSignedInUser();
    const api = taskApi(alice.headers);
    const created = await api.create({ title: "Documented", dueDate: "2030-01-02" });
    await expectDocumented("post", "/api/tasks", created);
    const { id } = await created.clone().json();
    await expectDocumented("post", "/api/tasks", await api.create({ title: "" }));
    await expectDocumented("get", "/api/tasks", await api.list("?sort=dueDate&limit=5"));
    await expectDocumented("get", "/api/tasks/{id}", await api.get(id));
    await expectDocumented(
      "patch",
      "/api/tasks/{id}",
      await api.patch(id, { status: "completed" }),
    );
    await expectDocumented("delete", "/api/tasks/{id}", await api.delete(id));
    await expectDocumented("get", "/api/tasks/{id}", await api.get(id));
    await expectDocumented(
      "get",
      "/api/stats",
      await stats(
        jsonRequest("/api/stats?tz=Europe/Paris", { method: "GET", headers: alice.headers }),
      ),
    );
    await expectDocumented("get", "/api/tasks", await taskApi({}).list());
  });

  it("admin: the user list, a role change, the site's counts", async () => {
    const admin = await createSignedInUser({ role: "admin" });
    const get = (route: string) => jsonRequest(route, { method: "GET", headers: admin.headers });
    await expectDocumented(
      "get",
      "/api/admin/users",
      await adminUsers(get("/api/admin/users?limit=2")),
    );
    await expectDocumented("get", "/api/admin/stats", await adminStats(get("/api/admin/stats")));
    const member = await createSignedInUser();
    const patch = (id: string, role: string) =>
      adminUser(
        jsonRequest(`/api/admin/users/${id}`, {
          method: "PATCH",
          body: { role },
          headers: admin.headers,
        }),
        { params: Promise.resolve({ id }) },
      );
    await expectDocumented("patch", "/api/admin/users/{id}", await patch(member.user.id, "admin"));
    await expectDocumented("patch", "/api/admin/users/{id}", await patch("nobody", "user"));
    await expectDocumented(
      "get",
      "/api/admin/users",
      await adminUsers(jsonRequest("/api/admin/users", { method: "GET", headers: member.headers })),
    );
  });

  it("introspection: an active token's claims, and an inactive one", async () => {
    const alice = await createSignedInUser();
    const ask = (token: string) =>
      introspect(
        new Request(`${TEST_ORIGIN}/api/auth/introspect`, {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            authorization: `Bearer ${TEST_RESOURCE_SERVERS.orders}`,
          },
          body: new URLSearchParams({ token }),
        }),
      );
    const active = await ask(alice.accessToken);
    expect((await active.clone().json()).active).toBe(true);
    await expectDocumented("post", "/api/auth/introspect", active);
    await expectDocumented("post", "/api/auth/introspect", await ask("not a token"));
  });

  it("Better Auth's endpoints: sign-up, sign-in, the session, profile, password, mail, sign-out", async () => {
    const email = uniqueEmail("better-auth");
    const call = async (
      method: "get" | "post",
      path: string,
      options: { body?: unknown; headers?: Record<string, string> } = {},
    ) => {
      const request = jsonRequest(`/api/auth${path}`, { method: method.toUpperCase(), ...options });
      const response = await (method === "get" ? betterAuthGet(request) : betterAuthPost(request));
      await expectDocumented(method, `/api/auth${path}`, response);
      return response;
    };
    const signedUp = await call("post", "/sign-up/email", {
      body: { name: "Documented", email, password: TEST_PASSWORD },
    });
    expect(signedUp.status).toBe(200);
    await call("post", "/sign-in/email", { body: { email, password: "not the password" } });
    const signedIn = await call("post", "/sign-in/email", {
      body: { email, password: TEST_PASSWORD },
    });
    const headers = {
      cookie: signedIn.headers
        .getSetCookie()
        .map((cookie: string) => cookie.split(";")[0])
        .join("; "),
    };
    await call("get", "/get-session");
    expect((await (await call("get", "/get-session", { headers })).json()).user.email).toBe(email);
    await call("post", "/update-user", { body: { name: "Renamed" }, headers });
    await call("post", "/update-user", { body: {}, headers });
    await call("post", "/change-password", {
      body: { currentPassword: TEST_PASSWORD, newPassword: `${TEST_PASSWORD} and more` },
      headers,
    });
    await call("post", "/request-password-reset", { body: { email } });
    await call("post", "/send-verification-email", { body: { email } });
    expect((await call("post", "/sign-out", { body: {}, headers })).status).toBe(200);
  });

  it("operations: health, liveness, the cron route", async () => {
    await expectDocumented("get", "/api/health", await health());
    await expectDocumented("get", "/api/health/live", live());
    await expectDocumented(
      "get",
      "/api/cron/prune",
      await cronPrune(new Request(`${TEST_ORIGIN}/api/cron/prune`)),
    );
  });

  it("notices an answer that differs from its schema", async () => {
    const drifted = Response.json({ status: "ok", db: "ok", rateLimits: "memory", extra: 1 });
    await expect(expectDocumented("get", "/api/health", drifted)).rejects.toThrow(
      /matches its schema/,
    );
  });
});
