import { z } from "zod";
import { requireUser } from "@/lib/auth/core/guard";
import { type answerConsent, assertOAuthProviderOn, readFormParameters } from "@/lib/auth/oauth";
import { assertFromOwnPage } from "@/lib/http/csrf";
import { defineRoute } from "@/lib/http/define-route";
import type { Answer } from "@/lib/http/route-contract";
import { error, invalid, limited, unauthenticated } from "@/lib/openapi/responses";
import { workspaceChoice } from "@/lib/workspaces/app-grants";

/**
 * A person's answer to an app's request for access, from the consent page (app/oauth/authorize)
 * or the /device page: their own sign-in only, posted from our own pages only (lib/http/csrf.ts:
 * not even from a CORS_ORIGINS site). The two pages differ in what names the request (the
 * authorization request's parameters, or a user code) and where the browser goes next.
 */
export function consentRoute(page: {
  summary: string;
  request: Record<string, z.ZodType>;
  redirect: string;
  answer: typeof answerConsent;
}) {
  return defineRoute(
    {
      tag: "OAuth",
      summary: page.summary,
      auth: { user: requireUser },
      readsItself: {
        form: z.object({
          decision: z.enum(["allow", "deny"]),
          ...page.request,
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
        303: { description: page.redirect } satisfies Answer,
        400: invalid,
        401: unauthenticated,
        403: error("The address is not confirmed, or the request came from another site"),
        404: error("The authorization server is off (OAUTH_PROVIDER)"),
        429: limited,
      },
    },
    async ({ request, caller }) => {
      assertOAuthProviderOn();
      assertFromOwnPage(request);
      const form = await readFormParameters(request);
      return page.answer(
        request,
        caller.user,
        form,
        workspaceChoice(caller.scope, form.get("workspace")),
      );
    },
  );
}
