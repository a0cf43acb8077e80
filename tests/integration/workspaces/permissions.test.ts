import { inArray } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { type WorkspaceRole, workspace } from "@/lib/db/schema";
import {
  allowance,
  PERMISSIONS,
  WORKSPACE_ACTIONS,
  type WorkspaceAction,
} from "@/lib/workspaces/permissions";
import { createSignedInUser } from "../../support/auth";
import { uniqueEmail } from "../../support/http";
import {
  addInvitation,
  addMembers,
  expectJson,
  type WorkspaceApi,
  workspaceApi,
} from "../../support/workspaces";

/**
 * The permission table (lib/workspaces/permissions.ts), tested from the table itself: every
 * action, by every role, against the real API. An action added to the table without a probe
 * here does not compile (`Record<WorkspaceAction, Probe>`), and the loop below runs whatever
 * the table holds.
 */

type User = Awaited<ReturnType<typeof createSignedInUser>>;
type Fixture = {
  id: string;
  /** A task the acting user wrote, and one someone else wrote. */
  ownTaskId: string;
  othersTaskId: string;
  /** A plain member the managers can act on, and a pending invitation. */
  targetId: string;
  invitationId: string;
};
type Probe = (api: WorkspaceApi, fixture: Fixture, row: "own" | "others") => Promise<Response>;

const PROBES: Record<WorkspaceAction, Probe> = {
  "workspace.read": (api, f) => api.get(f.id),
  "workspace.rename": (api, f) => api.rename(f.id, { name: "Renamed" }),
  "workspace.delete": (api, f) => api.delete(f.id, { confirmName: "Team" }),
  "workspace.transfer": (api, f) => api.transfer(f.id, { userId: f.targetId }),
  "workspace.leave": (api, f) => api.leave(f.id),
  "members.list": (api, f) => api.members(f.id),
  "members.manage": (api, f) => api.changeRole(f.id, f.targetId, { role: "viewer" }),
  "invitations.list": (api, f) => api.invitations(f.id),
  "invitations.manage": (api, f) => api.revoke(f.id, f.invitationId),
  "tasks.read": (api, f) => api.tasks(f.id),
  "tasks.create": (api, f) => api.createTask(f.id, { title: "New" }),
  "tasks.edit": (api, f, row) =>
    api.patchTask(f.id, row === "own" ? f.ownTaskId : f.othersTaskId, { title: "Edited" }),
  "tasks.complete": (api, f) => api.patchTask(f.id, f.othersTaskId, { status: "completed" }),
  "tasks.delete": (api, f, row) =>
    api.deleteTask(f.id, row === "own" ? f.ownTaskId : f.othersTaskId),
  "stats.read": (api, f) => api.stats(f.id),
};

const ROLES: WorkspaceRole[] = ["owner", "admin", "member", "viewer"];
let people: Record<WorkspaceRole | "coOwner" | "target" | "outsider" | "siteAdmin", User>;

beforeAll(async () => {
  const [owner, coOwner, admin, member, viewer, target, outsider, siteAdmin] = await Promise.all([
    createSignedInUser(),
    createSignedInUser(),
    createSignedInUser(),
    createSignedInUser(),
    createSignedInUser(),
    createSignedInUser(),
    createSignedInUser(),
    createSignedInUser({ role: "admin" }),
  ]);
  people = { owner, coOwner, admin, member, viewer, target, outsider, siteAdmin } as typeof people;
});

// Each probe's workspaces go after it: one owner makes them all, within what one account may own.
const made: string[] = [];
afterEach(async () => {
  await getDb()
    .delete(workspace)
    .where(inArray(workspace.id, made.splice(0)));
});

/** A fresh workspace for one probe: two owners (so one may leave), one of each other role. */
async function fixtureFor(actor: User): Promise<Fixture> {
  const ownerApi = workspaceApi(people.owner.headers);
  const { id } = await expectJson<{ id: string }>(await ownerApi.create({ name: "Team" }), 201);
  await addMembers(id, [
    [people.coOwner.user.id, "owner"],
    [people.admin.user.id, "admin"],
    [people.member.user.id, "member"],
    [people.viewer.user.id, "viewer"],
    [people.target.user.id, "member"],
  ]);
  const others = await expectJson<{ id: string }>(
    await workspaceApi(people.coOwner.headers).createTask(id, { title: "Someone else's" }),
    201,
  );
  // A viewer cannot write a task: theirs is written as the co-owner's would be, and never used.
  const authorApi = workspaceApi((actor === people.viewer ? people.coOwner : actor).headers);
  const own = await expectJson<{ id: string }>(
    await authorApi.createTask(id, { title: "Own" }),
    201,
  );
  const invitation = await addInvitation(id, uniqueEmail("invited"));
  made.push(id);
  return {
    id,
    ownTaskId: own.id,
    othersTaskId: others.id,
    targetId: people.target.user.id,
    invitationId: invitation.id,
  };
}

describe.each(WORKSPACE_ACTIONS)("%s", (action) => {
  it.each(ROLES)("as %s: as the permission table says", async (role) => {
    const actor = people[role];
    const api = workspaceApi(actor.headers);
    const allowed = allowance(action, role);
    const rows = allowed === "own" ? (["own", "others"] as const) : (["others"] as const);
    for (const row of rows) {
      const response = await PROBES[action](api, await fixtureFor(actor), row);
      const permitted = allowed === "any" || (allowed === "own" && row === "own");
      if (permitted) {
        expect(
          response.status,
          `${action} by ${role} on ${row}: ${await response.clone().text()}`,
        ).toBeLessThan(300);
      } else {
        expect(response.status, `${action} by ${role} on ${row}`).toBe(403);
        expect((await response.json()).error.code).toBe("forbidden");
      }
    }
  });

  it.each(["outsider", "siteAdmin"] as const)(
    "as %s (not a member): 404, as if the workspace did not exist",
    async (who) => {
      const response = await PROBES[action](
        workspaceApi(people[who].headers),
        await fixtureFor(people.owner),
        "others",
      );
      expect(response.status).toBe(404);
      expect((await response.json()).error.code).toBe("not_found");
    },
  );
});

it("the table names a grant for every action, and only roles that exist", () => {
  for (const action of WORKSPACE_ACTIONS) {
    const grant: { any: readonly string[]; own?: readonly string[] } = PERMISSIONS[action];
    for (const role of [...grant.any, ...(grant.own ?? [])]) expect(ROLES).toContain(role);
  }
});
