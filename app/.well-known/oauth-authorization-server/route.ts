import { authorizationServerMetadata, discoveryAnswer } from "@/lib/auth/core/discovery";
import { handleRoute } from "@/lib/http/handle-route";

export const GET = handleRoute(async () => discoveryAnswer(authorizationServerMetadata()));
