import {
  introspect,
  readIntrospectionForm,
  resourceServerOf,
  unauthenticatedResourceServer,
} from "@/lib/auth/core/introspection";
import { clientIp } from "@/lib/http/client-ip";
import { handleRoute } from "@/lib/http/handle-route";
import { jsonNoStore } from "@/lib/http/responses";
import { enforceRateLimit } from "@/lib/rate-limit";
import { workspaceMemberships } from "@/lib/workspaces/introspection";

// RFC 7662. Counted per resource server, or per client IP for a request without a valid
// credential, before anything else (a credential guess costs a count too).
export const POST = handleRoute(async (request) => {
  const server = resourceServerOf(request.headers);
  await enforceRateLimit("introspect-client", server ?? `unauthenticated:${clientIp(request)}`);
  if (!server) throw unauthenticatedResourceServer();
  const { token } = await readIntrospectionForm(request);
  const answer = await introspect(token);
  if (!answer.active) return jsonNoStore(answer);
  return jsonNoStore({ ...answer, workspaces: await workspaceMemberships(answer.sub) });
});
