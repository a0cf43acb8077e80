import { tokenEndpoint } from "@/lib/auth/better-auth/password-sign-in";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";

// The OAuth2 token endpoint: an alias of Better Auth's /sign-in/email (and of /api/auth/refresh
// for the refresh_token grant) at the lib level.
export const POST = handleRoute(tokenEndpoint);

export const OPTIONS = corsPreflight;
