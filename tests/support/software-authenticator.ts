import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
} from "node:crypto";

/**
 * A WebAuthn authenticator in Node, for tests of the passkey endpoints without a browser: what a
 * platform authenticator and the browser in front of it would answer to the options the server
 * sends (W3C Web Authentication, level 2: §6.1 authenticator data, §6.5 attestation, §5.8.1 client
 * data). ES256 keys from node:crypto, attestation "none", and a CBOR encoder of its own (§ RFC
 * 8949, only the types WebAuthn uses), so that nothing here shares code with the verifier under
 * test (@simplewebauthn/server, inside Better Auth's passkey plugin).
 *
 * Every field a test needs to get wrong is a parameter: the origin and ceremony type in the client
 * data, the relying party the authenticator data names, the user-verified flag, the signature
 * counter, the key that signs.
 */

// --- CBOR (RFC 8949 §3): unsigned and negative integers, byte and text strings, arrays, maps.
type Cbor = number | string | Uint8Array | Cbor[] | Map<number | string, Cbor> | boolean;

function head(major: number, value: number): Buffer {
  if (value < 24) return Buffer.from([(major << 5) | value]);
  if (value < 0x100) return Buffer.from([(major << 5) | 24, value]);
  if (value < 0x10000) {
    const bytes = Buffer.alloc(3);
    bytes[0] = (major << 5) | 25;
    bytes.writeUInt16BE(value, 1);
    return bytes;
  }
  const bytes = Buffer.alloc(5);
  bytes[0] = (major << 5) | 26;
  bytes.writeUInt32BE(value, 1);
  return bytes;
}

export function encodeCbor(value: Cbor): Buffer {
  if (typeof value === "boolean") return Buffer.from([value ? 0xf5 : 0xf4]);
  if (typeof value === "number") return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === "string") {
    const text = Buffer.from(value, "utf8");
    return Buffer.concat([head(3, text.length), text]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(encodeCbor)]);
  const entries = [...value].map(([key, item]) =>
    Buffer.concat([encodeCbor(key), encodeCbor(item)]),
  );
  return Buffer.concat([head(5, value.size), ...entries]);
}

// --- WebAuthn
const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_CREDENTIAL = 0x40;

const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest();

/** The options the server sends, as far as an authenticator reads them. */
type CreationOptions = { challenge: string; rp: { id?: string }; user: { id: string } };
type RequestOptions = { challenge: string; rpId?: string };

/** What a test may change in one ceremony. */
export type CeremonyOverrides = {
  /** The page's origin, as the browser writes it into the client data. */
  origin?: string;
  /** The relying party whose hash the authenticator data carries. */
  rpId?: string;
  /** Whether the authenticator checked a PIN or biometric (the UV flag). */
  userVerified?: boolean;
  /** The signature counter to report instead of the next one. */
  counter?: number;
  /** "webauthn.get" in a registration, "webauthn.create" in a sign-in: a ceremony mix-up. */
  type?: string;
};

type Credential = { id: Buffer; privateKey: KeyObject; userHandle: string; counter: number };

/** What the browser hands the page (`PublicKeyCredential.toJSON()`), for either ceremony. */
function asJson<Response extends Record<string, unknown>>(
  credential: Credential,
  response: Response,
) {
  return {
    id: base64url(credential.id),
    rawId: base64url(credential.id),
    type: "public-key",
    response,
    authenticatorAttachment: "platform",
    clientExtensionResults: {},
  };
}

export class SoftwareAuthenticator {
  readonly credentials: Credential[] = [];

  constructor(private readonly origin: string) {}

  /**
   * `navigator.credentials.create()`: a new ES256 key pair, attested with "none". `credential`
   * presents one that exists already (its id and key), as a forged registration would.
   */
  register(
    options: CreationOptions,
    overrides: CeremonyOverrides & { credential?: Credential } = {},
  ) {
    const credential: Credential = overrides.credential ?? {
      id: randomBytes(32),
      privateKey: generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey,
      userHandle: options.user.id,
      counter: 0,
    };
    const jwk = createPublicKey(credential.privateKey).export({ format: "jwk" });
    // RFC 9053 §7.1.1: kty EC2 (1 → 2), alg ES256 (3 → -7), crv P-256 (-1 → 1), x (-2), y (-3).
    const cosePublicKey = encodeCbor(
      new Map<number, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x ?? "", "base64url")],
        [-3, Buffer.from(jwk.y ?? "", "base64url")],
      ]),
    );
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credential.id.length);
    const authenticatorData = Buffer.concat([
      this.authenticatorData(options.rp.id, FLAG_ATTESTED_CREDENTIAL, 0, overrides),
      Buffer.alloc(16), // AAGUID: all zero, as privacy-preserving authenticators report
      idLength,
      credential.id,
      cosePublicKey,
    ]);
    const attestationObject = encodeCbor(
      new Map<string, Cbor>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authenticatorData],
      ]),
    );
    const clientDataJSON = this.clientData("webauthn.create", options.challenge, overrides);
    if (!overrides.credential) this.credentials.push(credential);
    return asJson(credential, {
      clientDataJSON: base64url(clientDataJSON),
      attestationObject: base64url(attestationObject),
      transports: ["internal"],
    });
  }

  /** `navigator.credentials.get()` with one of its credentials (the last one made by default). */
  authenticate(
    options: RequestOptions,
    overrides: CeremonyOverrides & { credential?: Credential; signWith?: KeyObject } = {},
  ) {
    const credential = overrides.credential ?? this.credentials.at(-1);
    if (!credential) throw new Error("This authenticator holds no credential yet");
    credential.counter += 1;
    const counter = overrides.counter ?? credential.counter;
    const authenticatorData = this.authenticatorData(options.rpId, 0, counter, overrides);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, overrides);
    // §6.3.3: the signature covers the authenticator data and the client data's hash (DER).
    const signature = sign(
      "sha256",
      Buffer.concat([authenticatorData, sha256(clientDataJSON)]),
      overrides.signWith ?? credential.privateKey,
    );
    return asJson(credential, {
      clientDataJSON: base64url(clientDataJSON),
      authenticatorData: base64url(authenticatorData),
      signature: base64url(signature),
      userHandle: credential.userHandle,
    });
  }

  private authenticatorData(
    rpId: string | undefined,
    flags: number,
    counter: number,
    overrides: CeremonyOverrides,
  ): Buffer {
    const verified = (overrides.userVerified ?? true) ? FLAG_USER_VERIFIED : 0;
    const signCount = Buffer.alloc(4);
    signCount.writeUInt32BE(counter);
    return Buffer.concat([
      sha256(overrides.rpId ?? rpId ?? new URL(this.origin).hostname),
      Buffer.from([FLAG_USER_PRESENT | verified | flags]),
      signCount,
    ]);
  }

  private clientData(type: string, challenge: string, overrides: CeremonyOverrides): Buffer {
    return Buffer.from(
      JSON.stringify({
        type: overrides.type ?? type,
        challenge,
        origin: overrides.origin ?? this.origin,
        crossOrigin: false,
      }),
    );
  }
}
