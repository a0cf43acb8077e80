import type { AddressInfo } from "node:net";
import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy in front of a database, for fault tests: `cut()` drops every open connection and
 * refuses new ones (the database "stops"); `stall()` keeps every connection open, accepts new
 * ones, and silently drops every byte either way (a network that loses packets: no reset, no
 * reply, nothing to tell a client that anything is wrong); `restore()` lets bytes through again.
 * Bytes dropped during a stall are lost for good, as a stream protocol sees lost packets that
 * never arrive: connections that carried traffic then are out of step with their server.
 */
/** A proxy in front of the database at `databaseUrl`, and the same URL through the proxy. */
export async function proxyDatabase(databaseUrl: string) {
  const target = new URL(databaseUrl);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const proxied = new URL(target);
  proxied.port = String(proxy.port);
  return { proxy, url: proxied.toString() };
}

export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let down = false;
  let stalled = false;
  const forward = (from: Socket, to: Socket) =>
    from.on("data", (chunk) => {
      if (!stalled) to.write(chunk);
    });
  const server: Server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    forward(client, upstream);
    forward(upstream, client);
    client.on("end", () => upstream.end());
    upstream.on("end", () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    stall() {
      stalled = true;
    },
    restore() {
      down = false;
      stalled = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export type TcpProxy = Awaited<ReturnType<typeof startTcpProxy>>;
