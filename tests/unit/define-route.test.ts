import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { HttpError } from "@/lib/http/errors";
import { apiReference } from "@/lib/openapi/document";

const steps: string[] = [];
const guard = async (request: Request) => {
  steps.push("guard");
  if (request.headers.get("authorization") !== "Bearer ok") {
    throw new HttpError(401, "unauthenticated", "Sign in");
  }
  return { id: "caller" };
};
const limit = async () => {
  steps.push("limit");
};

const POST = defineRoute(
  {
    tag: "Test",
    summary: "Echo",
    auth: { user: guard },
    limit,
    body: z.strictObject({ title: z.string().min(1) }),
    query: z.strictObject({ page: z.coerce.number().int().optional() }),
    params: z.strictObject({ id: z.uuid() }),
    responses: { 200: { description: "What was parsed" } },
  },
  async ({ caller, body, query, params }) => {
    steps.push("handler");
    return Response.json({ caller, body, query, params });
  },
);

function post(body: unknown, { query = "", authorization = "Bearer ok" } = {}) {
  steps.length = 0;
  return POST(
    new Request(`http://localhost/api/things/x${query}`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json", authorization },
    }),
    { params: Promise.resolve({ id: "not-a-uuid" }) },
  );
}

describe("defineRoute", () => {
  it("hands the handler the caller, the parsed body and query, and the path's id as sent", async () => {
    const response = await post({ title: "A" }, { query: "?page=2" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      caller: { id: "caller" },
      body: { title: "A" },
      query: { page: 2 },
      params: { id: "not-a-uuid" },
    });
    expect(steps).toEqual(["guard", "limit", "handler"]);
  });

  it("refuses a stranger with the guard's 401 before the body is read (not a 400)", async () => {
    const response = await post({ title: "" }, { authorization: "Bearer wrong" });
    expect(response.status).toBe(401);
    expect(steps).toEqual(["guard"]);
  });

  it("counts the limit before refusing a bad body or query with 400 and its fields", async () => {
    const badBody = await post({ title: "", extra: 1 });
    expect(badBody.status).toBe(400);
    expect(Object.keys((await badBody.json()).error.fields)).toContain("title");
    expect(steps).toEqual(["guard", "limit"]);
    const badQuery = await post({ title: "A" }, { query: "?unknown=1" });
    expect(badQuery.status).toBe(400);
    expect(steps).toEqual(["guard", "limit"]);
  });
});

describe("the API reference collects the routes' contracts", () => {
  it("documents the schemas the route parses with, under its guard's security", () => {
    const reference = apiReference({ "/api/things/{id}": { POST } });
    const [operation] = reference.operations;
    expect(operation).toMatchObject({ method: "post", path: "/api/things/{id}", auth: "user" });
    expect(operation?.body).toBe(POST.contract.body);
    const item = reference.document("http://localhost").paths?.["/api/things/{id}"]?.post;
    expect(item?.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
    expect(item?.requestBody).toHaveProperty("content.application/json");
  });

  it("refuses a route that serves a method without a contract", () => {
    const bare = async () => new Response(null);
    expect(() => apiReference({ "/api/bare": { GET: bare } })).toThrow(
      "GET /api/bare is served without a contract",
    );
  });
});
