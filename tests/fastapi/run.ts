/**
 * `npm run test:fastapi`: examples/fastapi against the real app. Builds (unless
 * FASTAPI_SKIP_BUILD=1), starts `next start` on a fresh database (TEST_DATABASE_URL's server, or
 * embedded PGlite) and the example under uvicorn (Debian's python3-fastapi, python3-uvicorn,
 * python3-jose, python3-httpx; PYTHON names the interpreter, /usr/bin/python3 by default), then
 * walks what a second backend lives through: sign-in, the Bearer header and the cookie, logout
 * (seen at once with introspection), a key rotation with nobody signed out, and HS256 with the
 * shared secret. Prints each check and `N passed, N failed`; exits non-zero on any failure.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import path from "node:path";
import { generateKeyPair, SignJWT } from "jose";
import { findFreePort } from "../../lib/db/embedded";
import { generateSigningKey } from "../../lib/env/generate-signing-key";
import { proveAddress } from "../../scripts/bench/accounts";
import { benchDatabase } from "../../scripts/bench/server";
import { PRODUCTION_COOKIES, setCookies } from "../support/cookies";
import { type NextServer, startNextServer } from "../support/next-server";

const PYTHON = process.env.PYTHON ?? "/usr/bin/python3";
const EXAMPLE_DIR = path.resolve("examples/fastapi");
const PASSWORD = "fastapi example password";

const results: { name: string; ok: boolean; detail: string }[] = [];
function check(name: string, ok: boolean, detail: string) {
  results.push({ name, ok, detail });
  console.log(`${ok ? "✓" : "✗"} ${name}: ${detail}`);
}
const expectStatus = (name: string, actual: number, expected: number) =>
  check(name, actual === expected, `${actual} (expected ${expected})`);

if (process.env.FASTAPI_SKIP_BUILD !== "1") {
  console.log("building (next build)…");
  execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: "ignore",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
}

const database = await benchDatabase(process.env.TEST_DATABASE_URL);
const appPort = await findFreePort();
const resourceServerSecret = randomBytes(32).toString("base64url");
const running: { app?: NextServer; services: ChildProcess[] } = { services: [] };

/** `next start` with these variables, on the same origin every time (a restart, as a deploy). */
async function restartApp(env: Record<string, string>): Promise<string> {
  await running.app?.stop();
  running.app = await startNextServer({
    port: appPort,
    databaseUrl: database.url,
    env: { RESOURCE_SERVER_SECRETS: `fastapi:${resourceServerSecret}`, ...env },
  });
  return running.app.origin;
}

/** The example under uvicorn, with its TASKFLOW_* variables; answers once /health does. */
async function startFastApi(env: Record<string, string>): Promise<string> {
  const port = await findFreePort();
  const service = spawn(
    PYTHON,
    ["-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", String(port)],
    {
      cwd: EXAMPLE_DIR,
      // Only what the service needs, so no TASKFLOW_* of the caller's shell leaks in.
      env: { PATH: process.env.PATH, NODE_ENV: "production", PYTHONDONTWRITEBYTECODE: "1", ...env },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  service.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  running.services.push(service);
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (service.exitCode !== null) throw new Error(`uvicorn exited:\n${stderr}`);
    if (
      await fetch(`${origin}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return origin;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`uvicorn did not answer within 30 s:\n${stderr}`);
}

async function stopService(service: ChildProcess) {
  if (service.exitCode !== null) return;
  const exited = once(service, "exit");
  service.kill("SIGTERM");
  await exited;
}

type Session = { accessToken: string; cookie: string };

async function register(origin: string, label: string): Promise<Session & { id: string }> {
  const response = await fetch(`${origin}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `${label}-${Date.now()}@fastapi.test`, password: PASSWORD }),
  });
  if (response.status !== 201) throw new Error(`register: ${response.status}`);
  const { user } = (await response.json()) as { user: { id: string } };
  return { id: user.id, ...sessionFrom(response) };
}

function sessionFrom(response: Response): Session {
  const cookies = setCookies(response);
  const access = cookies[PRODUCTION_COOKIES.access]?.value ?? "";
  const refresh = cookies[PRODUCTION_COOKIES.refresh]?.value ?? "";
  return {
    accessToken: access,
    cookie: `${PRODUCTION_COOKIES.access}=${access}; ${PRODUCTION_COOKIES.refresh}=${refresh}`,
  };
}

