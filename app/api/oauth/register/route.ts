import { z } from "zod";
import {
  admitRegistration,
  readRegistration,
  registerClient,
  registrationBody,
  registrationRequest,
} from "@/lib/auth/oauth/registration";
import { defineRoute } from "@/lib/http/define-route";
import { readJson } from "@/lib/http/read-json";
import { jsonNoStore } from "@/lib/http/responses";
import { error, limited } from "@/lib/openapi/responses";

// RFC 7591. Read here rather than by the contract's `body`: a refusal names RFC 7591's codes.
export const POST = defineRoute(
  {
    tag: "OAuth",
    summary: "Register a public OAuth client (RFC 7591 dynamic registration)",
    limit: admitRegistration,
    readsItself: { body: registrationRequest },
    responses: {
      201: { description: "The client as registered", body: registrationBody },
      400: error(
        "`invalid_redirect_uri` or `invalid_client_metadata` (RFC 7591 §3.2.2); `fields` names each problem",
      ),
      404: error("OAUTH_PROVIDER is off"),
      429: limited,
    },
  },
  async ({ request }) => {
    const registration = readRegistration(await readJson(request, z.unknown()));
    return jsonNoStore(await registerClient(registration), { status: 201 });
  },
);
