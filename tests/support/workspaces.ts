import { createHash, randomBytes } from "node:crypto";
import * as resendRoute from "@/app/api/workspaces/[id]/invitations/[invitationId]/resend/route";
import * as invitationRoute from "@/app/api/workspaces/[id]/invitations/[invitationId]/route";
import * as invitationsRoute from "@/app/api/workspaces/[id]/invitations/route";
import * as leaveRoute from "@/app/api/workspaces/[id]/leave/route";
import * as memberRoute from "@/app/api/workspaces/[id]/members/[userId]/route";
import * as membersRoute from "@/app/api/workspaces/[id]/members/route";
import * as workspaceRoute from "@/app/api/workspaces/[id]/route";
import * as statsRoute from "@/app/api/workspaces/[id]/stats/route";
import * as taskRoute from "@/app/api/workspaces/[id]/tasks/[taskId]/route";
import * as tasksRoute from "@/app/api/workspaces/[id]/tasks/route";
import * as transferRoute from "@/app/api/workspaces/[id]/transfer/route";
import * as acceptRoute from "@/app/api/workspaces/invitations/accept/route";
import * as workspacesRoute from "@/app/api/workspaces/route";
import { getDb } from "@/lib/db/client";
import {
  type INVITED_ROLES,
  type WorkspaceRole,
  workspaceInvitation,
  workspaceMember,
} from "@/lib/db/schema";
import { createSignedInUser } from "./auth";
import { jsonRequest } from "./http";

const at = <T extends Record<string, string>>(params: T) => ({ params: Promise.resolve(params) });

/** Every workspace endpoint as one signed-in user calls it, through the real route handlers. */
export function workspaceApi(authorization: Record<string, string>) {
  const request = (path: string, method: string, body?: unknown) =>
    jsonRequest(path, { method, body, headers: authorization });
  const base = (id: string) => `/api/workspaces/${id}`;
  return {
    list: () => workspacesRoute.GET(request("/api/workspaces", "GET")),
    create: (body: unknown) => workspacesRoute.POST(request("/api/workspaces", "POST", body)),
    get: (id: string) => workspaceRoute.GET(request(base(id), "GET"), at({ id })),
    rename: (id: string, body: unknown) =>
      workspaceRoute.PATCH(request(base(id), "PATCH", body), at({ id })),
    delete: (id: string, body: unknown) =>
      workspaceRoute.DELETE(request(base(id), "DELETE", body), at({ id })),
    leave: (id: string) => leaveRoute.POST(request(`${base(id)}/leave`, "POST"), at({ id })),
    transfer: (id: string, body: unknown) =>
      transferRoute.POST(request(`${base(id)}/transfer`, "POST", body), at({ id })),
    members: (id: string) => membersRoute.GET(request(`${base(id)}/members`, "GET"), at({ id })),
    changeRole: (id: string, userId: string, body: unknown) =>
      memberRoute.PATCH(
        request(`${base(id)}/members/${userId}`, "PATCH", body),
        at({ id, userId }),
      ),
    removeMember: (id: string, userId: string) =>
      memberRoute.DELETE(request(`${base(id)}/members/${userId}`, "DELETE"), at({ id, userId })),
    invitations: (id: string) =>
      invitationsRoute.GET(request(`${base(id)}/invitations`, "GET"), at({ id })),
    invite: (id: string, body: unknown) =>
      invitationsRoute.POST(request(`${base(id)}/invitations`, "POST", body), at({ id })),
    revoke: (id: string, invitationId: string) =>
      invitationRoute.DELETE(
        request(`${base(id)}/invitations/${invitationId}`, "DELETE"),
        at({ id, invitationId }),
      ),
    resend: (id: string, invitationId: string) =>
      resendRoute.POST(
        request(`${base(id)}/invitations/${invitationId}/resend`, "POST"),
        at({ id, invitationId }),
      ),
    accept: (token: string) =>
      acceptRoute.POST(request("/api/workspaces/invitations/accept", "POST", { token })),
    tasks: (id: string, query = "") =>
      tasksRoute.GET(request(`${base(id)}/tasks${query}`, "GET"), at({ id })),
    createTask: (id: string, body: unknown) =>
      tasksRoute.POST(request(`${base(id)}/tasks`, "POST", body), at({ id })),
    task: (id: string, taskId: string) =>
      taskRoute.GET(request(`${base(id)}/tasks/${taskId}`, "GET"), at({ id, taskId })),
    patchTask: (id: string, taskId: string, body: unknown) =>
      taskRoute.PATCH(request(`${base(id)}/tasks/${taskId}`, "PATCH", body), at({ id, taskId })),
    deleteTask: (id: string, taskId: string) =>
      taskRoute.DELETE(request(`${base(id)}/tasks/${taskId}`, "DELETE"), at({ id, taskId })),
    stats: (id: string) => statsRoute.GET(request(`${base(id)}/stats`, "GET"), at({ id })),
  };
}

export type WorkspaceApi = ReturnType<typeof workspaceApi>;

/** The JSON of an answer that must have succeeded with `status`. */
export async function expectJson<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  if (response.status !== status)
    throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Adds members straight into the database: what an accepted invitation writes, without a mail
 * round trip per member (tests/integration/workspaces/invitations.test.ts drives that for real).
 */
export async function addMembers(workspaceId: string, members: [string, WorkspaceRole][]) {
  await getDb()
    .insert(workspaceMember)
    .values(members.map(([userId, role]) => ({ workspaceId, userId, role })));
}

/**
 * A pending invitation written straight into the database, with its link's token: what inviting
 * stores, without the mail (tests/integration/workspaces/invitations.test.ts sends it for real)
 * or the inviter's limits.
 */
export async function addInvitation(
  workspaceId: string,
  email: string,
  role: (typeof INVITED_ROLES)[number] = "member",
) {
  const token = randomBytes(32).toString("base64url");
  const [stored] = await getDb()
    .insert(workspaceInvitation)
    .values({
      workspaceId,
      email,
      role,
      tokenHash: createHash("sha256").update(token).digest("hex"),
      expiresAt: new Date(Date.now() + 60 * 60_000),
    })
    .returning({ id: workspaceInvitation.id });
  return { id: stored?.id ?? "", token };
}

/** A new account's new workspace, with a second new account in it as `role`. */
export async function workspaceWithMember(role: WorkspaceRole, name = "Team") {
  const [owner, member] = await Promise.all([createSignedInUser(), createSignedInUser()]);
  const { id } = await expectJson<{ id: string }>(
    await workspaceApi(owner.headers).create({ name }),
    201,
  );
  await addMembers(id, [[member.user.id, role]]);
  return { id, owner, member };
}
