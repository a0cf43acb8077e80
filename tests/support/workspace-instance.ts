/**
 * One more instance of the app's workspace API, in a process of its own, on the database and
 * secrets of the environment it inherits: `node --import tsx tests/support/workspace-instance.ts`
 * prints `listening <origin>` once it serves. Two of them stand for two serverless instances
 * (tests/integration/workspaces/instances.test.ts): nothing is shared but the database.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as memberRoute from "@/app/api/workspaces/[id]/members/[userId]/route";
import * as tasksRoute from "@/app/api/workspaces/[id]/tasks/route";
import { routeNeonThroughProxy } from "./neon-ws-proxy";

if (process.env.TEST_NEON_WS_PROXY) routeNeonThroughProxy(process.env.TEST_NEON_WS_PROXY);

type Params = { id: string; userId: string };
type Handler = (request: Request, context: { params: Promise<Params> }) => Promise<Response>;
const ROUTES: [string, RegExp, Handler][] = [
  ["GET", /^\/api\/workspaces\/(?<id>[^/]+)\/tasks$/, tasksRoute.GET],
  ["POST", /^\/api\/workspaces\/(?<id>[^/]+)\/tasks$/, tasksRoute.POST],
  ["PATCH", /^\/api\/workspaces\/(?<id>[^/]+)\/members\/(?<userId>[^/]+)$/, memberRoute.PATCH],
  ["DELETE", /^\/api\/workspaces\/(?<id>[^/]+)\/members\/(?<userId>[^/]+)$/, memberRoute.DELETE],
];

const server = createServer(async (incoming, outgoing) => {
  const url = new URL(incoming.url ?? "/", `http://${incoming.headers.host}`);
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  for (const [method, pattern, handler] of ROUTES) {
    const match = incoming.method === method ? pattern.exec(url.pathname) : null;
    if (!match) continue;
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const response = await handler(new Request(url, { method, headers, body }), {
      params: Promise.resolve({ id: match.groups?.id ?? "", userId: match.groups?.userId ?? "" }),
    });
    outgoing.writeHead(response.status, { "content-type": "application/json" });
    outgoing.end(Buffer.from(await response.arrayBuffer()));
    return;
  }
  outgoing.writeHead(404).end();
});
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  console.log(`listening http://127.0.0.1:${port}`);
});
