import { describe, expect, it } from "vitest";
import { WORKSPACE_OPERATIONS } from "@/lib/openapi/workspaces";
import { createSignedInUser } from "../../support/auth";
import { uniqueEmail } from "../../support/http";
import { waitForMails } from "../../support/notices";
import { expectJson, workspaceApi } from "../../support/workspaces";

/** The handler's answer must be one the document lists for it, in the documented shape. */
async function expectDocumented(method: string, route: string, response: Response) {
  const operation = WORKSPACE_OPERATIONS.find(
    (entry) => entry.method === method && entry.path === route,
  );
  const answer = operation?.responses[response.status];
  expect(answer, `${method} ${route} documents ${response.status}`).toBeDefined();
  if (!answer?.body) return;
  const parsed = answer.body.safeParse(await response.clone().json());
  expect(parsed.error?.issues, `${method} ${route} ${response.status}`).toBeUndefined();
}

describe("the workspace API answers what the OpenAPI document says", () => {
  it("for each endpoint, with success and refusal", async () => {
    const owner = await createSignedInUser();
    const invitee = await createSignedInUser();
    const api = workspaceApi(owner.headers);
    const path = "/api/workspaces/{id}";

    const created = await api.create({ name: "Documented" });
    await expectDocumented("post", "/api/workspaces", created.clone());
    const { id } = await expectJson<{ id: string }>(created, 201);
    await expectDocumented("post", "/api/workspaces", await api.create({ name: "" }));
    await expectDocumented("get", "/api/workspaces", await api.list());
    await expectDocumented("get", path, await api.get(id));
    await expectDocumented("get", path, await workspaceApi(invitee.headers).get(id));
    await expectDocumented("patch", path, await api.rename(id, { name: "Renamed" }));
    await expectDocumented("get", `${path}/members`, await api.members(id));

    const invited = await api.invite(id, { email: invitee.email, role: "member" });
    await expectDocumented("post", `${path}/invitations`, invited);
    await expectDocumented("get", `${path}/invitations`, await api.invitations(id));
    const [mail] = await waitForMails(invitee.email, /invited you to/);
    const token = /#token=([\w-]+)/.exec(mail?.text ?? "")?.[1] ?? "";
    const accept = "/api/workspaces/invitations/accept";
    await expectDocumented("post", accept, await workspaceApi(invitee.headers).accept(token));
    await expectDocumented("post", accept, await workspaceApi(invitee.headers).accept(token));
    const other = await api.invite(id, { email: uniqueEmail("other") });
    const { id: invitationId } = await expectJson<{ id: string }>(other, 201);
    const invitation = `${path}/invitations/{invitationId}`;
    await expectDocumented("post", `${invitation}/resend`, await api.resend(id, invitationId));
    await expectDocumented("delete", invitation, await api.revoke(id, invitationId));

    const task = await api.createTask(id, { title: "t", assigneeId: invitee.user.id });
    await expectDocumented("post", `${path}/tasks`, task.clone());
    const { id: taskId } = await expectJson<{ id: string }>(task, 201);
    await expectDocumented("get", `${path}/tasks`, await api.tasks(id));
    await expectDocumented("get", `${path}/tasks/{taskId}`, await api.task(id, taskId));
    await expectDocumented(
      "patch",
      `${path}/tasks/{taskId}`,
      await workspaceApi(invitee.headers).patchTask(id, taskId, { title: "not theirs" }),
    );
    await expectDocumented("get", `${path}/stats`, await api.stats(id));
    await expectDocumented("delete", `${path}/tasks/{taskId}`, await api.deleteTask(id, taskId));
    const member = `${path}/members/{userId}`;
    await expectDocumented(
      "patch",
      member,
      await api.changeRole(id, invitee.user.id, { role: "viewer" }),
    );
    await expectDocumented("post", `${path}/transfer`, await api.transfer(id, { userId: "x" }));
    await expectDocumented("post", `${path}/leave`, await api.leave(id));
    await expectDocumented("delete", member, await api.removeMember(id, invitee.user.id));
    await expectDocumented("delete", path, await api.delete(id, { confirmName: "Renamed" }));
  });
});
