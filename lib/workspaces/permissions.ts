import { WORKSPACE_ROLES, type WorkspaceRole } from "@/lib/db/schema";

/**
 * Who may do what in a workspace, written once. `any`: the roles that may act on every row;
 * `own`: the roles that may act only on rows they wrote (a task's author). A role in neither is
 * refused with 403. The guard's statement reads the caller's current role and applies this row
 * (lib/workspaces/scope.ts), the API docs and the UI show it, and the integration test calls
 * every action with every role (tests/integration/workspaces/permissions.test.ts).
 *
 * Rules that depend on the target as well as the role live with the member operations
 * (lib/workspaces/members.ts): the last owner can neither leave nor be demoted, only an owner
 * hands out or takes away ownership, and a personal workspace has its owner only.
 */
export type Grant = { any: readonly WorkspaceRole[]; own?: readonly WorkspaceRole[] };

const everyone = WORKSPACE_ROLES;
const managers = ["owner", "admin"] as const;
const writers = ["owner", "admin", "member"] as const;

// biome-ignore format: a table reads best as one
export const PERMISSIONS = {
  "workspace.read":     { any: everyone },
  "workspace.rename":   { any: ["owner"] },
  "workspace.delete":   { any: ["owner"] },
  "workspace.transfer": { any: ["owner"] },
  "workspace.leave":    { any: everyone },
  "members.list":       { any: everyone },
  "members.manage":     { any: managers },
  "invitations.list":   { any: managers },
  "invitations.manage": { any: managers },
  "tasks.read":         { any: everyone },
  "tasks.create":       { any: writers },
  "tasks.edit":         { any: managers, own: ["member"] },
  "tasks.complete":     { any: writers },
  "tasks.delete":       { any: managers, own: ["member"] },
  "stats.read":         { any: everyone },
} as const satisfies Record<string, Grant>;

export type WorkspaceAction = keyof typeof PERMISSIONS;
export const WORKSPACE_ACTIONS = Object.keys(PERMISSIONS) as WorkspaceAction[];

/** What `role` may do for `action`: on every row, on its own rows only, or nothing. */
export function allowance(action: WorkspaceAction, role: WorkspaceRole): "any" | "own" | "none" {
  const grant: Grant = PERMISSIONS[action];
  if (grant.any.includes(role)) return "any";
  if (grant.own?.includes(role)) return "own";
  return "none";
}
