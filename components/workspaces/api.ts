import { apiFetch, apiJson } from "@/lib/client/api";
import type { TaskEndpoints } from "@/lib/client/tasks-api";
import type { Json } from "@/lib/http/json";
import type { MemberView } from "@/lib/workspaces/members";
import type { WorkspaceView } from "@/lib/workspaces/workspaces";

/**
 * The workspace pages' calls to the workspace API. Types only come from lib/ (erased at build);
 * the server checks every call against the caller's current role anyway.
 */
export type Workspace = Json<WorkspaceView>;
export type Member = Json<MemberView>;
export type Invitation = { id: string; email: string; role: string; expiresAt: string };

const base = (id: string) => `/api/workspaces/${id}`;

export const createWorkspace = (name: string) =>
  apiJson<Workspace>("/api/workspaces", { method: "POST", json: { name } });
export const renameWorkspace = (id: string, name: string) =>
  apiJson<Workspace>(base(id), { method: "PATCH", json: { name } });
export const deleteWorkspace = (id: string, confirmName: string) =>
  apiFetch(base(id), { method: "DELETE", json: { confirmName } });
export const leaveWorkspace = (id: string) => apiFetch(`${base(id)}/leave`, { method: "POST" });
export const transferOwnership = (id: string, userId: string) =>
  apiFetch(`${base(id)}/transfer`, { method: "POST", json: { userId } });

export const changeRole = (id: string, userId: string, role: string) =>
  apiFetch(`${base(id)}/members/${encodeURIComponent(userId)}`, {
    method: "PATCH",
    json: { role },
  });
export const removeMember = (id: string, userId: string) =>
  apiFetch(`${base(id)}/members/${encodeURIComponent(userId)}`, { method: "DELETE" });

export const listInvitations = (id: string) =>
  apiJson<{ items: Invitation[] }>(`${base(id)}/invitations`);
export const invite = (id: string, email: string, role: string) =>
  apiJson<Invitation>(`${base(id)}/invitations`, { method: "POST", json: { email, role } });
export const resendInvitation = (id: string, invitationId: string) =>
  apiFetch(`${base(id)}/invitations/${invitationId}/resend`, { method: "POST" });
export const revokeInvitation = (id: string, invitationId: string) =>
  apiFetch(`${base(id)}/invitations/${invitationId}`, { method: "DELETE" });
export const acceptInvitation = (token: string) =>
  apiJson<{ workspaceId: string }>("/api/workspaces/invitations/accept", {
    method: "POST",
    json: { token },
  });

/** The workspace's task API, for the task board (lib/client/tasks-api.ts). */
export const taskEndpoints = (id: string): TaskEndpoints => ({
  tasks: `${base(id)}/tasks`,
  stats: `${base(id)}/stats`,
});
