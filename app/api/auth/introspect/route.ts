import {
  introspect,
  introspectionForm,
  readIntrospectionForm,
  resourceServerOf,
  unauthenticatedResourceServer,
} from "@/lib/auth/core/introspection";
import { clientIp } from "@/lib/http/client-ip";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { error, introspectionBody, invalid, limited } from "@/lib/openapi/responses";
import { enforceRateLimit } from "@/lib/rate-limit";
import { workspacesReachedBy } from "@/lib/workspaces/introspection";

// Counted per resource server, or per client IP for a request without a valid credential,
// before anything else (a credential guess costs a count too).
async function resourceServer(request: Request) {
  const server = resourceServerOf(request.headers);
  await enforceRateLimit("introspect-client", server ?? `unauthenticated:${clientIp(request)}`);
  if (!server) throw unauthenticatedResourceServer();
  return server;
}

// RFC 7662.
export const POST = defineRoute(
  {
    tag: "Auth",
    summary: "RFC 7662 token introspection, for resource servers",
    auth: { "resource-server": resourceServer },
    readsItself: { form: introspectionForm },
    responses: {
      200: { description: "`{ active: false }` or the token's claims", body: introspectionBody },
      400: invalid,
      401: error("Unknown resource server (WWW-Authenticate: Basic)"),
      429: limited,
    },
  },
  async ({ request }) => {
    const { token } = await readIntrospectionForm(request);
    const answer = await introspect(token);
    if (!answer.active) return jsonNoStore(answer);
    return jsonNoStore({ ...answer, workspaces: await workspacesReachedBy(answer) });
  },
);
