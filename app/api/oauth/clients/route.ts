import { z } from "zod";
import { registerClientSchema } from "@/lib/auth/oauth/owned-client-rules";
import { listClients, registerClient, requireClientManager } from "@/lib/auth/oauth/owned-clients";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { clientSecretBody, oauthClientBody } from "@/lib/openapi/app-access-answers";
import { error, invalid, limited, unauthenticated } from "@/lib/openapi/responses";

const off = error("The authorization server is off (OAUTH_PROVIDER)");

// Apps are managed with a person's own sign-in only: neither an API key nor an app's token.
export const GET = defineRoute(
  {
    tag: "OAuth apps",
    summary: "The apps the caller registered (never their secrets)",
    auth: { user: requireClientManager },
    responses: {
      200: {
        description: "Newest first",
        body: z.strictObject({ clients: z.array(oauthClientBody) }),
      },
      401: unauthenticated,
      404: off,
    },
  },
  async ({ caller }) => jsonNoStore({ clients: await listClients(caller.user.id) }),
);

export const POST = defineRoute(
  {
    tag: "OAuth apps",
    summary:
      "Register an app: a confidential one gets a secret (`clientSecret`), shown in this answer only",
    auth: { user: requireClientManager },
    body: registerClientSchema,
    responses: {
      201: {
        description: "The app as listed, and its secret when it is confidential",
        body: z.strictObject({
          client: oauthClientBody,
          clientSecret: clientSecretBody.optional(),
        }),
      },
      400: invalid,
      401: unauthenticated,
      403: error("The address is not confirmed yet (`address_not_proven`)"),
      404: off,
      409: error("The account holds as many apps as it may"),
      429: limited,
    },
  },
  async ({ request, caller, body }) =>
    jsonNoStore(await registerClient(caller.user, body, request.headers), { status: 201 }),
);

export const OPTIONS = corsPreflight;
