import { ON_ONE_USER } from "@/lib/admin/guard";
import { banUserSchema } from "@/lib/admin/schemas";
import { disableUser, enableUser } from "@/lib/admin/users";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import {
  adminUserBody,
  error,
  invalid,
  noSuchUser,
  notAdmin,
  unauthenticated,
} from "@/lib/openapi/responses";

// Disable (POST, with a reason and an optional end) and enable (DELETE) an account.
export const POST = defineRoute(
  {
    ...ON_ONE_USER,
    summary: "Disable a user: sign-in refused and every session ended at once, until `until`",
    body: banUserSchema,
    responses: {
      200: { description: "The user", body: adminUserBody },
      400: invalid,
      401: unauthenticated,
      403: notAdmin,
      404: noSuchUser,
      409: error("One's own account, or an admin"),
    },
  },
  async ({ caller, params, body }) => jsonNoStore(await disableUser(caller.user, params.id, body)),
);

export const DELETE = defineRoute(
  {
    ...ON_ONE_USER,
    summary: "Enable a disabled user",
    responses: {
      200: { description: "The user", body: adminUserBody },
      401: unauthenticated,
      403: notAdmin,
      404: noSuchUser,
    },
  },
  async ({ caller, params }) => jsonNoStore(await enableUser(caller.user, params.id)),
);

export const OPTIONS = corsPreflight;
