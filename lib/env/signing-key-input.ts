/**
 * ES256 keys as the environment gives them (JWT_SIGNING_KEY, _PREVIOUS, _NEXT): a P-256 key as
 * PEM (PKCS#8 private, or SPKI public) or as a JWK in JSON. Checked synchronously while
 * lib/env.ts parses the environment, so a production server refuses to start naming the
 * variable; lib/auth/tokens/signing-keys.ts imports the checked key with Web Crypto. Edge-safe: no
 * Node built-ins, no dependencies.
 */
export type SigningKeyInput =
  | { format: "jwk"; jwk: EcJwk; isPrivate: boolean }
  | { format: "pkcs8" | "spki"; pem: string; isPrivate: boolean };

/** The members of an EC JWK that describe the key; `kid`, `use`, `key_ops` etc. are dropped. */
export type EcJwk = { kty: "EC"; crv: "P-256"; x: string; y: string; d?: string };

export type ParsedSigningKey = { key: SigningKeyInput } | { problem: string };

// DER encodings of the object identifiers a PKCS#8 / SPKI key names its algorithm and curve by.
const EC_PUBLIC_KEY_OID = "06072a8648ce3d0201";
const CURVE_OIDS: Record<string, string> = {
  "06082a8648ce3d030107": "P-256",
  "06052b81040022": "P-384",
  "06052b81040023": "P-521",
  "06052b8104000a": "secp256k1",
};

// A P-256 coordinate or private scalar: 32 bytes, 43 base64url characters.
const P256_MEMBER = /^[A-Za-z0-9_-]{43}$/;

export function parseSigningKey(variable: string, raw: string): ParsedSigningKey {
  // Dashboards that take one line often store a PEM's line breaks as a literal "\n".
  const value = raw.replaceAll("\\n", "\n").trim();
  if (value.startsWith("{")) return parseJwk(variable, value);
  if (value.startsWith("-----BEGIN ")) return parsePem(variable, value);
  return { problem: `${variable} is neither a PEM key nor a JWK (npm run auth:keygen makes one)` };
}

function parseJwk(variable: string, value: string): ParsedSigningKey {
  let jwk: Record<string, unknown>;
  try {
    jwk = JSON.parse(value);
  } catch {
    return { problem: `${variable} starts like a JWK but is not valid JSON` };
  }
  if (jwk.kty !== "EC") {
    return { problem: `${variable} is a ${String(jwk.kty)} key; ES256 needs an EC P-256 key` };
  }
  if (jwk.crv !== "P-256") {
    return { problem: `${variable} is on curve ${String(jwk.crv)}; ES256 needs P-256` };
  }
  const { x, y, d } = jwk;
  const isMember = (member: unknown): member is string =>
    typeof member === "string" && P256_MEMBER.test(member);
  if (!isMember(x) || !isMember(y) || (d !== undefined && !isMember(d))) {
    return { problem: `${variable} is a malformed P-256 JWK (x, y and d must be 32 bytes each)` };
  }
  return {
    key: {
      format: "jwk",
      jwk: { kty: "EC", crv: "P-256", x, y, ...(isMember(d) ? { d } : {}) },
      isPrivate: isMember(d),
    },
  };
}

function parsePem(variable: string, value: string): ParsedSigningKey {
  const match = /^-----BEGIN ([A-Z0-9 ]+)-----\s+([A-Za-z0-9+/=\s]+?)\s*-----END \1-----$/.exec(
    value,
  );
  if (!match) return { problem: `${variable} is a malformed PEM block` };
  const [, label, body = ""] = match;
  if (label === "EC PRIVATE KEY") {
    return {
      problem: `${variable} is a SEC1 "EC PRIVATE KEY"; convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in key.pem`,
    };
  }
  if (label === "ENCRYPTED PRIVATE KEY") {
    return { problem: `${variable} is encrypted; give the unencrypted PKCS#8 key` };
  }
  if (label !== "PRIVATE KEY" && label !== "PUBLIC KEY") {
    return { problem: `${variable} is a PEM "${label}", not a key` };
  }
  let der: string;
  try {
    der = toHex(atob(body.replace(/\s+/g, "")));
  } catch {
    return { problem: `${variable} is a malformed PEM block (its body is not base64)` };
  }
  if (!der.includes(EC_PUBLIC_KEY_OID)) {
    return { problem: `${variable} is not an EC key; ES256 needs an EC P-256 key` };
  }
  const curve = Object.entries(CURVE_OIDS).find(([oid]) => der.includes(oid))?.[1];
  if (curve !== "P-256") {
    return { problem: `${variable} is on curve ${curve ?? "(unknown)"}; ES256 needs P-256` };
  }
  const isPrivate = label === "PRIVATE KEY";
  return { key: { format: isPrivate ? "pkcs8" : "spki", pem: value, isPrivate } };
}

function toHex(binary: string): string {
  let hex = "";
  for (let index = 0; index < binary.length; index++) {
    hex += binary.charCodeAt(index).toString(16).padStart(2, "0");
  }
  return hex;
}
