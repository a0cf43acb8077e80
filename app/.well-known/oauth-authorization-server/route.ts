import { authorizationServerMetadata, DISCOVERY_CACHE_CONTROL } from "@/lib/auth/core/discovery";
import { HttpError } from "@/lib/http/errors";
import { handleRoute } from "@/lib/http/handle-route";

export const GET = handleRoute(async () => {
  const metadata = authorizationServerMetadata();
  if (!metadata) throw new HttpError(404, "not_found", "Not found");
  return Response.json(metadata, { headers: { "cache-control": DISCOVERY_CACHE_CONTROL } });
});
