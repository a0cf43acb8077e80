import { DISCOVERY_CACHE_CONTROL } from "@/lib/auth/core/discovery";
import { publishedKeys } from "@/lib/auth/tokens/signing-keys";
import { handleRoute } from "@/lib/http/handle-route";

export const GET = handleRoute(async () =>
  Response.json(await publishedKeys(), {
    headers: { "cache-control": DISCOVERY_CACHE_CONTROL },
  }),
);
