import { emailOwnership } from "../email-ownership";
import { emailPassword } from "../email-password";
import { passkeys } from "../passkeys";
import { secondFactor } from "../second-factor";
import { sessions } from "../sessions";
import { singleSignOn } from "../sso";

/**
 * Every auth feature, in the order their Better Auth plugins run (the token bridge after all of
 * them). A new feature is a folder with an index.ts (lib/auth/contract/endpoint.ts) named here.
 */
export const AUTH_FEATURES = [
  singleSignOn,
  secondFactor,
  passkeys,
  emailOwnership,
  emailPassword,
  sessions,
] as const;
