import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { oauthClient, user } from "@/lib/db/schema";
import { enforceRateLimit } from "@/lib/rate-limit";
import { clientSecretMatches, isWellFormedClientId } from "./client-credentials";
import { oauthError } from "./errors";
import type { OAuthParameters } from "./form";

/** An app as the authorization server needs it: never its secret's hash beyond the check. */
export type Client = {
  id: string;
  clientId: string;
  name: string;
  redirectUris: string[];
  confidential: boolean;
  /** Who registered it in Settings; null for an app that registered itself (RFC 7591). */
  registeredBy: { name: string; email: string } | null;
};

async function clientRow(clientId: string) {
  if (!isWellFormedClientId(clientId)) return undefined;
  const [row] = await getDb()
    .select({
      id: oauthClient.id,
      clientId: oauthClient.clientId,
      name: oauthClient.name,
      redirectUris: oauthClient.redirectUris,
      secretHash: oauthClient.secretHash,
      ownerName: user.name,
      ownerEmail: user.email,
    })
    .from(oauthClient)
    .leftJoin(user, eq(user.id, oauthClient.ownerId))
    .where(eq(oauthClient.clientId, clientId));
  return row;
}

function asClient(row: NonNullable<Awaited<ReturnType<typeof clientRow>>>): Client {
  const { secretHash, ownerName, ownerEmail, ...client } = row;
  return {
    ...client,
    confidential: secretHash !== null,
    registeredBy: ownerEmail === null ? null : { name: ownerName ?? "", email: ownerEmail },
  };
}

export async function findClient(clientId: string): Promise<Client | undefined> {
  const row = await clientRow(clientId);
  return row && asClient(row);
}

/** Every failure of a client's authentication, whichever part was wrong. */
export const clientAuthenticationFailed = (headers?: HeadersInit) =>
  oauthError("invalid_client", "Client authentication failed", 401, headers);

/**
 * The client a token or revocation request comes from (RFC 6749 §2.3): a confidential client by
 * `client_secret_basic` or `client_secret_post` (one of them, never both), a public one by its
 * `client_id` alone (`none`), and a public client that sends a secret is refused rather than
 * trusted. Every failure is the same
 * `invalid_client`, which says nothing of which part was wrong.
 */
export async function authenticateClient(request: Request, form: OAuthParameters): Promise<Client> {
  const basic = basicCredentials(request.headers.get("authorization"));
  const bodyId = form.get("client_id");
  const bodySecret = form.get("client_secret");
  if (basic && bodySecret !== undefined) {
    throw oauthError("invalid_request", "Authenticate the client one way only");
  }
  if (basic && bodyId !== undefined && bodyId !== basic.id) {
    throw oauthError("invalid_request", "client_id differs from the authenticated client");
  }
  const id = basic?.id ?? bodyId;
  const secret = basic?.secret ?? bodySecret;
  const refused = clientAuthenticationFailed(
    basic ? { "www-authenticate": 'Basic realm="taskflow-oauth"' } : undefined,
  );
  if (!id) throw refused;
  const row = await clientRow(id);
  if (!row) throw refused;
  const proven =
    row.secretHash === null ? !secret : !!secret && clientSecretMatches(secret, row.secretHash);
  if (!proven) throw refused;
  const client = asClient(row);
  await enforcePerClientLimit("oauth-token-client", client);
  return client;
}

/**
 * A client's own limit, once it has proven who it is. Only a confidential client can: a public
 * client's id is no secret (a CLI or an agent ships it), so a counter per public client would let
 * anyone who read the id spend every user's share of it. Guesses of a secret (256 random bits) and
 * everything a public client sends count per IP instead, before any of this runs.
 */
export async function enforcePerClientLimit(
  limit: "oauth-token-client" | "oauth-device-client",
  client: Client,
): Promise<void> {
  if (client.confidential) await enforceRateLimit(limit, client.clientId);
}

/** RFC 6749 §2.3.1: both halves form-urlencoded, then joined by the first colon. */
function basicCredentials(authorization: string | null) {
  const [, encoded] = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? "") ?? [];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw clientAuthenticationFailed();
  try {
    const formDecoded = (part: string) => decodeURIComponent(part.replace(/\+/g, " "));
    return {
      id: formDecoded(decoded.slice(0, colon)),
      secret: formDecoded(decoded.slice(colon + 1)),
    };
  } catch {
    throw clientAuthenticationFailed();
  }
}
