import { timingSafeEqual } from "node:crypto";
import { sha256 } from "@/lib/crypto/sha256";

/**
 * PKCE (RFC 7636), S256 only: a challenge is BASE64URL(SHA-256(verifier)), 43 characters; a
 * verifier is 43 to 128 unreserved characters (§4.1).
 */
export const CODE_CHALLENGE_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const CODE_VERIFIER_SHAPE = /^[A-Za-z0-9._~-]{43,128}$/;

export function verifierMatches(verifier: string | undefined, challenge: string): boolean {
  if (!verifier || !CODE_VERIFIER_SHAPE.test(verifier)) return false;
  const computed = Buffer.from(sha256(verifier));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
