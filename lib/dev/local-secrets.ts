import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
// Relative, not "@/": next.config.ts imports this module, and it resolves no path aliases.
import { generateSigningKey } from "../env/generate-signing-key";

/**
 * Development and test only: fills in the secrets a laptop has no reason to configure, so
 * `npm run dev` works with no `.env`. They are random per checkout and persisted under the
 * git-ignored `.data/` so sessions and tokens survive a restart. With JWT_ALGORITHM=ES256 that
 * includes an ES256 signing key (JWT_SIGNING_KEY). Production never calls this:
 * `lib/env.ts` refuses to start there without real secrets.
 */
const GENERATED = {
  BETTER_AUTH_SECRET: randomSecret,
  JWT_SECRET_KEY: randomSecret,
  JWT_SIGNING_KEY: () => generateSigningKey().jwk,
};
type GeneratedName = keyof typeof GENERATED;

function randomSecret(): string {
  return randomBytes(32).toString("base64url");
}

export const DATA_DIR = path.resolve(process.cwd(), ".data");

/**
 * `.data/` holds the generated secrets, the embedded database and the outbox of reset links:
 * created owner-only (0700), and an older one made so, whatever the umask.
 */
export function ensurePrivateDataDir(directory: string = DATA_DIR): void {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  chmodSync(directory, 0o700);
}

export function applyLocalSecrets(
  target: NodeJS.ProcessEnv = process.env,
  dataDir = DATA_DIR,
): void {
  if (target.NODE_ENV === "production") return;
  const wanted: GeneratedName[] = ["BETTER_AUTH_SECRET", "JWT_SECRET_KEY"];
  if (target.JWT_ALGORITHM === "ES256") wanted.push("JWT_SIGNING_KEY");
  const missing = wanted.filter((name) => !target[name]);
  if (missing.length === 0) return;

  const file = path.join(dataDir, "secrets.json");
  const stored = readStored(file);
  let changed = false;
  for (const name of missing) {
    if (!stored[name]) {
      stored[name] = GENERATED[name]();
      changed = true;
    }
    target[name] = stored[name];
  }
  if (changed) {
    ensurePrivateDataDir(dataDir);
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
}

function readStored(file: string): Record<string, string> {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return {};
  }
}
