import { refreshFromRequest } from "@/lib/auth/core/refresh-answer";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";

export const POST = handleRoute(refreshFromRequest);

export const OPTIONS = corsPreflight;
