import type { EventEmitter } from "node:events";

/**
 * Bounds on every wait for the database, shared by both drivers (both are node-postgres pools).
 * Our statements take milliseconds; a wait this long means the database or the network between
 * has stalled, and the request is better answered 503 (Retry-After) than held.
 */
export const WAIT_BOUNDS = {
  // Connecting (TCP, TLS, authentication); room for an event loop busy with bcrypt hashes.
  connectionTimeoutMillis: 10_000,
  // No reply at all to a sent statement, the client side's own clock: what ends a wait when the
  // network drops bytes, where no server-side timeout can answer.
  query_timeout: 8_000,
} as const;

// A connection whose reply went missing is out of step with its server for good: the pool must
// never hand it out again. The `connection` member is node-postgres's (and Neon's fork's).
type PooledClient = EventEmitter & {
  query: (...args: unknown[]) => unknown;
  release?: (error?: Error) => void;
  connection?: { stream?: { destroy?: () => void } };
};

type ClientPool = {
  on(event: "connect" | "acquire", listener: (client: PooledClient) => void): unknown;
  on(event: "release", listener: (error: unknown, client: PooledClient) => void): unknown;
};

/**
 * Makes a pool drop the connections a stall broke, which node-postgres alone does not:
 * - a statement that times out (query_timeout) leaves its connection waiting for a reply that
 *   will never come; node-postgres fails the statement but keeps the connection, so the pool
 *   would lend it again. Its socket is destroyed instead.
 * - drizzle's transaction() releases nothing when its BEGIN fails, and a connection that dies
 *   while lent out emits "error" with no listener (a crash). Such a connection is released to
 *   the pool with its error, which removes it; releasing it again later does nothing.
 * Checked by tests/integration/database-stall.test.ts through a proxy that drops bytes.
 */
export function dropStalledConnections(pool: ClientPool): void {
  const lent = new Set<PooledClient>();
  pool.on("acquire", (client) => lent.add(client));
  pool.on("release", (_error, client) => lent.delete(client));
  pool.on("connect", (client) => {
    destroyOnReadTimeout(client);
    client.on("error", (error: Error) => {
      if (!lent.has(client) || !client.release) return;
      const release = client.release;
      client.release = () => {};
      release(error);
    });
  });
}

function destroyOnReadTimeout(client: PooledClient): void {
  const query = client.query.bind(client);
  const destroyIfTimedOut = (error: unknown) => {
    if (error instanceof Error && error.message === "Query read timeout") {
      client.connection?.stream?.destroy?.();
    }
  };
  client.query = (...args: unknown[]) => {
    const callback = args.at(-1);
    if (typeof callback === "function") {
      args[args.length - 1] = (error: unknown, ...rest: unknown[]) => {
        destroyIfTimedOut(error);
        return callback(error, ...rest);
      };
    }
    const result = query(...args);
    if (result instanceof Promise) result.catch(destroyIfTimedOut);
    return result;
  };
}