const me = (service: string, token: string) =>
  fetch(`${service}/me`, { headers: { authorization: `Bearer ${token}` } });

try {
  await es256();
  await hs256();
} finally {
  for (const service of running.services) await stopService(service);
  await running.app?.stop();
  await database.drop();
}

const failed = results.filter((result) => !result.ok).length;
console.log(`\n${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 && results.length > 0 ? 0 : 1);

async function es256() {
  const first = generateSigningKey();
  const second = generateSigningKey();
  const es256 = { JWT_ALGORITHM: "ES256" };
  const origin = await restartApp({ ...es256, JWT_SIGNING_KEY: first.jwk });
  // Verifiers that never fetch the JWKS again on their own within this test: whatever they
  // accept after the promotion, they knew from their one fetch.
  const cachesForAnHour = {
    TASKFLOW_URL: origin,
    TASKFLOW_JWT_ALGORITHM: "ES256",
    TASKFLOW_JWKS_MAX_AGE_SECONDS: "3600",
    TASKFLOW_JWKS_MIN_REFRESH_SECONDS: "3600",
  };
  const jwksOnly = await startFastApi(cachesForAnHour);
  // This one fetches the JWKS again as soon as a token names a kid it does not know.
  const introspecting = await startFastApi({
    ...cachesForAnHour,
    TASKFLOW_JWKS_MIN_REFRESH_SECONDS: "0",
    TASKFLOW_INTROSPECTION_CREDENTIAL: `fastapi:${resourceServerSecret}`,
  });

  const alice = await register(origin, "alice");
  const viaBearer = await me(jwksOnly, alice.accessToken);
  const body = viaBearer.ok ? ((await viaBearer.json()) as { id: string; role: string }) : null;
  check(
    "ES256: FastAPI accepts our token from the Bearer header, verified through the JWKS",
    viaBearer.status === 200 && body?.id === alice.id && body.role === "user",
    `${viaBearer.status} ${JSON.stringify(body)}`,
  );
  const viaCookie = await fetch(`${jwksOnly}/me`, { headers: { cookie: alice.cookie } });
  expectStatus("ES256: FastAPI accepts the access-token cookie", viaCookie.status, 200);
  expectStatus("ES256: no token is a 401", (await fetch(`${jwksOnly}/me`)).status, 401);
  const { privateKey } = await generateKeyPair("ES256");
  const [, payload = ""] = alice.accessToken.split(".");
  const forged = await new SignJWT(JSON.parse(Buffer.from(payload, "base64url").toString()))
    .setProtectedHeader({ alg: "ES256", typ: "JWT", kid: first.kid })
    .sign(privateKey);
  expectStatus(
    "ES256: a token signed with another key under our kid is a 401",
    (await me(jwksOnly, forged)).status,
    401,
  );
  expectStatus(
    "ES256 + introspection: accepted while the session lives",
    (await me(introspecting, alice.accessToken)).status,
    200,
  );

  // Sharing a workspace needs a proven address (docs/workspaces.md).
  await proveAddress(database.url, alice.id);
  const created = await fetch(`${origin}/api/workspaces`, {
    method: "POST",
    headers: { authorization: `Bearer ${alice.accessToken}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Reports" }),
  });
  expectStatus("workspace role: the owner creates a workspace", created.status, 201);
  const { id: workspaceId } = (await created.json()) as { id: string };
  const report = (service: string, id: string) =>
    fetch(`${service}/workspaces/${id}/report`, {
      headers: { authorization: `Bearer ${alice.accessToken}` },
    });
  expectStatus(
    "workspace role from introspection: the owner reads the owners' and admins' report",
    (await report(introspecting, workspaceId)).status,
    200,
  );
  expectStatus(
    "workspace role: a workspace the caller is not in is a 404",
    (await report(introspecting, "00000000-0000-4000-8000-000000000000")).status,
    404,
  );
  expectStatus(
    "workspace role, JWKS alone: the token carries no memberships, so a 404",
    (await report(jwksOnly, workspaceId)).status,
    404,
  );

  const logout = await fetch(`${origin}/api/auth/logout`, {
    method: "POST",
    headers: { cookie: alice.cookie },
  });
  expectStatus("logout", logout.status, 200);
  expectStatus(
    "ES256 + introspection: refused at once after logout",
    (await me(introspecting, alice.accessToken)).status,
    401,
  );
  expectStatus(
    "ES256, JWKS alone: still accepted after logout until the token expires (docs/features.md)",
    (await me(jwksOnly, alice.accessToken)).status,
    200,
  );

  // Rotation (docs/features.md, "Rotating the ES256 signing key"). A verifier that fetched the JWKS
  // before the next key was published, for the control at the end.
  const bob = await register(origin, "bob");
  const cachedBeforePublishing = await startFastApi(cachesForAnHour);
  expectStatus("rotation: before", (await me(cachedBeforePublishing, bob.accessToken)).status, 200);

  // 1. Publish the next key; a verifier fetches the JWKS after that (its first request).
  await restartApp({ ...es256, JWT_SIGNING_KEY: first.jwk, JWT_SIGNING_KEY_NEXT: second.jwk });
  const cachedAfterPublishing = await startFastApi(cachesForAnHour);
  expectStatus(
    "rotation, next key published: tokens of the current key still accepted",
    (await me(cachedAfterPublishing, bob.accessToken)).status,
    200,
  );

  // 2. Promote it.
  await restartApp({ ...es256, JWT_SIGNING_KEY: second.jwk, JWT_SIGNING_KEY_PREVIOUS: first.jwk });
  const carol = await register(origin, "carol");
  const carolKid = JSON.parse(
    Buffer.from(carol.accessToken.split(".")[0] ?? "", "base64url").toString(),
  ).kid;
  check(
    "rotation, promoted: new tokens carry the new kid",
    carolKid === second.kid,
    String(carolKid),
  );
  expectStatus(
    "rotation, promoted: a verifier that cached the JWKS before the promotion accepts the new key's token",
    (await me(cachedAfterPublishing, carol.accessToken)).status,
    200,
  );
  expectStatus(
    "rotation, promoted: a token issued before the promotion still works at FastAPI",
    (await me(cachedAfterPublishing, bob.accessToken)).status,
    200,
  );
  expectStatus(
    "rotation, promoted: and at the app (nobody signed out)",
    (await fetch(`${origin}/api/auth/me`, { headers: { cookie: bob.cookie } })).status,
    200,
  );
  expectStatus(
    "rotation, promoted: a verifier that fetches the JWKS for an unknown kid, with introspection, accepts it",
    (await me(introspecting, carol.accessToken)).status,
    200,
  );
  expectStatus(
    "rotation control: a verifier that cached the JWKS before the key was published refuses it",
    (await me(cachedBeforePublishing, carol.accessToken)).status,
    401,
  );

  // 3. Drop the previous key: Bob's browser refreshes, as it would before his token expired.
  await restartApp({ ...es256, JWT_SIGNING_KEY: second.jwk });
  const refreshed = await fetch(`${origin}/api/auth/refresh`, {
    method: "POST",
    headers: { cookie: bob.cookie },
  });
  expectStatus("rotation, old key dropped: Bob's refresh token still works", refreshed.status, 200);
  expectStatus(
    "rotation, old key dropped: his refreshed token is accepted by FastAPI",
    (await me(cachedAfterPublishing, sessionFrom(refreshed).accessToken)).status,
    200,
  );
}

async function hs256() {
  const secret = randomBytes(32).toString("base64url");
  const origin = await restartApp({ JWT_ALGORITHM: "HS256", JWT_SECRET_KEY: secret });
  const service = await startFastApi({
    TASKFLOW_URL: origin,
    TASKFLOW_JWT_ALGORITHM: "HS256",
    TASKFLOW_JWT_SECRET_KEY: secret,
  });
  const dave = await register(origin, "dave");
  expectStatus(
    "HS256: FastAPI accepts our token with the shared secret",
    (await me(service, dave.accessToken)).status,
    200,
  );
  const [header, payload] = dave.accessToken.split(".");
  const otherSecret = await new SignJWT(
    JSON.parse(Buffer.from(payload ?? "", "base64url").toString()),
  )
    .setProtectedHeader(JSON.parse(Buffer.from(header ?? "", "base64url").toString()))
    .sign(new TextEncoder().encode("another secret of at least 32 characters"));
  expectStatus(
    "HS256: a token signed with another secret is a 401",
    (await me(service, otherSecret)).status,
    401,
  );
}
