import { z } from "zod";
import { INVITED_ROLES, WORKSPACE_ROLES } from "@/lib/db/schema";
import { createWorkspaceTaskSchema, updateWorkspaceTaskSchema } from "@/lib/tasks/assignee";
import { listTasksQuerySchema, statsQuerySchema } from "@/lib/tasks/schemas";
import {
  acceptInvitationSchema,
  changeRoleSchema,
  deleteWorkspaceSchema,
  inviteSchema,
  transferSchema,
  workspaceNameSchema,
} from "@/lib/workspaces/schemas";
import type { Operation } from "./document";
import { type Answer, errorBody, taskBody, taskStatsBody, timestamp } from "./responses";

/** The workspace API (docs/workspaces.md) in the OpenAPI document. */

const error = (description: string): Answer => ({ description, body: errorBody });
const invalid = error("The body or query is invalid: `fields` names each problem");
const unauthenticated = error("No valid access token, or its session has ended");
const notMember = error("No such workspace, or the caller is not (or no longer) a member");
const forbidden = error("The caller's role in the workspace does not allow this");
const conflict = error(
  "Refused for the workspace's sake: the last owner, a personal workspace, an existing member",
);
const done: Answer = { description: "Done" };

const workspaceBody = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    personal: z.boolean(),
    role: z.enum(WORKSPACE_ROLES),
    createdAt: timestamp,
  })
  .meta({ id: "Workspace" });
const memberBody = z.strictObject({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(WORKSPACE_ROLES),
  joinedAt: timestamp,
});
const invitationBody = z
  .strictObject({
    id: z.uuid(),
    email: z.string(),
    role: z.enum(INVITED_ROLES),
    expiresAt: timestamp,
    createdAt: timestamp,
  })
  .meta({ id: "WorkspaceInvitation" });
const workspaceTaskBody = taskBody
  .extend({ workspaceId: z.uuid(), createdBy: z.string(), assigneeId: z.string().nullable() })
  .meta({ id: "WorkspaceTask" });
const items = (item: z.ZodType) => z.strictObject({ items: z.array(item) });

const id = z.strictObject({ id: z.uuid() });
const memberParams = z.strictObject({ id: z.uuid(), userId: z.string() });
const invitationParams = z.strictObject({ id: z.uuid(), invitationId: z.uuid() });
const taskParams = z.strictObject({ id: z.uuid(), taskId: z.uuid() });

type Shape = Omit<Operation, "tag" | "auth" | "responses"> & {
  responses: Record<number, Answer>;
};
/** Every workspace operation answers 401 and 404 alike; most may answer 403. */
const inWorkspace = ({ responses, ...shape }: Shape): Operation => ({
  ...shape,
  tag: "Workspaces",
  auth: "user",
  responses: { ...responses, 401: unauthenticated, 404: notMember },
});

