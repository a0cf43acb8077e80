import { z } from "zod";
import { requireUser } from "@/lib/auth/core/guard";
import { answerDeviceRequest, assertOAuthProviderOn, readOAuthForm } from "@/lib/auth/oauth";
import { defineRoute } from "@/lib/http/define-route";
import { error, invalid, limited, unauthenticated } from "@/lib/openapi/responses";
import { workspaceChoice } from "@/lib/workspaces/app-grants";

// The /device page's answer (app/device/page.tsx): a person's own sign-in only, and handleRoute's
// cross-site check (lib/http/csrf.ts) refuses a form posted from another site.
export const POST = defineRoute(
  {
    tag: "OAuth",
    summary: "The signed-in user allows or denies a device's request by its user code (RFC 8628)",
    auth: { user: requireUser },
    readsItself: {
      form: z.object({
        decision: z.enum(["allow", "deny"]),
        user_code: z.string().describe("As the device shows it; case, dash and spaces ignored"),
        workspace: z
          .string()
          .optional()
          .describe("`personal` (the default) or the id of a shared workspace the grant is for"),
      }),
    },
    responses: {
      200: {
        description: "Asked for JSON (Accept): where the browser goes next",
        body: z.strictObject({ redirectTo: z.string() }),
      },
      303: { description: "Back to /device, which says the device may go on (or was refused)" },
      400: invalid,
      401: unauthenticated,
      403: error("The address is not confirmed, or the request came from another site"),
      404: error("The authorization server is off (OAUTH_PROVIDER)"),
      429: limited,
    },
  },
  async ({ request, caller }) => {
    assertOAuthProviderOn();
    const form = await readOAuthForm(request);
    const workspace = workspaceChoice(caller.scope, form.get("workspace"));
    return answerDeviceRequest(request, caller.user, form, workspace);
  },
);
