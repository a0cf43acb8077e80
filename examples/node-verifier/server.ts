/**
 * A minimal resource server: `GET /me` answers the caller's user from a Taskflow access token
 * (`Authorization: Bearer`), 401 without a valid one.
 *
 *   TASKFLOW_URL=http://localhost:3000 PORT=4000 npx tsx examples/node-verifier/server.ts
 */
import { createServer } from "node:http";
import { taskflowVerifier } from "./verifier";

const verify = taskflowVerifier(process.env.TASKFLOW_URL ?? "http://localhost:3000");
const port = Number(process.env.PORT ?? 4000);

createServer(async (request, response) => {
  if (request.url !== "/me") return response.writeHead(404).end();
  const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? "")?.[1];
  try {
    if (!token) throw new Error("no token");
    const user = await verify(token);
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(user));
  } catch {
    response
      .writeHead(401, { "content-type": "application/json", "www-authenticate": "Bearer" })
      .end(JSON.stringify({ detail: "Could not validate credentials" }));
  }
}).listen(port, () => console.log(`verifying Taskflow tokens on http://localhost:${port}/me`));
