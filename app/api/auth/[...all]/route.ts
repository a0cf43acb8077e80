import { handleBetterAuthRequest } from "@/lib/auth/better-auth-route";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";

// Better Auth's own endpoints (/api/auth/sign-up/email, /api/auth/sign-in/email, ...), under
// our token model. Our endpoints (/api/auth/login, /register, ...) are static routes beside it.
// handleRoute adds what every route has: the CSRF check, CORS headers and the request log.
export const GET = handleRoute(handleBetterAuthRequest);
export const POST = handleRoute(handleBetterAuthRequest);
export const OPTIONS = corsPreflight;
