import { z } from "zod";

/**
 * The variables that turn on sign-in with GitHub, Google and one OpenID Connect provider,
 * validated by lib/env.ts. Each provider is off until all of its settings are set;
 * some but not all of them is a mistake the app refuses to start with, naming what is missing.
 */

// A provider's own server on this machine (the tests' and the e2e run's `oidc-provider`) may
// speak plain http; anything reached over a network must be https, or its tokens could be read
// or replaced on the way.
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

const issuerUrl = z.string().transform((value, context) => {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  const problem = !url
    ? "OIDC_ISSUER must be a URL like https://login.example.com"
    : !(url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)))
      ? "OIDC_ISSUER must be an https:// URL (http:// only on localhost, 127.0.0.1 or [::1])"
      : url.search !== "" || url.hash !== ""
        ? "OIDC_ISSUER is the issuer itself, without a query or fragment"
        : undefined;
  if (problem) {
    context.addIssue({ code: "custom", message: problem });
    return z.NEVER;
  }
  // Discovery is at `<issuer>/.well-known/openid-configuration`; the issuer it answers with is
  // compared to the callback's `iss`, so the URL is kept as written, less a trailing slash.
  return value.replace(/\/+$/, "");
});

const setting = z.string().min(1);

export const providerVariables = {
  GITHUB_CLIENT_ID: setting.optional(),
  GITHUB_CLIENT_SECRET: setting.optional(),
  GOOGLE_CLIENT_ID: setting.optional(),
  GOOGLE_CLIENT_SECRET: setting.optional(),
  OIDC_ISSUER: issuerUrl.optional(),
  OIDC_CLIENT_ID: setting.optional(),
  OIDC_CLIENT_SECRET: setting.optional(),
  // The button says "Continue with <OIDC_NAME>" (the company's name for its sign-in).
  OIDC_NAME: z
    .string()
    .max(40, "OIDC_NAME must be at most 40 characters (it is a button label)")
    .default("single sign-on"),
};

type ProviderVariables = { [Name in keyof typeof providerVariables]?: unknown };

/** Which variables make each provider whole. */
export const PROVIDER_SETTINGS = {
  GitHub: ["GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET"],
  Google: ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"],
  "OpenID Connect": ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"],
} as const satisfies Record<string, (keyof ProviderVariables)[]>;

/** Refuses a provider with some of its settings: each missing one is named. */
export function requireWholeProviders(env: ProviderVariables, context: z.RefinementCtx) {
  for (const [provider, names] of Object.entries(PROVIDER_SETTINGS)) {
    const present = names.filter((name) => env[name] !== undefined);
    if (present.length === 0 || present.length === names.length) continue;
    for (const missing of names.filter((name) => env[name] === undefined)) {
      context.addIssue({
        code: "custom",
        path: [missing],
        message: `${missing} is missing: ${present.join(" and ")} ${present.length > 1 ? "are" : "is"} set, and ${provider} sign-in needs ${names.join(", ")} (or none of them)`,
      });
    }
  }
}
