import type { WorkspaceRole } from "@/lib/db/schema";
import { allowance, WORKSPACE_ACTIONS, type WorkspaceAction } from "./permissions";

/** What a role may do, action by action: what a workspace page offers (the API checks anyway). */
export type Allowances = Record<WorkspaceAction, "any" | "own" | "none">;

export function allowancesOf(role: WorkspaceRole): Allowances {
  return Object.fromEntries(
    WORKSPACE_ACTIONS.map((action) => [action, allowance(action, role)]),
  ) as Allowances;
}
