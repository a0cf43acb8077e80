import { logoutSchema } from "@/lib/auth/core/credentials";
import { logOut } from "@/lib/auth/core/sign-out";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { okBody } from "@/lib/openapi/responses";

// Ends the family of whichever credential the client holds, as Better Auth's /sign-out does
// through the token bridge (lib/auth/core/sign-out.ts).
export const POST = defineRoute(
  {
    tag: "Auth",
    summary: "End the family of the cookie, the refresh token sent, or the access token",
    readsItself: { body: logoutSchema, form: logoutSchema },
    responses: { 200: { description: "Signed out; both cookies cleared", body: okBody } },
  },
  ({ request }) => logOut(request),
);

export const OPTIONS = corsPreflight;
