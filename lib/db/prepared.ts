import type { Database } from "./client";

/**
 * A statement that runs on nearly every request, prepared once per database client: drizzle then
 * renders its SQL once instead of on every call (~80 µs of the request's one JavaScript thread).
 * The statement should stay PostgreSQL's unnamed one (`.prepare("")`): a named one would collide
 * on the embedded PGlite, where every connection shares one backend, and on transaction-mode
 * poolers.
 */
export function preparedPerDatabase<Query>(
  prepare: (db: Database) => Query,
): (db: Database) => Query {
  const prepared = new WeakMap<Database, Query>();
  return (db) => {
    let query = prepared.get(db);
    if (!query) {
      query = prepare(db);
      prepared.set(db, query);
    }
    return query;
  };
}