export const WORKSPACE_OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/api/workspaces",
    tag: "Workspaces",
    auth: "user",
    summary: "The caller's workspaces, personal first, with the caller's role in each",
    responses: {
      200: { description: "The list", body: items(workspaceBody) },
      401: unauthenticated,
    },
  },
  {
    method: "post",
    path: "/api/workspaces",
    tag: "Workspaces",
    auth: "user",
    summary: "Create a workspace, with the caller as its owner",
    body: workspaceNameSchema,
    responses: {
      201: { description: "The workspace (Location)", body: workspaceBody },
      400: invalid,
      401: unauthenticated,
    },
  },
  inWorkspace({
    method: "get",
    path: "/api/workspaces/{id}",
    summary: "One workspace, with the caller's role",
    params: id,
    responses: { 200: { description: "The workspace", body: workspaceBody } },
  }),
  inWorkspace({
    method: "patch",
    path: "/api/workspaces/{id}",
    summary: "Rename a workspace (owner)",
    params: id,
    body: workspaceNameSchema,
    responses: {
      200: { description: "Renamed", body: workspaceBody },
      400: invalid,
      403: forbidden,
    },
  }),
  inWorkspace({
    method: "delete",
    path: "/api/workspaces/{id}",
    summary: "Delete a workspace and its tasks (owner); `confirmName` repeats its name",
    params: id,
    body: deleteWorkspaceSchema,
    responses: { 204: done, 400: invalid, 403: forbidden, 409: conflict },
  }),
  inWorkspace({
    method: "get",
    path: "/api/workspaces/{id}/members",
    summary: "The members and their roles",
    params: id,
    responses: { 200: { description: "The members", body: items(memberBody) } },
  }),
  inWorkspace({
    method: "patch",
    path: "/api/workspaces/{id}/members/{userId}",
    summary: "Change a member's role (owner, admin; only an owner touches ownership)",
    params: memberParams,
    body: changeRoleSchema,
    responses: { 204: done, 400: invalid, 403: forbidden, 409: conflict },
  }),
  inWorkspace({
    method: "delete",
    path: "/api/workspaces/{id}/members/{userId}",
    summary: "Remove a member (owner, admin); their next request is 404",
    params: memberParams,
    responses: { 204: done, 403: forbidden, 409: conflict },
  }),
  inWorkspace({
    method: "post",
    path: "/api/workspaces/{id}/leave",
    summary: "Leave the workspace (not its last owner)",
    params: id,
    responses: { 204: done, 409: conflict },
  }),
  inWorkspace({
    method: "post",
    path: "/api/workspaces/{id}/transfer",
    summary: "Make another member the owner; the caller stays as an admin (owner)",
    params: id,
    body: transferSchema,
    responses: { 204: done, 400: invalid, 403: forbidden, 409: conflict },
  }),
  inWorkspace({
    method: "get",
    path: "/api/workspaces/{id}/invitations",
    summary: "Pending invitations (owner, admin); never their links",
    params: id,
    responses: {
      200: { description: "The invitations", body: items(invitationBody) },
      403: forbidden,
    },
  }),
  inWorkspace({
    method: "post",
    path: "/api/workspaces/{id}/invitations",
    summary: "Invite an address; the link is mailed, works once, for 7 days",
    params: id,
    body: inviteSchema,
    responses: {
      201: { description: "The invitation", body: invitationBody },
      400: invalid,
      403: forbidden,
      409: conflict,
    },
  }),
  inWorkspace({
    method: "delete",
    path: "/api/workspaces/{id}/invitations/{invitationId}",
    summary: "Revoke an invitation: its link stops working",
    params: invitationParams,
    responses: { 204: done, 403: forbidden },
  }),
  inWorkspace({
    method: "post",
    path: "/api/workspaces/{id}/invitations/{invitationId}/resend",
    summary: "Mail a new link; the previous one stops working",
    params: invitationParams,
    responses: { 204: done, 403: forbidden },
  }),
  {
    method: "post",
    path: "/api/workspaces/invitations/accept",
    tag: "Workspaces",
    auth: "user",
    summary: "Accept an invitation as the signed-in account of the invited, confirmed address",
    body: acceptInvitationSchema,
    responses: {
      200: { description: "Joined", body: z.strictObject({ workspaceId: z.uuid() }) },
      400: invalid,
      401: unauthenticated,
      403: error("The account's address is another, or not confirmed yet: the link stays usable"),
      404: error("The link is unknown, expired, revoked or used"),
    },
  },
  inWorkspace({
    method: "get",
    path: "/api/workspaces/{id}/tasks",
    summary: "The workspace's tasks, filtered, sorted and paged",
    params: id,
    query: listTasksQuerySchema,
    responses: {
      200: {
        description: "One page",
        body: z.strictObject({
          items: z.array(workspaceTaskBody),
          nextCursor: z.string().nullable(),
        }),
      },
      400: invalid,
    },
  }),
  inWorkspace({
    method: "post",
    path: "/api/workspaces/{id}/tasks",
    summary: "Create a task (owner, admin, member)",
    params: id,
    body: createWorkspaceTaskSchema,
    responses: {
      201: { description: "The task (ETag, Location)", body: workspaceTaskBody },
      400: invalid,
      403: forbidden,
    },
  }),
  inWorkspace({
    method: "get",
    path: "/api/workspaces/{id}/tasks/{taskId}",
    summary: "One task",
    params: taskParams,
    responses: { 200: { description: "The task (ETag)", body: workspaceTaskBody } },
  }),
  inWorkspace({
    method: "patch",
    path: "/api/workspaces/{id}/tasks/{taskId}",
    summary: "Change a task: its status alone completes it (members), any other field edits it",
    params: taskParams,
    body: updateWorkspaceTaskSchema,
    responses: {
      200: { description: "The changed task", body: workspaceTaskBody },
      400: invalid,
      403: forbidden,
      412: error("If-Match names another version"),
    },
  }),
  inWorkspace({
    method: "delete",
    path: "/api/workspaces/{id}/tasks/{taskId}",
    summary: "Delete a task (owner, admin; a member their own)",
    params: taskParams,
    responses: { 204: done, 403: forbidden },
  }),
  inWorkspace({
    method: "get",
    path: "/api/workspaces/{id}/stats",
    summary: "Counts of the workspace's tasks in the caller's time zone",
    params: id,
    query: statsQuerySchema,
    responses: { 200: { description: "The counts", body: taskStatsBody }, 400: invalid },
  }),
];
