import { z } from "zod";
import { requireUser } from "@/lib/auth/core/guard";
import { answerConsent, assertOAuthProviderOn, readOAuthForm } from "@/lib/auth/oauth";
import { defineRoute } from "@/lib/http/define-route";
import { error, invalid, limited, unauthenticated } from "@/lib/openapi/responses";
import { workspaceChoice } from "@/lib/workspaces/app-grants";

// The consent page's answer (app/oauth/authorize/page.tsx): a person's own sign-in only, and
// handleRoute's cross-site check (lib/http/csrf.ts) refuses a form posted from another site.
export const POST = defineRoute(
  {
    tag: "OAuth",
    summary: "The signed-in user allows or denies an app's authorization request",
    auth: { user: requireUser },
    readsItself: {
      form: z.object({
        decision: z.enum(["allow", "deny"]),
        client_id: z.string(),
        redirect_uri: z.string(),
        response_type: z.literal("code"),
        code_challenge: z.string(),
        code_challenge_method: z.literal("S256"),
        state: z.string(),
        scope: z.string().optional(),
        resource: z.string().optional(),
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
      303: { description: "To the app's redirect URI, with code, state and iss, or an error" },
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
    return answerConsent(request, caller.user, form, workspace);
  },
);
