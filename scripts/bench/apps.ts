/**
 * Apps' tokens, measured: the task list read with an app's access token (a grant made through
 * the real OAuth flow) vs with the same user's own first-party token. Both are JWTs verified
 * once per token and per process; the app's adds its audience and scope checks, and its grant is
 * a session checked in the list's own statement, as a person's is (docs/oauth.md).
 *
 * Part of `npm run bench` (scripts/bench/index.ts); alone: `BENCH_ONLY=apps npm run bench`.
 */
import { createHash, randomBytes } from "node:crypto";
import { findFreePort } from "@/lib/db/embedded";
import { PRODUCTION_COOKIES } from "../../tests/support/cookies";
import { proveAddress, type RecordRow, registerAccount } from "./accounts";
import { compareThroughput, rps } from "./load";
import { startBenchApp } from "./server";

const REDIRECT_URI = "http://127.0.0.1:33418/callback";

export async function benchApps({
  databaseUrl,
  record,
}: {
  databaseUrl: string;
  record: RecordRow;
}): Promise<void> {
  const app = await startBenchApp(databaseUrl, await findFreePort(), { OAUTH_PROVIDER: "on" });
  try {
    const user = await registerAccount(app.origin, `apps-${Date.now()}@example.test`);
    await proveAddress(databaseUrl, user.id);
    for (let i = 0; i < 20; i++) await createTask(app.origin, user.accessToken, `Bench task ${i}`);
    const clientId = await registerClient(app.origin);
    const appToken = await grantedAccessToken(app.origin, user.accessToken, clientId);

    const tasksUrl = `${app.origin}/api/tasks`;
    const list = await compareThroughput(
      { name: "app token", url: tasksUrl, headers: { authorization: `Bearer ${appToken}` } },
      {
        name: "first-party token",
        url: tasksUrl,
        headers: { authorization: `Bearer ${user.accessToken}` },
      },
    );
    record(
      {
        measure: "GET /api/tasks with an app's token vs the same user's first-party token (req/s)",
        a: rps(list.aRps),
        b: rps(list.bRps),
        ratio: list.ratio,
        target: "≥ 0.95",
      },
      (r) => r >= 0.95,
    );
  } finally {
    await app.stop();
  }
}

/** An app registering itself, as an MCP client does (RFC 7591): a public client. */
async function registerClient(origin: string): Promise<string> {
  const response = await fetch(`${origin}/api/oauth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_name: "Bench agent", redirect_uris: [REDIRECT_URI] }),
  });
  if (response.status !== 201) throw new Error(`register client: ${response.status}`);
  return ((await response.json()) as { client_id: string }).client_id;
}

/**
 * The authorization code flow with PKCE, as the consent page and the app run it: the user's
 * browser posts Allow with the user's cookie from the app's own origin, and the app exchanges
 * the code for tokens for the task API.
 */
async function grantedAccessToken(origin: string, userToken: string, clientId: string) {
  const verifier = randomBytes(32).toString("base64url");
  const consent = await fetch(`${origin}/api/oauth/authorize`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: `${PRODUCTION_COOKIES.access}=${userToken}`,
      origin,
    },
    body: new URLSearchParams({
      decision: "allow",
      response_type: "code",
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
      state: randomBytes(16).toString("base64url"),
      scope: "tasks:read tasks:write",
    }),
  });
  const code = new URL(consent.headers.get("location") ?? "", origin).searchParams.get("code");
  if (consent.status !== 303 || !code) throw new Error(`consent: ${consent.status}`);
  const response = await fetch(`${origin}/api/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
      client_id: clientId,
    }),
  });
  if (response.status !== 200) throw new Error(`token: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function createTask(origin: string, accessToken: string, title: string) {
  const response = await fetch(`${origin}/api/tasks`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ title }),
  });
  if (response.status !== 201) throw new Error(`create task: ${response.status}`);
}
