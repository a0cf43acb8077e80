import { assertSigningKeys } from "../auth/tokens/signing-keys";
import { EnvError, getEnv } from "../env";

/**
 * The check a production server must pass before it serves anything: the whole environment
 * (lib/env.ts) and the ES256 keys. `npm start` runs it before `next start`
 * (scripts/check-start-env.ts), so a bad deployment stops before Next prints "Ready";
 * next.config.ts runs it again for a `next start` launched some other way.
 *
 * Relative imports only: next.config.ts imports this module, and it resolves no path aliases.
 */
export async function exitOnInvalidEnv(): Promise<void> {
  try {
    getEnv();
    await assertSigningKeys();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`\nRefusing to start. ${error.message}\nSee .env.example for every variable.\n`);
    process.exit(1);
  }
}
