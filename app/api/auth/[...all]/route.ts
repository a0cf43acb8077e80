import { serveBetterAuth } from "@/lib/auth/front-door/handler";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";

// Better Auth's own endpoints, those lib/auth/front-door/surface.ts serves, through one policy
// (lib/auth/front-door/handler.ts). Our endpoints (/api/auth/login, /register, ...) are static
// routes beside it. handleRoute adds what every route has: CSRF, CORS and the request log.
export const GET = handleRoute(serveBetterAuth);
export const POST = handleRoute(serveBetterAuth);
export const OPTIONS = corsPreflight;
