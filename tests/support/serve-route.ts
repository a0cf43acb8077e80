import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

type Handler = (request: Request) => Promise<Response>;

/**
 * Serves real route handlers over real HTTP on a random loopback port, for code that reaches
 * the app over the network (a second service fetching our JWKS). The body reaches the handler as
 * a stream, as Next.js hands it on: what a handler reads of it is all that is ever buffered.
 */
export async function serveRoutes(
  routes: Record<string, Handler>,
): Promise<{ origin: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (incoming, outgoing) => {
    const origin = `http://${incoming.headers.host}`;
    const url = new URL(incoming.url ?? "/", origin);
    const handler = routes[`${incoming.method} ${url.pathname}`];
    if (!handler) {
      outgoing.writeHead(404).end();
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
    // A client gone mid-body fails the stream (Node's `aborted`), as it does under Next.js.
    incoming.on("error", () => {});
    const response = await handler(
      new Request(url, {
        method: incoming.method,
        headers,
        body: hasBody ? (Readable.toWeb(incoming) as ReadableStream) : undefined,
        duplex: "half",
      } as RequestInit),
    );
    const outgoingHeaders: Record<string, string | string[]> = {};
    response.headers.forEach((value, name) => {
      if (name !== "set-cookie") outgoingHeaders[name] = value;
    });
    outgoingHeaders["set-cookie"] = response.headers.getSetCookie();
    outgoing
      .writeHead(response.status, outgoingHeaders)
      .end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
