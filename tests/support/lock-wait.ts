type Query = (text: string) => Promise<{ rows: unknown[] }>;

/**
 * How many other backends on this test's database wait for a lock now (statements blocked by a
 * row the test holds, or by each other). `query` runs on a connection of the test's own, inside
 * its transaction or not.
 */
export async function lockWaiters(query: Query): Promise<number> {
  // Inside a transaction PostgreSQL answers pg_stat_activity from the snapshot its first read
  // took, until told to take a new one.
  await query("select pg_stat_clear_snapshot()");
  const { rows } = await query(
    "select 1 from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid() and datname = current_database()",
  );
  return rows.length;
}

/** Until `waiters` other backends wait for a lock (see `lockWaiters`). */
export async function waitForLockWait(query: Query, waiter: string, waiters = 1): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await lockWaiters(query)) >= waiters) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${waiter} never waited for the row lock`);
}
