import { createServer } from "node:http";
import { connect, type Socket } from "node:net";
import { neonConfig } from "@neondatabase/serverless";
import WebSocket, { type RawData, WebSocketServer } from "ws";

/**
 * Test-only stand-in for Neon's WebSocket endpoint, so the integration suite can run through
 * `@neondatabase/serverless` (the Pool production uses) against a plain PostgreSQL server.
 *
 * The driver opens `ws://<proxy>/v2?address=<host>:<port>` per connection and speaks the
 * Postgres protocol inside binary messages; the proxy pipes them to a TCP socket. It listens on
 * 127.0.0.1 only and forwards only to the one server it was started for.
 *
 * `GET /connections` lists the local ports of its open upstream sockets. PostgreSQL reports the
 * same number as `inet_client_port()`, which is how a test proves a query travelled through here
 * rather than through node-postgres.
 */
export type NeonWsProxy = {
  /** host:port, without protocol, as `neonConfig.wsProxy` wants it. */
  address: string;
  stop: () => Promise<void>;
};

export async function startNeonWsProxy(databaseUrl: string): Promise<NeonWsProxy> {
  const target = new URL(databaseUrl);
  const host = target.hostname;
  const port = Number(target.port || 5432);
  const upstreams = new Set<Socket>();

  const http = createServer((request, response) => {
    if (request.method !== "GET" || request.url !== "/connections") {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify([...upstreams].map((socket) => socket.localPort)));
  });
  const sockets = new WebSocketServer({ server: http });

  sockets.on("connection", (client, request) => {
    const requested = new URL(request.url ?? "/", "ws://proxy").searchParams.get("address");
    if (requested !== `${host}:${port}`) {
      // Policy violation: this proxy is not an open relay, even on loopback.
      client.close(1008, "unknown database address");
      return;
    }
    const upstream = connect({ host, port });
    upstreams.add(upstream);
    pipe(client, upstream);
    upstream.on("close", () => upstreams.delete(upstream));
  });

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(0, "127.0.0.1", resolve);
  });
  const { port: proxyPort } = http.address() as { port: number };

  return {
    address: `127.0.0.1:${proxyPort}/v2`,
    async stop() {
      for (const client of sockets.clients) client.terminate();
      for (const upstream of upstreams) upstream.destroy();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

// The socket buffers writes until it connects, so nothing sent early is lost.
function pipe(client: WebSocket, upstream: Socket): void {
  client.on("message", (data: RawData) => upstream.write(data as Buffer));
  upstream.on("data", (chunk) => {
    if (client.readyState === client.OPEN) client.send(chunk);
  });
  client.on("close", () => upstream.end());
  client.on("error", () => upstream.destroy());
  upstream.on("close", () => client.close());
  upstream.on("error", () => client.terminate());
}

/** Per test worker: sends every Neon Pool connection through the proxy, in plain text. */
export function routeNeonThroughProxy(proxyAddress: string): void {
  neonConfig.webSocketConstructor = WebSocket;
  neonConfig.wsProxy = proxyAddress;
  // No TLS on loopback: neither inside the WebSocket nor in the Postgres protocol.
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  // Pipelining assumes cleartext password auth; the local server uses trust (or SCRAM).
  neonConfig.pipelineConnect = false;
}
