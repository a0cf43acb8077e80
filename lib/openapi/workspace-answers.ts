import { z } from "zod";
import { INVITED_ROLES, WORKSPACE_ROLES } from "@/lib/db/schema";
import { type Answer, error, limited, taskBody, timestamp, unauthenticated } from "./responses";

/** The answers of the workspace routes (docs/workspaces.md), beside ./responses.ts. */

export const workspaceBody = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    personal: z.boolean(),
    role: z.enum(WORKSPACE_ROLES),
    createdAt: timestamp,
  })
  .meta({ id: "Workspace" });

export const memberBody = z.strictObject({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(WORKSPACE_ROLES),
  joinedAt: timestamp,
});

export const invitationBody = z
  .strictObject({
    id: z.uuid(),
    email: z.string(),
    role: z.enum(INVITED_ROLES),
    expiresAt: timestamp,
    createdAt: timestamp,
  })
  .meta({ id: "WorkspaceInvitation" });

export const workspaceTaskBody = taskBody
  .extend({ workspaceId: z.uuid(), createdBy: z.string(), assigneeId: z.string().nullable() })
  .meta({ id: "WorkspaceTask" });

/** A list answer: `{ items }`. */
export const items = (item: z.ZodType) => z.strictObject({ items: z.array(item) });

export const forbidden = error("The caller's role in the workspace does not allow this");
export const forbiddenToInvite = error(
  "The caller's role in the workspace does not allow this, or the caller's address is not confirmed yet (`address_not_proven`)",
);
export const conflict = error(
  "Refused for the workspace's sake: the last owner, a personal workspace, an existing member, too many invitations",
);
export const done: Answer = { description: "Done" };

/** What every route of one workspace may answer besides its own answers. */
export const workspaceRefusals = {
  401: unauthenticated,
  404: error("No such workspace, or the caller is not (or no longer) a member"),
  429: limited,
};
