import { logOut } from "@/lib/auth/core/sign-out";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";

// The same end of a family as Better Auth's /sign-out through the token bridge.
export const POST = handleRoute(logOut);

export const OPTIONS = corsPreflight;
