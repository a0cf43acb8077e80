import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { oauthClient } from "@/lib/db/schema";
import { clientIp } from "@/lib/http/client-ip";
import { readJson } from "@/lib/http/read-json";
import { jsonNoStore } from "@/lib/http/responses";
import { enforceRateLimit } from "@/lib/rate-limit";
import { redirectUriList } from "@/lib/validation/redirect-uri";
import { requiredSingleLineText } from "@/lib/validation/text";
import { DEVICE_CODE_GRANT } from "../core/token-grants";
import { newClientId } from "./client-credentials";
import { answeredTheOAuthWay, oauthError } from "./errors";

/**
 * Dynamic client registration (RFC 7591), for MCP clients and other agents that arrive knowing
 * only the server's metadata (docs/mcp.md). Anyone may call it, so what it hands out is worth
 * little on its own: a **public** client (no secret: PKCE alone proves the one that started an
 * authorization, OAuth 2.1 §2.1), with no owner, that still needs a user's consent to act for
 * anyone. A client that asks for a secret is refused rather than quietly given none: a client
 * that believes it holds a secret would send it where it must not.
 */

/** The grants and response types every client here may use; a registration may ask for fewer. */
const GRANT_TYPES = ["authorization_code", "refresh_token", DEVICE_CODE_GRANT] as const;
const RESPONSE_TYPES = ["code"] as const;
const CLIENT_NAME_MAX_LENGTH = 100;

// Unknown members are ignored, as RFC 7591 §2 asks (z.object drops them): clients send many.
export const registrationRequest = z.object({
  redirect_uris: redirectUriList,
  client_name: requiredSingleLineText(
    { empty: "client_name is required", tooLong: `At most ${CLIENT_NAME_MAX_LENGTH} characters` },
    CLIENT_NAME_MAX_LENGTH,
  ),
  token_endpoint_auth_method: z
    .literal("none", { error: "Only public clients register here: use none (PKCE)" })
    .optional(),
  grant_types: z.array(z.enum(GRANT_TYPES)).optional(),
  response_types: z.array(z.enum(RESPONSE_TYPES)).optional(),
});

export const registrationBody = z
  .strictObject({
    client_id: z.string(),
    client_id_issued_at: z.number().int().describe("Seconds since the epoch"),
    client_name: z.string(),
    redirect_uris: z.array(z.string()),
    grant_types: z.array(z.enum(GRANT_TYPES)),
    response_types: z.array(z.enum(RESPONSE_TYPES)),
    token_endpoint_auth_method: z.literal("none"),
  })
  .meta({ id: "ClientRegistration" });

type Registration = z.infer<typeof registrationBody>;

/**
 * POST /api/oauth/register. Every request counts against its client IP, refused input included,
 * since each accepted one is a row. Errors answer in RFC 7591 §3.2.2's shape, `{ error,
 * error_description }`, as the token endpoint's do: the callers are OAuth libraries (the MCP SDK)
 * that read `error` as a string.
 */
export function registrationEndpoint(request: Request): Promise<Response> {
  return answeredTheOAuthWay(async () => {
    await enforceRateLimit("oauth-register-ip", clientIp(request));
    const registration = readRegistration(await readJson(request, z.unknown()));
    return jsonNoStore(await registerClient(registration), { status: 201 });
  });
}

/**
 * Reads a registration request: RFC 7591 §3.2.2's error codes, the description naming each field
 * that failed. A problem with the redirect URIs outranks the rest, as it names the specific code.
 */
function readRegistration(value: unknown): z.infer<typeof registrationRequest> {
  const parsed = registrationRequest.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`)
    .join("; ");
  const redirectProblem = parsed.error.issues.some((issue) => issue.path[0] === "redirect_uris");
  throw redirectProblem
    ? oauthError("invalid_redirect_uri", `A redirect URI is not acceptable (${problems})`)
    : oauthError("invalid_client_metadata", `The client metadata is not acceptable (${problems})`);
}

/** Registers a public client with no owner, and answers with all it registered (§3.2.1). */
async function registerClient(request: z.infer<typeof registrationRequest>): Promise<Registration> {
  const [client] = await getDb()
    .insert(oauthClient)
    .values({
      clientId: newClientId(),
      name: request.client_name,
      redirectUris: request.redirect_uris,
      secretHash: null,
      ownerId: null,
    })
    .returning();
  if (!client) throw new Error("insert returned no row");
  return {
    client_id: client.clientId,
    client_id_issued_at: Math.floor(client.createdAt.getTime() / 1000),
    client_name: client.name,
    redirect_uris: client.redirectUris,
    // What the server grants every client, not only what was asked (§3.2.1: all registered
    // metadata, including what the server provisions itself).
    grant_types: [...GRANT_TYPES],
    response_types: [...RESPONSE_TYPES],
    token_endpoint_auth_method: "none",
  };
}
