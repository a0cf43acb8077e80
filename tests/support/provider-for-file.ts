import { afterAll, beforeAll } from "vitest";
import { TEST_ORIGIN } from "./http";
import { type IdentityProvider, startIdentityProvider } from "./identity-provider";

/**
 * A provider for this test file, set up as our OpenID Connect sign-in (OIDC_*) before any request:
 * lib/env.ts is read when Better Auth is first created. The object is filled in by `beforeAll`.
 */
export function providerForThisFile(env: Record<string, string> = {}): IdentityProvider {
  const provider = {} as IdentityProvider;
  beforeAll(async () => {
    Object.assign(
      provider,
      await startIdentityProvider({ redirectUris: [`${TEST_ORIGIN}/api/auth/callback/oidc`] }),
    );
    Object.assign(process.env, {
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      ...env,
    });
  });
  afterAll(() => provider.close());
  return provider;
}
