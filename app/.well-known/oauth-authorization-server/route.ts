import {
  authorizationServerMetadata,
  DISCOVERY_CACHE_CONTROL,
} from "@/lib/auth/better-auth/discovery";
import { handleRoute } from "@/lib/http/handle-route";

export const GET = handleRoute(async () =>
  Response.json(authorizationServerMetadata(), {
    headers: { "cache-control": DISCOVERY_CACHE_CONTROL },
  }),
);
