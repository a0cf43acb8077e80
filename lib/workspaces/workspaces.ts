import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import { addressNotProven } from "@/lib/auth/account/proven-address";
import type { OwnerScope } from "@/lib/auth/core/guard";
import { type Database, getDb } from "@/lib/db/client";
import { preparedPerDatabase } from "@/lib/db/prepared";
import { user, workspace, workspaceMember } from "@/lib/db/schema";
import { HttpError } from "@/lib/http/errors";
import { workspaceNotFound } from "@/lib/http/workspace-refusal";
import { preparedWorkspaceScope, type WorkspaceScope } from "./scope";

/** A workspace as one of its members sees it: with their own role in it. */
const workspaceView = {
  id: workspace.id,
  name: workspace.name,
  personal: sql<boolean>`${workspace.personalOwnerId} is not null`,
  createdAt: workspace.createdAt,
};

/** The caller's workspaces, personal first, with their role in each (the switcher). */
export async function listWorkspaces(owner: OwnerScope) {
  return getDb()
    .select({ ...workspaceView, role: workspaceMember.role })
    .from(workspaceMember)
    .innerJoin(workspace, eq(workspace.id, workspaceMember.workspaceId))
    .where(owner.owns(workspaceMember.userId))
    .orderBy(sql`${workspace.personalOwnerId} is null`, asc(workspace.createdAt), workspace.id);
}

export type WorkspaceView = Awaited<ReturnType<typeof listWorkspaces>>[number];

/**
 * Shared workspaces one account may create while it owns this many: each is rows, a line in
 * the switcher and in token introspection, which answer all of a user's workspaces at once.
 * Ownership handed over by others does not count against the creation of theirs.
 */
export const MAX_OWNED_WORKSPACES = 50;

/**
 * Sharing needs a proven address: an unproven account may be a stranger who registered someone
 * else's address (docs/architecture.md, "Who owns an account"), and nobody it let into a
 * workspace may be there when the address's owner proves it and holds the account.
 */
export const sharingNeedsProvenAddress = () =>
  addressNotProven("shared workspaces and invitations need a confirmed address");

/** A new shared workspace, with the caller as its owner. */
export async function createWorkspace(owner: OwnerScope, name: string): Promise<WorkspaceView> {
  return getDb().transaction(async (tx) => {
    const [creator] = await tx
      .select({ proven: user.emailVerified })
      .from(user)
      .where(owner.owns(user.id));
    // No row: the session ended meanwhile, and the insert below answers that.
    if (creator && !creator.proven) throw sharingNeedsProvenAddress();
    const [owned] = await tx
      .select({ count: count() })
      .from(workspaceMember)
      .innerJoin(workspace, eq(workspace.id, workspaceMember.workspaceId))
      .where(
        and(
          owner.owns(workspaceMember.userId),
          eq(workspaceMember.role, "owner"),
          isNull(workspace.personalOwnerId),
        ),
      );
    if ((owned?.count ?? 0) >= MAX_OWNED_WORKSPACES) {
      throw new HttpError(
        409,
        "too_many_workspaces",
        `Delete or hand over a workspace first: you may own ${MAX_OWNED_WORKSPACES}`,
      );
    }
    const [created] = await tx.insert(workspace).values({ name }).returning(workspaceView);
    if (!created) throw new Error("insert returned no row");
    await tx
      .insert(workspaceMember)
      .values({ workspaceId: created.id, userId: owner.ownerValue(), role: "owner" });
    return { ...created, role: "owner" as const };
  });
}

// Every workspace page and GET /api/workspaces/{id} read it.
const workspaceQuery = preparedPerDatabase((db: Database) =>
  db
    .select({ ...workspaceView, role: preparedWorkspaceScope.callerRole() })
    .from(workspace)
    .where(preparedWorkspaceScope.permits("workspace.read", workspace.id))
    .prepare(""),
);

export async function getWorkspace(scope: WorkspaceScope): Promise<WorkspaceView> {
  const [found] = await scope.execute(workspaceQuery(getDb()));
  if (!found) throw workspaceNotFound();
  return found as WorkspaceView;
}

export async function renameWorkspace(scope: WorkspaceScope, name: string): Promise<WorkspaceView> {
  const [renamed] = await getDb()
    .update(workspace)
    .set({ name })
    .where(scope.permits("workspace.rename", workspace.id))
    .returning({ ...workspaceView, role: scope.callerRole() });
  if (!renamed) throw workspaceNotFound();
  return renamed as WorkspaceView;
}

/**
 * Deletes a shared workspace with its tasks, members and invitations (foreign keys cascade).
 * The request must repeat the workspace's name: deleting everyone's tasks is not a misclick.
 */
export async function deleteWorkspace(scope: WorkspaceScope, confirmName: string): Promise<void> {
  const deleted = await getDb()
    .delete(workspace)
    .where(
      and(
        scope.permits("workspace.delete", workspace.id),
        isNull(workspace.personalOwnerId),
        eq(workspace.name, confirmName),
      ),
    )
    .returning({ id: workspace.id });
  if (deleted.length > 0) return;
  const found = await getWorkspace(scope);
  if (found.personal) throw personalWorkspace();
  throw new HttpError(400, "validation_error", "Type the workspace's name to delete it", {
    fields: { confirmName: ["Does not match the workspace's name"] },
  });
}

/** What a personal workspace refuses: it has its owner only, and goes with the account. */
export const personalWorkspace = () =>
  new HttpError(409, "personal_workspace", "A personal workspace has only its owner");
