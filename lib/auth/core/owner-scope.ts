import { and, eq, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { AccessClaims } from "../tokens/tokens";

/**
 * Private to the guard (lib/auth/core/guard.ts), which makes every scope; `npm run lint` refuses an
 * import of this module from anywhere else but bench code (scripts/check-imports.ts, rule 3).
 * Code that uses a scope imports its type from the guard.
 */
const MINT = Symbol("owner scope");

/**
 * The rows a request may touch: the caller's own, while their session is active. A statement
 * puts `scope.owns(table.ownerColumn)` in its WHERE (AND-ed with the rest, never under an OR),
 * and an INSERT writes `scope.ownerValue()` into the owner column. There is no id to compare
 * with, and no other way to make one than the guard: a scope is proof that the guard ran.
 *
 * A scope made from an access token (`requireOwner`) carries its session check into the
 * statement: `owns()` adds `(select active_session_user(sid, sub)) is not null`, which names no
 * column, so PostgreSQL evaluates it once, before it reads a row (a One-Time Filter): a statement
 * that finds nothing has checked the session as surely as one that finds rows, and an ended
 * session fails the statement (SQLSTATE TF401, drizzle/0003), which handleRoute answers 401.
 * The session check costs no round trip of its own. A scope made from a session the guard has
 * already checked (`requireUser`, a page's session) compares with the user id only.
 */
export class OwnerScope {
  readonly #userId: string;
  /** `active_session_user(sid, sub)` for a token's scope: the user id, or TF401. */
  readonly #activeUser: SQL | undefined;

  constructor(mint: typeof MINT, userId: string, activeUser: SQL | undefined) {
    // The class is reachable from any scope (`scope.constructor`): the symbol is not.
    if (mint !== MINT) throw new Error("Owner scopes are made by lib/auth/core/guard.ts only");
    this.#userId = userId;
    this.#activeUser = activeUser;
  }

  /** The condition "this row belongs to the caller, whose session is active". */
  owns(ownerColumn: PgColumn): SQL {
    const isOwner = eq(ownerColumn, this.#userId);
    if (!this.#activeUser) return isOwner;
    return and(sql`(select ${this.#activeUser}) is not null`, isOwner) as SQL;
  }

  /** The owner column's value in an INSERT: the session check runs for the inserted row. */
  ownerValue(): SQL<string> {
    return this.#activeUser
      ? sql<string>`(select ${this.#activeUser})`
      : sql<string>`${this.#userId}`;
  }
}

/**
 * The scope of a verified access token (ours, or an app's, whose grant is a session), whose
 * session each statement checks itself.
 */
export function scopeCheckedInStatement({
  sid,
  sub,
}: Pick<AccessClaims, "sid" | "sub">): OwnerScope {
  return new OwnerScope(MINT, sub, sql`active_session_user(${sid}, ${sub})`);
}

/**
 * The scope of a user whose session the guard has just checked (or, in the bench's control
 * probe, a user the bench names: the same statements without the guard's work).
 */
export function scopeOfCheckedSession(userId: string): OwnerScope {
  return new OwnerScope(MINT, userId, undefined);
}
