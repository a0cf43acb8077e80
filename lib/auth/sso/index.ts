import type { AuthFeature } from "../contract/endpoint";
import { openIdConnectPlugin } from "./providers";
import { PROVIDER_ENDPOINTS } from "./surface";

/**
 * Sign-in with GitHub, Google or an OpenID Connect provider: Better Auth's social providers
 * (configured in lib/auth/better-auth/auth.ts from ./providers.ts), its generic OAuth plugin for
 * OpenID Connect, and their endpoints as the front door serves them (./surface.ts).
 */
export const singleSignOn = {
  plugins: (env) => [openIdConnectPlugin(env)],
  endpoints: PROVIDER_ENDPOINTS,
} satisfies AuthFeature;
