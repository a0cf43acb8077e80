import { describe, expect, it } from "vitest";
import { POST as introspectRoute } from "@/app/api/auth/introspect/route";
import { TEST_ORIGIN, uniqueClientIp } from "../../support/http";
import { TEST_RESOURCE_SERVERS } from "../../support/setup";
import { expectJson, workspaceApi, workspaceWithMember } from "../../support/workspaces";

type Answer = { active: boolean; workspaces?: { id: string; role: string }[] };

async function introspect(token: string): Promise<Answer> {
  const credential = Buffer.from(`orders:${TEST_RESOURCE_SERVERS.orders}`).toString("base64");
  const response = await introspectRoute(
    new Request(new URL("/api/auth/introspect", TEST_ORIGIN), {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-real-ip": uniqueClientIp(),
        authorization: `Basic ${credential}`,
      },
      body: new URLSearchParams({ token }).toString(),
    }),
  );
  return expectJson<Answer>(response, 200);
}

describe("introspection answers the workspace memberships a resource server needs", () => {
  it("with the current role in each, a removal and a demotion seen on the next question", async () => {
    const { id, owner, member } = await workspaceWithMember("admin", "Shop");
    const roleIn = async () =>
      (await introspect(member.accessToken)).workspaces?.find((w) => w.id === id)?.role;

    expect(await roleIn()).toBe("admin");
    await workspaceApi(owner.headers).changeRole(id, member.user.id, { role: "viewer" });
    expect(await roleIn()).toBe("viewer");
    await workspaceApi(owner.headers).removeMember(id, member.user.id);
    expect(await roleIn()).toBeUndefined();
    expect((await introspect(member.accessToken)).workspaces).toEqual([
      { id: expect.any(String), role: "owner" },
    ]);
  });
});
