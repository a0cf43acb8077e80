import { timingSafeEqual } from "node:crypto";
import { decodeJwt } from "jose";
import { z } from "zod";
import { sha256Bytes } from "@/lib/crypto/sha256";
import { getEnv } from "@/lib/env";
import { HttpError, validationError } from "@/lib/http/errors";
import { readBodyText } from "@/lib/http/read-body";
import { verifyClientAccessToken } from "../tokens/client-tokens";
import { apiKeyHolder } from "./api-key-holder";
import { isApiKey } from "./api-key-secret";
import { authenticate, grantHolder } from "./guard";

/**
 * RFC 7662 token introspection (`POST /api/auth/introspect`), for services that must see a
 * logout or a revocation at once instead of trusting a signature until the token expires. The
 * answer is the guard's own: the token verifies and its session is still active, checked by the
 * same query every API request runs (lib/auth/core/guard.ts `authenticate`).
 *
 * An app's access token (lib/auth/tokens/client-tokens.ts) is active while its grant lives, and
 * says what the app may do (`scope`, `client_id`, `aud`, and `workspace` for a grant for one
 * shared workspace); an API key (`tfk_…`) while the key lives, with its scopes. Both are checked
 * by the guard's own queries. The workspaces each reaches are the route's to add
 * (lib/workspaces/introspection.ts).
 */
export type Introspection =
  | { active: false }
  | {
      active: true;
      sub: string;
      scope: string;
      client_id: string;
      aud: string;
      /** The shared workspace the grant is for; absent for the user's personal tasks. */
      workspace?: string;
      exp: number;
      iat: number;
      iss: string;
      token_type: "Bearer";
    }
  | { active: true; sub: string; scope: string; token_type: "api_key" }
  | {
      active: true;
      sub: string;
      sid: string;
      /** The user's role now (the database's), not the one the token was issued with. */
      role: string;
      exp: number;
      iat: number;
      iss: string;
      aud: string | string[];
      token_type: "Bearer";
    };

export type ActiveIntrospection = Extract<Introspection, { active: true }>;

export async function introspect(token: string): Promise<Introspection> {
  if (isApiKey(token)) {
    const holder = await apiKeyHolder(token);
    if (!holder) return { active: false };
    return {
      active: true,
      sub: holder.user.id,
      scope: holder.scopes.join(" "),
      token_type: "api_key",
    };
  }
  const grant = await verifyClientAccessToken(token);
  if (grant) {
    if (!(await grantHolder(grant))) return { active: false };
    // Verified just above: decoding only reads the times.
    const { exp = 0, iat = 0, iss = "" } = decodeJwt(token);
    return {
      active: true,
      sub: grant.sub,
      scope: grant.scopes.join(" "),
      client_id: grant.clientId,
      aud: grant.resource,
      ...(grant.workspaceId && { workspace: grant.workspaceId }),
      exp,
      iat,
      iss,
      token_type: "Bearer",
    };
  }
  const context = await authenticate(token);
  if (!context) return { active: false };
  // Verified by `authenticate` just above: decoding is safe, and these claims are required.
  const { exp = 0, iat = 0, iss = "", aud = "" } = decodeJwt(token);
  return {
    active: true,
    sub: context.user.id,
    sid: context.sessionId,
    role: context.user.role,
    exp,
    iat,
    iss,
    aud,
    token_type: "Bearer",
  };
}

/**
 * The resource server a request comes from (RESOURCE_SERVER_SECRETS), by HTTP Basic
 * (`name:secret`) or `Authorization: Bearer <secret>`, or null. Every configured credential is
 * compared, as SHA-256 digests of equal length with timingSafeEqual, so neither the answer's
 * timing nor an early exit tells how much of a guess was right or which names exist.
 */
export function resourceServerOf(headers: Headers): string | null {
  const presented = presentedCredential(headers.get("authorization") ?? "");
  if (!presented) return null;
  const digest = sha256Bytes(presented.value);
  let found: string | null = null;
  for (const server of getEnv().RESOURCE_SERVER_SECRETS) {
    const expected =
      presented.scheme === "basic" ? `${server.name}:${server.secret}` : server.secret;
    if (timingSafeEqual(digest, sha256Bytes(expected))) found = server.name;
  }
  return found;
}

function presentedCredential(authorization: string) {
  const [, scheme = "", value = ""] = /^(Basic|Bearer)\s+(\S+)\s*$/i.exec(authorization) ?? [];
  if (!value) return null;
  if (scheme.toLowerCase() === "bearer") return { scheme: "bearer" as const, value };
  const decoded = Buffer.from(value, "base64").toString("utf8");
  return decoded.includes(":") ? { scheme: "basic" as const, value: decoded } : null;
}

export function unauthenticatedResourceServer(): HttpError {
  return new HttpError(
    401,
    "invalid_client",
    "Introspection needs a resource-server credential (RESOURCE_SERVER_SECRETS)",
    { headers: { "www-authenticate": 'Basic realm="taskflow-introspection"' } },
  );
}

export const introspectionForm = z.object({
  token: z.string({ error: "token is required" }).min(1, "token is required").max(8192),
  token_type_hint: z.string().optional(),
});

/** The RFC 7662 request: `application/x-www-form-urlencoded` with `token` (and an ignored hint). */
export async function readIntrospectionForm(request: Request): Promise<{ token: string }> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("application/x-www-form-urlencoded")) {
    throw new HttpError(
      415,
      "unsupported_media_type",
      "Send the body as application/x-www-form-urlencoded",
    );
  }
  const form = new URLSearchParams(await readBodyText(request));
  const parsed = introspectionForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}
