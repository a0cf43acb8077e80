import { ON_ONE_USER } from "@/lib/admin/guard";
import { resendVerification } from "@/lib/admin/users";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { error, noSuchUser, notAdmin, okBody, unauthenticated } from "@/lib/openapi/responses";

export const POST = defineRoute(
  {
    ...ON_ONE_USER,
    summary: "Send an unverified user a new verification link (within the per-address mail cap)",
    responses: {
      202: { description: "Sent, unless the address's mail cap is spent", body: okBody },
      401: unauthenticated,
      403: notAdmin,
      404: noSuchUser,
      409: error("Already verified"),
    },
  },
  async ({ caller, params }) => {
    await resendVerification(caller.user, params.id);
    return jsonNoStore({ ok: true }, { status: 202 });
  },
);

export const OPTIONS = corsPreflight;
