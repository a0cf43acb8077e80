import { handleBetterAuthRequest } from "@/lib/auth/better-auth-route";

// Better Auth's own endpoints (/api/auth/sign-up/email, /api/auth/sign-in/email, ...), under
// our token model. Our endpoints (/api/auth/login, /register, ...) are static routes beside it.
export const GET = handleBetterAuthRequest;
export const POST = handleBetterAuthRequest;
