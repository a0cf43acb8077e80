import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real OpenID Connect provider on loopback for the SSO tests and the e2e journey: the certified
 * `oidc-provider` package, with one confidential client (PKCE required, as Better Auth sends) and
 * users the tests add, each with the `email_verified` they need. Its own sign-in page (the
 * package's development interactions) takes any user's login; consent is granted at once.
 */
export type IdentityProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** A user of the provider; returns the login to type at its sign-in page. */
  addUser(claims: { email: string; emailVerified: boolean; name?: string }): string;
  /** What a browser does at the provider: from its authorization URL to our callback URL. */
  signIn(authorizationUrl: string, login: string): Promise<string>;
  close(): Promise<void>;
};

type Claims = { email: string; email_verified: boolean; name: string };

export async function startIdentityProvider(options: {
  redirectUris: string[];
  /**
   * Any login that is an email address is a user with that address, verified: for the browser
   * journeys, which type a fresh address at the provider's page instead of calling `addUser`.
   */
  emailLogins?: boolean;
}): Promise<IdentityProvider> {
  // The issuer names the port, so the server listens before the provider exists.
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = "taskflow-test";
  const clientSecret = `secret-${randomUUID()}`;
  const users = new Map<string, Claims>();

  const Provider = await loadQuietly(async () => (await import("oidc-provider")).default);
  const provider = await loadQuietly(
    async () =>
      new Provider(issuer, {
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: options.redirectUris,
            grant_types: ["authorization_code"],
            response_types: ["code"],
          },
        ],
        claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
        cookies: { keys: [randomUUID()] },
        pkce: { required: () => true },
        features: { devInteractions: { enabled: true } },
        // Named, so the provider does not print a notice the first time it uses each default.
        ttl: { AccessToken: 3600, Grant: 3600, IdToken: 3600, Interaction: 3600, Session: 3600 },
        async findAccount(_ctx, sub) {
          const claims =
            users.get(sub) ??
            (options.emailLogins && /^[^@\s]+@[^@\s]+$/.test(sub)
              ? { email: sub, email_verified: true, name: sub.split("@")[0] ?? sub }
              : undefined);
          return claims && { accountId: sub, claims: async () => ({ sub, ...claims }) };
        },
        // The user consents at once: the tests are about what our app does with the answer.
        async loadExistingGrant(ctx) {
          const { oidc } = ctx;
          if (!oidc.client || !oidc.session?.accountId) return undefined;
          const grant = new oidc.provider.Grant({
            clientId: oidc.client.clientId,
            accountId: oidc.session.accountId,
          });
          grant.addOIDCScope("openid email profile");
          await grant.save();
          return grant;
        },
      }),
  );
  server.on("request", provider.callback());

  return {
    issuer,
    clientId,
    clientSecret,
    addUser({ email, emailVerified, name = "Provider User" }) {
      const login = `user-${randomUUID().slice(0, 8)}`;
      users.set(login, { email, email_verified: emailVerified, name });
      return login;
    },
    signIn: (authorizationUrl, login) => signInAt(issuer, authorizationUrl, login),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Follows the provider's redirects with a cookie jar, submits its login form, stops at ours. */
async function signInAt(issuer: string, authorizationUrl: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 10; hop++) {
    if (!url.startsWith(issuer)) return url;
    const response = await fetch(url, {
      method: body ? "POST" : "GET",
      redirect: "manual",
      headers: { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; ") },
      body,
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const separator = pair.indexOf("=");
      jar.set(pair.slice(0, separator), pair.slice(separator + 1));
    }
    const location = response.headers.get("location");
    if (location) {
      url = new URL(location, url).toString();
      body = undefined;
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    if (!action || !page.includes('name="login"')) {
      throw new Error(`the provider answered ${response.status} without its login form`);
    }
    url = new URL(action, url).toString();
    body = new URLSearchParams({ prompt: "login", login, password: "any" });
  }
  throw new Error("the provider redirected too often");
}

/**
 * Runs `load` with oidc-provider's console notices dropped: on Node.js 20 it warns at import
 * that the runtime is unsupported (the suite proves it works there), and at construction that
 * its in-memory adapter, generated keys and development sign-in page are for development only,
 * which is what a test provider wants. Any other console line passes.
 */
async function loadQuietly<T>(load: () => Promise<T>): Promise<T> {
  const { warn, info } = console;
  const unlessProvider =
    (write: (...args: unknown[]) => void) =>
    (...args: unknown[]) => {
      if (!String(args[0]).includes("oidc-provider ")) write(...args);
    };
  console.warn = unlessProvider(warn);
  console.info = unlessProvider(info);
  try {
    return await load();
  } finally {
    console.warn = warn;
    console.info = info;
  }
}
