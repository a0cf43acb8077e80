import { serializeSignedCookie } from "better-call";
import pg from "pg";
import { PRODUCTION_COOKIES, setCookies } from "../../tests/support/cookies";

/** Every bench account's password (local test data, not a secret). */
export const BENCH_PASSWORD = "bench password 1";

/** What a bench section hands `npm run bench`'s table: one row, and whether it met its target. */
export type RecordRow = (
  row: { measure: string; a: string; b: string; ratio: number; target: string },
  met: (ratio: number) => boolean,
) => void;

/** A new account on `origin`, signed in: its id and the tokens of its first session. */
export async function registerAccount(origin: string, email: string) {
  const response = await fetch(`${origin}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (response.status !== 201) throw new Error(`register: ${response.status}`);
  const { user } = (await response.json()) as { user: { id: string } };
  const cookies = setCookies(response);
  return {
    email,
    id: user.id,
    accessToken: cookies[PRODUCTION_COOKIES.access]?.value ?? "",
    refreshToken: cookies[PRODUCTION_COOKIES.refresh]?.value ?? "",
  };
}

/** Better Auth's own signed session cookie for the session behind an access token. */
export async function betterAuthCookie(databaseUrl: string, secret: string, accessToken: string) {
  const { sid } = JSON.parse(Buffer.from(accessToken.split(".")[1] ?? "", "base64url").toString());
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows: found } = await client.query("select token from session where id = $1", [sid]);
  await client.end();
  return (
    (await serializeSignedCookie("better-auth.session_token", found[0].token, secret)).split(
      ";",
    )[0] ?? ""
  );
}

/**
 * The address proven, as following the verification link would (sharing a workspace and granting
 * an app need it: docs/workspaces.md, docs/oauth.md); the link's own path is the integration
 * tests' business, not the bench's.
 */
export async function proveAddress(databaseUrl: string, userId: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`update "user" set email_verified = true where id = $1`, [userId]);
  } finally {
    await client.end();
  }
}
