import { z } from "zod";
import { requireWorkspaceCaller } from "@/lib/workspaces/scope";

/**
 * What every route of one workspace declares: its section, its guard, the workspace's id. A
 * workspace the caller is not a member of answers exactly like a missing one (404). Not a route
 * itself (only files named route.ts are).
 */
export const IN_WORKSPACE = {
  tag: "Workspaces",
  auth: { user: requireWorkspaceCaller },
  // A route here that declares a scope takes an app's grant for this workspace, never a key.
  apiKeys: false,
  params: z.strictObject({ id: z.uuid() }),
} as const;

/** What the routes of one pending invitation of a workspace declare. */
export const ON_ONE_INVITATION = {
  ...IN_WORKSPACE,
  params: IN_WORKSPACE.params.extend({ invitationId: z.uuid() }),
};
