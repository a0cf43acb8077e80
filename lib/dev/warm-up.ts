import { randomUUID } from "node:crypto";
import { cookieNames } from "@/lib/auth/tokens/cookies";
import { signAccessToken } from "@/lib/auth/tokens/tokens";

/**
 * `next dev` compiles a route on its first request: on two cores the first sign-up waited half
 * a minute for the page, the auth routes and the dashboard. Once the server is up,
 * `npm run dev` asks for what a first visit uses before the visitor does. The API routes are
 * asked with GET, which loads a route's module whatever it answers (405 for a POST-only route,
 * 401 without a token) and does none of its work. The private pages sit behind the page gate:
 * they are asked with an access token for no user, which the gate accepts (it checks the
 * signature only) and the page's own guard refuses: compiled, nothing shown, nothing stored.
 */
const PUBLIC_PAGES = ["/", "/login", "/register"];
const PRIVATE_PAGES = ["/dashboard"];
const API_ROUTES = [
  "/api/auth/register",
  "/api/auth/login",
  "/api/auth/refresh",
  "/api/auth/logout",
  "/api/auth/me",
  "/api/auth/session-ended",
  "/api/auth/get-session",
  "/api/tasks",
  `/api/tasks/${randomUUID()}`,
  "/api/stats",
];

export async function warmUp(origin: string): Promise<void> {
  const token = await signAccessToken({
    sub: "dev-warm-up",
    sid: randomUUID(),
    email: "warm-up@localhost",
    role: "user",
  });
  const signedIn = { cookie: `${cookieNames(false).access}=${token}` };
  const ask = (path: string, headers: Record<string, string> = {}) =>
    fetch(new URL(path, origin), { headers, redirect: "manual" }).then(
      (response) => response.arrayBuffer(),
      () => undefined,
    );
  await Promise.all([
    ...PUBLIC_PAGES.map((path) => ask(path)),
    ...PRIVATE_PAGES.map((path) => ask(path, signedIn)),
    ...API_ROUTES.map((path) => ask(path)),
  ]);
}
