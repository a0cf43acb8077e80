import { z } from "zod";
import { answerConsent } from "@/lib/auth/oauth";
import { consentRoute } from "../consent-route";

// The consent page's answer (app/oauth/authorize/page.tsx).
export const POST = consentRoute({
  summary: "The signed-in user allows or denies an app's authorization request",
  request: {
    client_id: z.string(),
    redirect_uri: z.string(),
    response_type: z.literal("code"),
    code_challenge: z.string(),
    code_challenge_method: z.literal("S256"),
    state: z.string(),
    scope: z.string().optional(),
    resource: z.string().optional(),
  },
  redirect: "To the app's redirect URI, with code, state and iss, or an error",
  answer: answerConsent,
});
