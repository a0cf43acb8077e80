import { z } from "zod";
import { email } from "@/lib/auth/fields/fields";
import { INVITED_ROLES, WORKSPACE_ROLES } from "@/lib/db/schema";
import { requiredSingleLineText, storableText } from "@/lib/validation/text";

/** The workspace API's request contract: strict bodies, as the task API's. */

const WORKSPACE_NAME_MAX_LENGTH = 100;
const workspaceName = requiredSingleLineText(
  { empty: "Name is required", tooLong: `At most ${WORKSPACE_NAME_MAX_LENGTH} characters` },
  WORKSPACE_NAME_MAX_LENGTH,
);
const userId = storableText.min(1, "Name a member").max(100);

export const workspaceNameSchema = z.strictObject({ name: workspaceName });
export const deleteWorkspaceSchema = z.strictObject({
  confirmName: storableText.max(1000, "Does not match the workspace's name"),
});
export const changeRoleSchema = z.strictObject({ role: z.enum(WORKSPACE_ROLES) });
export const transferSchema = z.strictObject({ userId });
export const inviteSchema = z.strictObject({
  email,
  role: z.enum(INVITED_ROLES).default("member"),
});
export const acceptInvitationSchema = z.strictObject({
  token: z.string().min(1, "The link has no token").max(200, "Not an invitation token"),
});
