import { generateKeyPairSync } from "node:crypto";
// Relative, not "@/": next.config.ts imports this module, and it resolves no path aliases.
import { sha256 } from "../crypto/sha256";

/**
 * A new ES256 signing key (P-256), for `npm run auth:keygen` and for development's generated
 * secrets. Node only. Returned as a one-line private JWK (what JWT_SIGNING_KEY* take most
 * easily in a dashboard or an env file) and as PKCS#8 PEM, with its RFC 7638 thumbprint, the
 * `kid` its tokens will carry.
 */
export function generateSigningKey(): { jwk: string; pem: string; kid: string } {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const { kty, crv, x, y, d } = privateKey.export({ format: "jwk" });
  // RFC 7638: the required members, in lexicographic order, without whitespace.
  const thumbprintInput = JSON.stringify({ crv, kty, x, y });
  return {
    jwk: JSON.stringify({ kty, crv, x, y, d }),
    pem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    kid: sha256(thumbprintInput),
  };
}
