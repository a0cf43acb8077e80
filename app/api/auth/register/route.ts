import { registerWithPassword } from "@/lib/auth/better-auth/password-sign-in";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";

// An alias of Better Auth's /sign-up/email at the lib level, with our body and answer.
export const POST = handleRoute(registerWithPassword);

export const OPTIONS = corsPreflight;
