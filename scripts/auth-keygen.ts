/**
 * `npm run auth:keygen`: a new ES256 signing key and the lines to paste (docs/features.md,
 * "Rotating the ES256 signing key"). Prints to the terminal only; nothing is written anywhere.
 */
import { generateSigningKey } from "@/lib/env/generate-signing-key";

const { jwk, pem, kid } = generateSigningKey();

console.log(`A new ES256 (P-256) signing key. Its tokens will carry kid ${kid}.

First setup (no ES256 key yet): set both, then redeploy.

JWT_ALGORITHM=ES256
JWT_SIGNING_KEY='${jwk}'

Rotation, step 1 (publish it): set this next to your current JWT_SIGNING_KEY, then redeploy.

JWT_SIGNING_KEY_NEXT='${jwk}'

The same private key as PKCS#8 PEM, if your platform prefers it (any of the three variables
takes either form; a literal \\n in place of each line break works too):

${pem}
Keep it secret: whoever holds it can sign in as anyone.`);
