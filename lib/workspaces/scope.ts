import { and, eq, or, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { type AuthContext, requireWorkspaceGrant, signedInClaims } from "@/lib/auth/core/guard";
import { workspace, workspaceMember } from "@/lib/db/schema";
import { noteRequestUser } from "@/lib/http/log";
import { enforceRateLimit } from "@/lib/rate-limit/index";
import { isUuid } from "@/lib/validation/uuid";
import { type Grant, PERMISSIONS, type WorkspaceAction } from "./permissions";

const MINT = Symbol("workspace scope");

// A malformed id names no workspace: it is matched as no id at all, so the statement still
// proves the session (401 for an ended one) before it answers 404.
const NO_WORKSPACE = "00000000-0000-0000-0000-000000000000";
const workspaceIdOf = (id: string) => (isUuid(id) ? id : NO_WORKSPACE);

const personalWorkspaceOf = (user: SQL) =>
  sql`(select ${workspace.id} from ${workspace} where ${workspace.personalOwnerId} = ${user})`;

/** What a scope's statements compare with: a request's values, or a template's placeholders. */
type Parts = { session: SQL; user: SQL; workspace: SQL };

/** A request's values for the placeholders of `preparedWorkspaceScope`. */
type PreparedValues = { scopeSession: string; scopeUser: string; scopeWorkspace: string | null };

// The roles of the permission table are our constants: inlined, so the statement's text names
// what it checks and stays the same for every caller.
const roleArray = (roles: readonly string[] = []) =>
  sql.raw(`array[${roles.map((role) => `'${role}'`).join(", ")}]::text[]`);

/**
 * The rows of one workspace a request may touch, and what it may do with them, while the
 * caller's session is active and the caller is a member. A statement puts
 * `scope.permits(action, table.workspaceColumn, table.authorColumn?)` in its WHERE (AND-ed with
 * the rest, never under an OR), and an INSERT writes `scope.workspaceValue(action)` and
 * `scope.authorValue()`. There is no workspace or user id to compare with, and no way to make a
 * scope but the guards below: a scope is proof that the guard ran.
 *
 * Every check rides on the statement: `workspace_access(sid, sub, workspace, any, own)`
 * (drizzle/0010) names no column, so PostgreSQL evaluates it once, before it reads a row. In one
 * indexed lookup it proves the session active (else SQLSTATE TF401: 401), the caller a member
 * (else TF404: 404, a workspace you are not in does not exist for you) and reads the current role
 * against the permission table (else TF403: 403). A removal or a demotion is therefore seen by
 * the very next statement, on every instance, without a round trip of its own; the access
 * token's claims say nothing about roles (an app's token names the one workspace its grant is
 * for, and no other is reached with it).
 */
export class WorkspaceScope {
  readonly #parts: Parts;
  readonly #values: PreparedValues | undefined;

  constructor(mint: typeof MINT, parts: Parts, values?: PreparedValues) {
    // The class is reachable from any scope (`scope.constructor`): the symbol is not.
    if (mint !== MINT) throw new Error("Workspace scopes are made by lib/workspaces/scope.ts");
    this.#parts = parts;
    this.#values = values;
  }

  /** `workspace_access(...)` for `action`: 'any', 'own', or the statement fails. */
  #access(action: WorkspaceAction): SQL {
    const grant: Grant = PERMISSIONS[action];
    const { session, user, workspace: target } = this.#parts;
    return sql`(select workspace_access(${session}, ${user}, ${target}, ${roleArray(grant.any)}, ${roleArray(grant.own)}))`;
  }

  /**
   * The condition "this row is in the workspace, and the caller may do `action` to it". An
   * action that some roles may do to their own rows only needs the row's author column.
   */
  permits(action: WorkspaceAction, workspaceColumn: PgColumn, authorColumn?: PgColumn): SQL {
    const checked = sql`${this.#access(action)} is not null`;
    const inWorkspace = eq(workspaceColumn, this.#parts.workspace);
    const grant: Grant = PERMISSIONS[action];
    if (!grant.own) return and(checked, inWorkspace) as SQL;
    if (!authorColumn) throw new Error(`${action} depends on the row's author: name its column`);
    const onRow = or(sql`${this.#access(action)} = 'any'`, eq(authorColumn, this.#parts.user));
    return and(checked, inWorkspace, onRow) as SQL;
  }

  /** The workspace column's value in an INSERT: the check of `action` runs for the new row. */
  workspaceValue(action: WorkspaceAction): SQL<string> {
    return sql<string>`(select ${this.#parts.workspace} where ${this.#access(action)} is not null)`;
  }

  /** The author column's value in an INSERT: the caller. */
  authorValue(): SQL<string> {
    return sql<string>`${this.#parts.user}`;
  }

  /** The caller's current role here, as a value to select beside rows `permits` matched. */
  callerRole(): SQL<string> {
    const { user, workspace: target } = this.#parts;
    return sql<string>`(select ${workspaceMember.role} from ${workspaceMember} where ${workspaceMember.workspaceId} = ${target} and ${workspaceMember.userId} = ${user})`;
  }

  /** The condition "this user column names the caller". */
  isCaller(userColumn: PgColumn): SQL {
    return eq(userColumn, this.#parts.user);
  }

  /**
   * Runs a statement prepared once (lib/db/prepared.ts) over `preparedWorkspaceScope`'s
   * placeholders with this scope's values, which stay inside the scope: drizzle renders the
   * statement's SQL once per process instead of on every request, the JavaScript thread's
   * largest cost in a workspace read after the framework's own.
   */
  execute<Result>(statement: {
    execute(values: PreparedValues): Promise<Result>;
  }): Promise<Result> {
    if (!this.#values) throw new Error("run prepared statements with a request's scope");
    return statement.execute(this.#values);
  }
}

/**
 * The scope of a statement prepared once, whose conditions are placeholders: write the statement
 * with it, and run it with `scope.execute(statement)`. It has no values of its own, so a
 * statement run any other way fails for want of them: it grants nothing.
 */
export const preparedWorkspaceScope = new WorkspaceScope(MINT, {
  session: sql`${sql.placeholder("scopeSession")}`,
  user: sql`${sql.placeholder("scopeUser")}`,
  workspace: sql`coalesce(${sql.placeholder("scopeWorkspace")}::uuid, ${personalWorkspaceOf(sql`${sql.placeholder("scopeUser")}`)})`,
});

/** Either one workspace, by the id a request named, or the caller's personal workspace. */
export type WorkspaceTarget = { id: string } | "personal";

/** The scope of `target` for a caller whose session the request's statements will prove. */
function scopeFor(sessionId: string, userId: string, target: WorkspaceTarget): WorkspaceScope {
  const workspaceId = target === "personal" ? null : workspaceIdOf(target.id);
  const user = sql`${userId}`;
  return new WorkspaceScope(
    MINT,
    {
      session: sql`${sessionId}`,
      user,
      workspace: workspaceId ? sql`${workspaceId}::uuid` : personalWorkspaceOf(user),
    },
    { scopeSession: sessionId, scopeUser: userId, scopeWorkspace: workspaceId },
  );
}

/** What the guard of a workspace route hands its handler: the scope of the workspace it names. */
export type WorkspaceCaller = { in(target: WorkspaceTarget): WorkspaceScope };

/**
 * The guard of a workspace request: it verifies the access token and counts the request against
 * the task API's per-user limit; the session, the membership and the role are checked by the
 * request's own statements (above). A route reads the workspace from its path after the guard
 * ran, so the guard answers with the caller, whose `in(target)` makes the scope.
 */
export async function requireWorkspaceCaller(request: Request): Promise<WorkspaceCaller> {
  const claims = await signedInClaims(request.headers);
  if (!claims) return appCaller(request);
  noteRequestUser(request, claims.sub);
  await enforceRateLimit("tasks-user", claims.sub);
  return {
    in: (target) => scopeFor(claims.sid, claims.sub, target),
  };
}

/**
 * An app's token, on a route that declares a scope its grant holds, and only if the grant is for
 * a workspace (lib/auth/core/guard.ts `requireWorkspaceGrant`): its scope reaches that workspace
 * alone. Any other target names no workspace, so the statement answers 404, as for a workspace
 * the user is not in; membership and role are proven by the statement as for the user's own
 * sign-in, the grant being a session of theirs.
 */
async function appCaller(request: Request): Promise<WorkspaceCaller> {
  const grant = await requireWorkspaceGrant(request);
  noteRequestUser(request, grant.sub);
  await enforceRateLimit("tasks-user", grant.sub);
  const granted = (target: WorkspaceTarget): WorkspaceTarget =>
    target !== "personal" && target.id.toLowerCase() === grant.workspaceId
      ? target
      : { id: NO_WORKSPACE };
  return { in: (target) => scopeFor(grant.sid, grant.sub, granted(target)) };
}

/** The scope of a workspace for a session the guard has checked (a page's session). */
export function workspaceOfSession(context: AuthContext, target: WorkspaceTarget): WorkspaceScope {
  return scopeFor(context.sessionId, context.user.id, target);
}
