import {
  calculateJwkThumbprint,
  exportJWK,
  importJWK,
  importPKCS8,
  importSPKI,
  type JWK,
} from "jose";
import type { SigningKeyInput } from "../../env/signing-key-input";
// Relative, not "@/": next.config.ts imports this module, and it resolves no path aliases.
import { EnvError, getTokenEnv, type TokenEnv } from "../../token-env";

/**
 * The ES256 keys (JWT_ALGORITHM=ES256): JWT_SIGNING_KEY signs; it, JWT_SIGNING_KEY_PREVIOUS (the
 * key being retired) and JWT_SIGNING_KEY_NEXT (the key about to sign) are accepted and published
 * at /.well-known/jwks.json, each under its RFC 7638 thumbprint as `kid`. Accepting NEXT too is
 * what makes a promotion seamless: instances still running the previous configuration already
 * accept tokens the promoted key signs. Light (jose, Web Crypto).
 *
 * Verification holds public keys only, and loading them never imports the private key: the
 * proxy, which only verifies, never turns JWT_SIGNING_KEY's private half into a key. Only
 * signing (a route handler issuing a token) imports it, non-extractable.
 */
export type PublicJwk = JWK & { kid: string; alg: "ES256"; use: "sig" };
export type VerificationKeys = {
  verifying: ReadonlyMap<string, CryptoKey>;
  published: readonly PublicJwk[];
};
export type SigningKey = { kid: string; key: CryptoKey };

const ALGORITHM = "ES256";
const ROLES = ["JWT_SIGNING_KEY", "JWT_SIGNING_KEY_PREVIOUS", "JWT_SIGNING_KEY_NEXT"] as const;

// Keys are read once per process (lib/token-env.ts), so they are imported once per process; a
// failed import is tried again next time rather than remembered.
function oncePerProcess<T>(load: (env: TokenEnv) => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load(getTokenEnv()).catch((error) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
}

export const verificationKeys = oncePerProcess(loadVerificationKeys);
export const signingKey = oncePerProcess(loadSigningKey);

export async function loadVerificationKeys(env: TokenEnv): Promise<VerificationKeys> {
  const verifying = new Map<string, CryptoKey>();
  const published: PublicJwk[] = [];
  for (const variable of ROLES) {
    const input = env[variable];
    if (!input) continue;
    const { kid, publicJwk, publicKey } = await publicHalf(variable, input);
    if (verifying.has(kid)) continue;
    verifying.set(kid, publicKey);
    published.push({ ...publicJwk, kid, alg: ALGORITHM, use: "sig" });
  }
  return { verifying, published };
}

export async function loadSigningKey(env: TokenEnv): Promise<SigningKey> {
  const current = env.JWT_SIGNING_KEY;
  // lib/env.ts requires it in ES256 mode; this only narrows the type.
  if (!current) throw new EnvError(["JWT_SIGNING_KEY is missing (JWT_ALGORITHM is ES256)"]);
  return {
    kid: (await publicHalf("JWT_SIGNING_KEY", current)).kid,
    key: await privateKey("JWT_SIGNING_KEY", current),
  };
}

async function publicHalf(variable: string, input: SigningKeyInput) {
  try {
    const { kty, crv, x, y } =
      input.format === "jwk"
        ? input.jwk
        : await exportJWK(
            input.format === "pkcs8"
              ? await importPKCS8(input.pem, ALGORITHM, { extractable: true })
              : await importSPKI(input.pem, ALGORITHM, { extractable: true }),
          );
    const publicJwk = { kty, crv, x, y };
    const publicKey = (await importJWK(publicJwk, ALGORITHM)) as CryptoKey;
    return { kid: await calculateJwkThumbprint(publicJwk), publicJwk, publicKey };
  } catch (error) {
    throw invalidKey(variable, error);
  }
}

/** The signing key: imported for signing only, never extractable. */
async function privateKey(variable: string, input: SigningKeyInput): Promise<CryptoKey> {
  try {
    return (await (input.format === "jwk"
      ? importJWK(input.jwk, ALGORITHM)
      : importPKCS8(input.pem, ALGORITHM))) as CryptoKey;
  } catch (error) {
    throw invalidKey(variable, error);
  }
}

// Web Crypto refuses a point off the curve, or a JWK whose x and y belong to another d.
function invalidKey(variable: string, error: unknown): EnvError {
  return new EnvError([`${variable} is not a valid P-256 key (${(error as Error).message})`]);
}

/** The JWKS (`GET /.well-known/jwks.json`): the public keys, none in HS256 mode. */
export async function publishedKeys(): Promise<{ keys: readonly PublicJwk[] }> {
  if (getTokenEnv().JWT_ALGORITHM !== "ES256") return { keys: [] };
  return { keys: (await verificationKeys()).published };
}

/**
 * Imports the ES256 keys at server start (next.config.ts, instrumentation.ts), so that a key
 * lib/env.ts could only check for shape (a point off the curve, a JWK whose x and y belong to
 * another key) stops the server, naming the variable, instead of failing its first request.
 */
export async function assertSigningKeys(): Promise<void> {
  if (getTokenEnv().JWT_ALGORITHM === "ES256")
    await Promise.all([verificationKeys(), signingKey()]);
}
