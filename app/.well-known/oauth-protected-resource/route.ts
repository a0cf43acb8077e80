import { discoveryAnswer, protectedResourceMetadata } from "@/lib/auth/core/discovery";
import { handleRoute } from "@/lib/http/handle-route";

// RFC 9728, for the task API.
export const GET = handleRoute(async () => discoveryAnswer(protectedResourceMetadata("tasks")));
