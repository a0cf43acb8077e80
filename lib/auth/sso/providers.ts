import type { BetterAuthOptions } from "better-auth";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import type { Env } from "@/lib/env";

/**
 * The sign-in providers the deployment configured (lib/env/provider-env.ts), as Better Auth
 * options: GitHub and Google through its social providers, the OpenID Connect provider through
 * its generic OAuth plugin (discovery, PKCE, `state`, and an id_token checked against the
 * provider's JWKS and this flow's nonce). All of them end at `/callback/<id>` on BETTER_AUTH_URL:
 * Better Auth builds every redirect_uri from its baseURL, never from the request.
 */
export const PROVIDER_IDS = ["github", "google", "oidc"] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export type SignInProvider = { id: ProviderId; label: string };

/** The providers whose settings are complete, in the order their buttons appear. */
export function configuredProviders(env: Env): SignInProvider[] {
  return [
    env.GITHUB_CLIENT_ID && { id: "github" as const, label: "GitHub" },
    env.GOOGLE_CLIENT_ID && { id: "google" as const, label: "Google" },
    env.OIDC_ISSUER && { id: "oidc" as const, label: env.OIDC_NAME },
  ].filter((provider): provider is SignInProvider => Boolean(provider));
}

/**
 * The URL to enter as the OAuth app's callback (docs/features.md, "Sign-in with GitHub, Google or
 * SSO").
 */
export function callbackUrl(env: Env, provider: ProviderId): string {
  return `${env.BETTER_AUTH_URL.replace(/\/+$/, "")}/api/auth/callback/${provider}`;
}

// EMAIL_VERIFICATION=required: an account whose address the provider did not vouch for gets
// no session either (it is sent a verification link, as at a password sign-up).
const verificationRule = (env: Env) => ({
  requireEmailVerification: env.EMAIL_VERIFICATION === "required",
});

export function socialProviders(env: Env): BetterAuthOptions["socialProviders"] {
  return {
    ...(env.GITHUB_CLIENT_ID &&
      env.GITHUB_CLIENT_SECRET && {
        github: {
          clientId: env.GITHUB_CLIENT_ID,
          clientSecret: env.GITHUB_CLIENT_SECRET,
          ...verificationRule(env),
        },
      }),
    ...(env.GOOGLE_CLIENT_ID &&
      env.GOOGLE_CLIENT_SECRET && {
        google: {
          clientId: env.GOOGLE_CLIENT_ID,
          clientSecret: env.GOOGLE_CLIENT_SECRET,
          ...verificationRule(env),
        },
      }),
  };
}

/**
 * Always in the plugin list, with no provider when OIDC_ISSUER is unset, so the router (and the
 * front door's decisions about it) is the same in every deployment.
 */
export function openIdConnectPlugin(env: Env) {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = env;
  return genericOAuth({
    config:
      issuer && clientId && clientSecret
        ? [
            {
              providerId: "oidc",
              name: env.OIDC_NAME,
              discoveryUrl: `${issuer}/.well-known/openid-configuration`,
              clientId,
              clientSecret,
              scopes: ["openid", "email", "profile"],
              pkce: true,
              // Without the provider's JWKS in discovery the id_token could not be checked.
              requireIdTokenVerification: true,
              ...verificationRule(env),
            },
          ]
        : [],
  });
}
