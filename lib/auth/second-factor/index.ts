import type { AuthFeature } from "../contract/endpoint";
import { secondFactorPlugins } from "./plugin";
import { SECOND_FACTOR_ENDPOINTS } from "./surface";

/**
 * A second factor: an authenticator app with backup codes. Better Auth's `twoFactor` plugin as
 * we run it and our rules around it (./plugin.ts, ./rules.ts), its endpoints as the front door
 * serves them (./surface.ts).
 */
export const secondFactor = {
  plugins: secondFactorPlugins,
  endpoints: SECOND_FACTOR_ENDPOINTS,
} satisfies AuthFeature;
