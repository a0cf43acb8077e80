import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { OwnerScope } from "@/lib/auth/core/guard";
import type { ChooseWorkspace } from "@/lib/auth/oauth";
import { getDb } from "@/lib/db/client";
import { workspace, workspaceMember } from "@/lib/db/schema";
import { HttpError } from "@/lib/http/errors";
import { resourceUrl } from "@/lib/http/protected-resources";
import type { ApiScope } from "@/lib/validation/api-scopes";
import { type GrantableWorkspace, PERSONAL_TASKS } from "./app-grant-choice";
import { PERMISSIONS } from "./permissions";

/** What an app asks for, as the authorization request (or the device request) was checked. */
export type RequestedAccess = { scopes: readonly ApiScope[]; resource: string };

/**
 * The roles whose member can give an app what it asks for in a workspace: a request that writes
 * needs a role that creates tasks, one that only reads any member. A request without a task scope
 * or for another resource than the task API (the MCP endpoint stays personal) gets none. A viewer
 * is therefore never offered a grant that writes: its writes would all be refused.
 */
function rolesFor({ scopes, resource }: RequestedAccess) {
  if (resource !== resourceUrl("tasks")) return [];
  if (scopes.includes("tasks:write")) return PERMISSIONS["tasks.create"].any;
  if (scopes.includes("tasks:read")) return PERMISSIONS["tasks.read"].any;
  return [];
}

/**
 * The shared workspaces the user may give an app access to instead of their personal tasks,
 * oldest first: those they are a member of with a role that can do what the app asks.
 */
export async function grantableWorkspaces(
  owner: OwnerScope,
  access: RequestedAccess,
): Promise<GrantableWorkspace[]> {
  const roles = rolesFor(access);
  if (roles.length === 0) return [];
  return getDb()
    .select({ id: workspace.id, name: workspace.name })
    .from(workspaceMember)
    .innerJoin(workspace, eq(workspace.id, workspaceMember.workspaceId))
    .where(
      and(
        owner.owns(workspaceMember.userId),
        isNull(workspace.personalOwnerId),
        inArray(workspaceMember.role, [...roles]),
      ),
    )
    .orderBy(asc(workspace.createdAt), workspace.id);
}

/**
 * The workspace the user chose on a consent page (`workspace`: PERSONAL_TASKS or an id), checked
 * again at the answer: null for the personal tasks, else one of `grantableWorkspaces`. A workspace
 * the user is not in, or in with too small a role, is refused without saying which.
 */
export const workspaceChoice =
  (owner: OwnerScope, chosen: string | undefined): ChooseWorkspace =>
  (access) =>
    chosenWorkspace(owner, access, chosen);

async function chosenWorkspace(
  owner: OwnerScope,
  access: RequestedAccess,
  chosen: string | undefined,
): Promise<string | null> {
  if (chosen === undefined || chosen === PERSONAL_TASKS) return null;
  const offered = await grantableWorkspaces(owner, access);
  const found = offered.find(({ id }) => id === chosen);
  if (found) return found.id;
  throw new HttpError(400, "validation_error", "Choose your personal tasks or a listed workspace", {
    fields: { workspace: ["Not one of the workspaces you can give this app"] },
  });
}
