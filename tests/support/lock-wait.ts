/**
 * Until `waiters` other backends on this test's database wait for a lock (a statement blocked by
 * a row the test holds, or by one another holds). `query` runs on a connection of the test's own,
 * inside its transaction or not.
 */
export async function waitForLockWait(
  query: (text: string) => Promise<{ rows: unknown[] }>,
  waiter: string,
  waiters = 1,
): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    // Inside a transaction PostgreSQL answers pg_stat_activity from the snapshot its first read
    // took, until told to take a new one.
    await query("select pg_stat_clear_snapshot()");
    const { rows } = await query(
      "select 1 from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid() and datname = current_database()",
    );
    if (rows.length >= waiters) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${waiter} never waited for the row lock`);
}
