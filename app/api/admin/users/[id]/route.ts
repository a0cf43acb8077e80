import { ON_ONE_USER } from "@/lib/admin/guard";
import { deleteUserSchema, updateUserRoleSchema } from "@/lib/admin/schemas";
import { deleteUser, setUserRole } from "@/lib/admin/users";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import {
  adminUserBody,
  error,
  invalid,
  noSuchUser,
  notAdmin,
  okBody,
  unauthenticated,
} from "@/lib/openapi/responses";

export const PATCH = defineRoute(
  {
    ...ON_ONE_USER,
    summary:
      "Change a user's role: only a verified account becomes admin, one's own role needs " +
      "`confirmOwnRole`, the last admin stays",
    body: updateUserRoleSchema,
    responses: {
      200: { description: "The user", body: adminUserBody },
      400: invalid,
      401: unauthenticated,
      403: notAdmin,
      404: noSuchUser,
      409: error("Unverified, unconfirmed own role, or the last admin"),
    },
  },
  async ({ caller, params, body }) => jsonNoStore(await setUserRole(caller.user, params.id, body)),
);

export const DELETE = defineRoute(
  {
    ...ON_ONE_USER,
    summary: "Delete a user and everything it owns, its email typed again (never an admin)",
    body: deleteUserSchema,
    responses: {
      200: { description: "Deleted", body: okBody },
      400: invalid,
      401: unauthenticated,
      403: notAdmin,
      404: noSuchUser,
      409: error("One's own account, or an admin"),
    },
  },
  async ({ caller, params, body }) => {
    await deleteUser(caller.user, params.id, body);
    return jsonNoStore({ ok: true });
  },
);

export const OPTIONS = corsPreflight;
