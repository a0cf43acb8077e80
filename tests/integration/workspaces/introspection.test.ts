import { describe, expect, it } from "vitest";
import { introspection } from "../../support/introspection";
import { workspaceApi, workspaceWithMember } from "../../support/workspaces";

type Answer = { active: boolean; workspaces?: { id: string; role: string }[] };

const introspect = (token: string) => introspection<Answer>(token);

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
