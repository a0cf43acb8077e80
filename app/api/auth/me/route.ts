import { z } from "zod";
import { requireProfile } from "@/lib/auth/core/guard";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { unauthenticated, userBody } from "@/lib/openapi/responses";

export const GET = defineRoute(
  {
    tag: "Auth",
    summary: "The signed-in user",
    auth: { user: requireProfile },
    scope: "profile",
    responses: {
      200: { description: "The user", body: z.strictObject({ user: userBody }) },
      401: unauthenticated,
    },
  },
  async ({ caller: { user } }) => jsonNoStore({ user }),
);

export const OPTIONS = corsPreflight;
